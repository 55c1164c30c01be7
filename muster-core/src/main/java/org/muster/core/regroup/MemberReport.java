package org.muster.core.regroup;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * A partner server's report of the member steps of the clients it serves in a regroup that spans
 * MC systems, sent to the primary server (beyond the seed). In TS 23.280 10.xx.3.3.1 and
 * 10.xx.3.3.2 the partner notifies its clients (step 6), takes their optional acknowledgements
 * (step 8) and affiliates them (step 9), and the primary "does not need to be aware of the list of
 * group members" served in the partner system; the primary's per-member outcome would then stop
 * at its own system's border. A partner that knows the regroup came from a primary ({@link
 * ActiveRegroup#primarySystem()}) reports those steps, so the dispatcher who asked sees every
 * member. The report adds nothing to the procedure: the regroup is in effect regardless.
 *
 * <p>{@code stream} and {@code sequence} let the primary drop repeats: a partner numbers its
 * reports for one regroup 1, 2, 3, ... within a stream (a token it picks per regroup, new after
 * a restart) and sends them one at a time, so a report whose number is not above the last one
 * taken from the same stream is a retransmission.
 *
 * @param regroupGroup the regroup group ID of the primary's regroup
 * @param service the MC service of the regroup
 * @param reportingSystem the SIP domain of the reporting MC system
 * @param stream the partner's report stream for this regroup ({@link #isStreamToken})
 * @param sequence the report's number in its stream, from 1
 * @param steps the member steps, oldest first, 1 to {@link #MAX_STEPS}
 */
public record MemberReport(
    McServiceGroupId regroupGroup, McService service, String reportingSystem, String stream, long sequence, List<Entry> steps) {
  /** At most this many steps per report; a partner sends more as several reports. */
  public static final int MAX_STEPS = 100;
  /** Longest step detail in characters; a partner shortens longer ones. */
  public static final int MAX_DETAIL = 512;
  /** Longest client identity (registered Contact URI) in characters. */
  public static final int MAX_CLIENT = 1024;

  private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public MemberReport {
    Objects.requireNonNull(regroupGroup, "regroupGroup");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(reportingSystem, "reportingSystem");
    if (reportingSystem.isBlank()) throw new IllegalArgumentException("reporting system is blank");
    if (!isStreamToken(stream)) throw new IllegalArgumentException("not a report stream token: '" + stream + "'");
    if (sequence < 1) throw new IllegalArgumentException("report sequence number below 1: " + sequence);
    steps = List.copyOf(steps);
    if (steps.isEmpty() || steps.size() > MAX_STEPS) {
      throw new IllegalArgumentException("a member report carries 1 to " + MAX_STEPS + " steps, not " + steps.size());
    }
  }

  /** True for a stream token: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
  public static boolean isStreamToken(String s) {
    return s != null && STREAM.matcher(s).matches();
  }

  /** {@code detail} cut to {@link #MAX_DETAIL} characters (a partner's side, before reporting). */
  public static String clip(String detail) {
    return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 3) + "...";
  }

  /** One step of one client served by the reporting partner. */
  public record Entry(McServiceClient client, MemberStep step) {
    public Entry {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(step.state(), "state");
      Objects.requireNonNull(step.at(), "at");
      Objects.requireNonNull(step.detail(), "detail");
      if (client.contact().isBlank() || client.contact().length() > MAX_CLIENT) {
        throw new IllegalArgumentException("client identity is blank or longer than " + MAX_CLIENT + " characters");
      }
      if (step.detail().length() > MAX_DETAIL) throw new IllegalArgumentException("detail longer than " + MAX_DETAIL + " characters");
    }
  }
}
