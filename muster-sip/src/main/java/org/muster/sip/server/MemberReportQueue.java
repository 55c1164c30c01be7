package org.muster.sip.server;

import org.muster.core.time.Backoff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.MemberReport;
import org.muster.protocol.EncodedBody;

/**
 * The partner side's member reports ({@link MemberReport}) waiting to go to each primary server:
 * one stream per regroup served here for a primary, its reports numbered 1, 2, 3, ... and sent
 * strictly one at a time, so the primary can tell a retransmission (same number) from the next
 * report. No I/O and not thread-safe: {@link MemberReportLink} uses it from the sender thread only.
 *
 * <p>Steps gathered in one batch become as few reports as the bounds allow: at most {@link
 * MemberReport#MAX_STEPS} steps each, and a body within {@code maxBytes} (a report over it is
 * split in halves; a single step over it is dropped). What a primary that stays unreachable can
 * make us hold is bounded too: {@link #MAX_WAITING} reports per stream (the oldest unsent go
 * first) and {@link #MAX_STREAMS} streams (idle ones are forgotten first; a stream that comes
 * back gets a new token, which the primary takes as a new stream).
 */
final class MemberReportQueue {
  /** Retransmissions of one report that got no 2xx, after 2, 4 and 8 s ({@link #retryDelaySeconds}). */
  static final int MAX_RETRIES = Backoff.MEMBER_REPORT.retries();
  /** Reports waiting per stream, at most. */
  static final int MAX_WAITING = 50;
  /** Streams kept, at most. */
  static final int MAX_STREAMS = 4096;
  /** Answers that will not change on a retransmission: the primary does not take this report. */
  private static final Set<Integer> FINAL_REFUSALS = Set.of(400, 403, 405, 413, 415, 501);

  /** One regroup served here for a primary: its partner id there, and this regroup's instance here. */
  record Key(String primaryId, McService service, McServiceGroupId regroupGroup, long instance) {}

  /** A numbered report and its body, ready to send. */
  record Ready(Key key, MemberReport report, EncodedBody body) {}

  /** What to do after an answer to the report in flight. */
  enum Verdict {
    /** 2xx: taken; the next report of the stream may go. */
    DONE,
    /** Send the same report again after {@link #retryDelaySeconds}. */
    RETRY,
    /** Refused for good, or out of retries: dropped; the next report may go. */
    DROPPED
  }

  private final String reportingSystem;
  private final Function<MemberReport, EncodedBody> encoder;
  private final int maxBytes;
  private final Supplier<String> tokens;
  /** In access order: the eldest entry is the stream used longest ago. */
  private final LinkedHashMap<Key, Stream> streams = new LinkedHashMap<>(16, 0.75f, true);
  private long overflow;

  private static final class Stream {
    final String token;
    long nextSequence = 1;
    final ArrayDeque<Ready> waiting = new ArrayDeque<>();
    boolean inFlight;
    int attempt;

    Stream(String token) {
      this.token = token;
    }
  }

  /**
   * @param reportingSystem our SIP domain, named in every report
   * @param encoder the body of a report ({@code MemberReportBody::encode})
   * @param maxBytes largest body to send
   * @param tokens a new stream token each call (random: new after a restart)
   */
  MemberReportQueue(String reportingSystem, Function<MemberReport, EncodedBody> encoder, int maxBytes, Supplier<String> tokens) {
    this.reportingSystem = reportingSystem;
    this.encoder = encoder;
    this.maxBytes = maxBytes;
    this.tokens = tokens;
  }

  /**
   * The steps of one regroup gathered since the last batch, oldest first: numbered into reports
   * behind the ones already waiting. Returns how many steps were dropped (a single step whose
   * report is over the size bound, or the oldest waiting reports beyond {@link #MAX_WAITING}).
   */
  int add(Key key, List<MemberReport.Entry> entries) {
    if (entries.isEmpty()) return 0;
    Stream s = streams.computeIfAbsent(key, k -> new Stream(tokens.get()));
    int dropped = 0;
    for (int from = 0; from < entries.size(); from += MemberReport.MAX_STEPS) {
      dropped += numbered(key, s, entries.subList(from, Math.min(entries.size(), from + MemberReport.MAX_STEPS)));
    }
    while (s.waiting.size() > MAX_WAITING) {
      // keep the one in flight (the head); the oldest not yet sent goes
      Iterator<Ready> it = s.waiting.iterator();
      if (s.inFlight) it.next();
      dropped += it.next().report().steps().size();
      it.remove();
    }
    forgetIdleStreams();
    overflow += dropped;
    return dropped;
  }

  private int numbered(Key key, Stream s, List<MemberReport.Entry> chunk) {
    MemberReport report = new MemberReport(key.regroupGroup(), key.service(), reportingSystem, s.token, s.nextSequence, chunk);
    EncodedBody body = encoder.apply(report);
    if (body.body().length <= maxBytes) {
      s.nextSequence++;
      s.waiting.addLast(new Ready(key, report, body));
      return 0;
    }
    if (chunk.size() == 1) return 1;
    int half = chunk.size() / 2;
    return numbered(key, s, chunk.subList(0, half)) + numbered(key, s, chunk.subList(half, chunk.size()));
  }

  private void forgetIdleStreams() {
    Iterator<Map.Entry<Key, Stream>> it = streams.entrySet().iterator();
    while (streams.size() > MAX_STREAMS && it.hasNext()) {
      Stream s = it.next().getValue();
      if (!s.inFlight && s.waiting.isEmpty()) it.remove();
    }
  }

  /** The next report of every stream that has one waiting and none in flight; each is now in flight. */
  List<Ready> due() {
    List<Ready> out = new ArrayList<>();
    for (Stream s : streams.values()) {
      if (s.inFlight || s.waiting.isEmpty()) continue;
      s.inFlight = true;
      s.attempt = 0;
      out.add(s.waiting.peekFirst());
    }
    return out;
  }

  /** The report in flight for {@code key}, to send again. */
  Optional<Ready> inFlight(Key key) {
    Stream s = streams.get(key);
    return s == null || !s.inFlight ? Optional.empty() : Optional.ofNullable(s.waiting.peekFirst());
  }

  /** The primary answered {@code status} to the report in flight for {@code key} (408: no answer). */
  Verdict answered(Key key, int status) {
    Stream s = streams.get(key);
    if (s == null || !s.inFlight) return Verdict.DROPPED;
    if (status >= 200 && status < 300) {
      finish(s);
      return Verdict.DONE;
    }
    if (FINAL_REFUSALS.contains(status) || s.attempt >= MAX_RETRIES) {
      finish(s);
      return Verdict.DROPPED;
    }
    s.attempt++;
    return Verdict.RETRY;
  }

  /** Seconds to wait before the current retransmission of {@code key}'s report: 2, 4, 8. */
  long retryDelaySeconds(Key key) {
    Stream s = streams.get(key);
    return Backoff.MEMBER_REPORT.after(Math.max(1, s == null ? 1 : s.attempt)).toSeconds();
  }

  private static void finish(Stream s) {
    s.waiting.pollFirst();
    s.inFlight = false;
    s.attempt = 0;
  }

  /** Reports waiting (in flight included), over all streams. */
  int waiting() {
    int n = 0;
    for (Stream s : streams.values()) n += s.waiting.size();
    return n;
  }

  /** Steps dropped so far by the bounds (not by refusals). */
  long overflow() {
    return overflow;
  }
}
