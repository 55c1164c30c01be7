package org.muster.sip.auth;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits per source address for what is not authenticated (WIRE.md: a flood of bad credentials
 * from one address must not slow service for the others):
 * <ul>
 *   <li>each source has a token bucket of {@value #BURST} requests, refilled at {@value #PER_SECOND}
 *       per second; a request that is challenged or refused without authentication takes one
 *       token, and without a token it is dropped unanswered (no answer: no reflection, no work);
 *   <li>a source whose answers fail {@value #FREE_FAILURES} times in a row is blocked for 1 s,
 *       doubling with every further failure up to {@value #MAX_BLOCK_SECONDS} s: while blocked, its
 *       requests that need authentication are dropped, so guessing passwords stays slow; a valid
 *       answer clears the count;
 *   <li>each source's drops are logged once per {@value #LOG_INTERVAL_SECONDS} s with their count.
 * </ul>
 * Authenticated requests and requests over an authenticated flow never take tokens. At most
 * {@value #MAX_SOURCES} sources are tracked; idle ones are forgotten first.
 */
public final class SourceLimits {
  static final int BURST = 40;
  static final int PER_SECOND = 20;
  static final int FREE_FAILURES = 5;
  static final int MAX_BLOCK_SECONDS = 60;
  static final int LOG_INTERVAL_SECONDS = 10;
  static final int MAX_SOURCES = 100_000;
  private static final Logger log = LoggerFactory.getLogger(SourceLimits.class);

  private final Clock clock;
  private final Map<String, Source> sources = new ConcurrentHashMap<>();

  public SourceLimits(Clock clock) {
    this.clock = clock;
  }

  /** One source address; guarded by its own lock. */
  private static final class Source {
    double tokens = BURST;
    long refilledAt;
    int failures;
    long blockedUntil;
    long dropped;
    String dropWhy = "";
    long failedSinceLog;
    String lastUser = "";
    long loggedAt;
    long seenAt;

    Source(long now) {
      refilledAt = now;
      loggedAt = now - LOG_INTERVAL_SECONDS * 1000L;
    }
  }

  /** True when {@code source} may be answered a challenge or refusal now; takes a token. */
  public boolean admitUnauthenticated(String source, String what) {
    long now = clock.millis();
    Source s = source(source, now);
    synchronized (s) {
      s.seenAt = now;
      s.tokens = Math.min(BURST, s.tokens + (now - s.refilledAt) * PER_SECOND / 1000.0);
      s.refilledAt = now;
      if (now >= s.blockedUntil && s.tokens >= 1) {
        s.tokens -= 1;
        return true;
      }
      drop(s, source, now, now < s.blockedUntil ? "blocked after " + s.failures + " failed authentications" : "too many " + what);
      return false;
    }
  }

  /** True when {@code source} is not blocked: its answers may be checked. */
  public boolean mayTry(String source) {
    long now = clock.millis();
    Source s = sources.get(source);
    if (s == null) return true;
    synchronized (s) {
      if (now >= s.blockedUntil) return true;
      drop(s, source, now, "blocked after " + s.failures + " failed authentications");
      return false;
    }
  }

  /**
   * A failed answer from {@code source} for {@code user}: past {@value #FREE_FAILURES} in a row it
   * is blocked, longer each time.
   */
  public void failed(String source, String user) {
    long now = clock.millis();
    Source s = source(source, now);
    synchronized (s) {
      s.seenAt = now;
      s.failedSinceLog++;
      s.lastUser = user;
      s.failures++;
      if (s.failures >= FREE_FAILURES) {
        long seconds = Math.min(MAX_BLOCK_SECONDS, 1L << Math.min(6, s.failures - FREE_FAILURES));
        s.blockedUntil = now + seconds * 1000;
      }
      report(s, source, now);
    }
  }

  /** A valid answer from {@code source}: its failures are forgiven. */
  public void succeeded(String source) {
    Source s = sources.get(source);
    if (s == null) return;
    synchronized (s) {
      s.failures = 0;
      s.blockedUntil = 0;
    }
  }

  /** Sources tracked now. */
  public int tracked() {
    return sources.size();
  }

  private Source source(String source, long now) {
    Source s = sources.get(source);
    if (s != null) return s;
    if (sources.size() >= MAX_SOURCES) forgetIdle(now);
    return sources.computeIfAbsent(source, k -> new Source(now));
  }

  /** Forgets sources with a full bucket, no block and nothing seen for a minute (at least a tenth of them). */
  private void forgetIdle(long now) {
    sources.entrySet().removeIf(e -> {
      Source s = e.getValue();
      synchronized (s) {
        return now - s.seenAt > 60_000 && now >= s.blockedUntil;
      }
    });
    if (sources.size() >= MAX_SOURCES) {
      // everyone is recent: a spoofed-address flood; keep the table bounded all the same
      int drop = MAX_SOURCES / 10;
      for (String k : sources.keySet()) {
        if (drop-- <= 0) break;
        sources.remove(k);
      }
    }
  }

  private void drop(Source s, String source, long now, String why) {
    s.dropped++;
    s.dropWhy = why;
    report(s, source, now);
  }

  /** One line per source per interval: what was refused since the last line. */
  private static void report(Source s, String source, long now) {
    if (now - s.loggedAt < LOG_INTERVAL_SECONDS * 1000L) return;
    StringBuilder line = new StringBuilder();
    if (s.failedSinceLog > 0) line.append(s.failedSinceLog).append(" failed authentication(s), last as ").append(s.lastUser);
    if (s.dropped > 0) line.append(line.length() > 0 ? "; " : "").append(s.dropped).append(" request(s) dropped: ").append(s.dropWhy);
    log.warn("refused from {} (at most one line per {} s): {}", source, LOG_INTERVAL_SECONDS, line);
    s.failedSinceLog = 0;
    s.dropped = 0;
    s.loggedAt = now;
  }
}
