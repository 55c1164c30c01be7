package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * The primary server's side of the member reports (beyond the seed, see {@link MemberReport}):
 * records the steps a partner reports for the clients it serves into the regroup, apart from the
 * clients served here ({@link ActiveRegroup#partnerOutcomes()}).
 *
 * <p>Rules: a report is taken only for a regroup of this system that is in effect (not still
 * waiting for its partners, 10.xx.3.3.1 steps 4 to 10) or recently cancelled, of the report's
 * service, and that spans the reporting partner ({@link ActiveRegroup#partners()}: it was sent
 * the request, and since the regroup is in effect, every partner accepted it). Anything else is refused as an unknown identity (404). A report
 * that is not above the last one taken from the same stream is a repeat: taken without change.
 * What one partner can make the primary hold is bounded: {@link #MAX_CLIENTS_PER_PARTNER}
 * clients per regroup, the latest {@link #MAX_STEPS_PER_CLIENT} steps per client.
 *
 * <p>Held in memory only, never written to the store: after a restart of the primary the
 * partner-served members show again from the partners' next reports on.
 */
public final class PartnerMemberReports {
  /** Clients of one partner kept per regroup; steps of further clients are not recorded. */
  public static final int MAX_CLIENTS_PER_PARTNER = 20_000;
  /** Steps kept per partner-served client; the oldest go first. */
  public static final int MAX_STEPS_PER_CLIENT = 50;

  private final RegroupContext ctx;

  public PartnerMemberReports(RegroupContext ctx) {
    this.ctx = ctx;
  }

  /** How the primary took a report. */
  public record Receipt(Optional<Rejection> refusal, int recorded, boolean repeat) {
    static Receipt refused(Rejection r) {
      return new Receipt(Optional.of(r), 0, false);
    }

    public boolean accepted() {
      return refusal.isEmpty();
    }
  }

  /** A report from partner {@code partnerId} (the partner the adapter authenticated, not the body's claim). */
  public Receipt reported(String partnerId, MemberReport report) {
    Optional<ActiveRegroup> found = regroupSpanning(partnerId, report.regroupGroup(), report.service());
    if (found.isEmpty()) {
      boolean known = ctx.directory.active(report.regroupGroup()).or(() -> ctx.directory.recentlyCancelled(report.regroupGroup()))
          .filter(r -> r.service() == report.service() && r.primarySystem().isEmpty()).isPresent();
      return Receipt.refused(Rejection.of(RejectReason.UNKNOWN_IDENTITY, report.regroupGroup().uri()
          + (known ? " does not span partner " + partnerId : " is no " + report.service().word() + " regroup of this system")));
    }
    ActiveRegroup regroup = found.get();
    Optional<ActiveRegroup.ReportPosition> at = regroup.reportPosition(partnerId);
    if (at.isPresent() && at.get().stream().equals(report.stream()) && report.sequence() <= at.get().sequence()) {
      return new Receipt(Optional.empty(), 0, true);
    }
    regroup.reportPosition(partnerId, new ActiveRegroup.ReportPosition(report.stream(), report.sequence()));
    Map<McServiceClient, List<MemberStep>> members = regroup.partnerMembers(partnerId);
    int recorded = 0;
    for (MemberReport.Entry e : report.steps()) {
      List<MemberStep> steps = members.get(e.client());
      if (steps == null) {
        if (members.size() >= MAX_CLIENTS_PER_PARTNER) continue;
        steps = new ArrayList<>();
        members.put(e.client(), steps);
      }
      steps.add(e.step());
      if (steps.size() > MAX_STEPS_PER_CLIENT) steps.remove(0);
      recorded++;
    }
    return new Receipt(Optional.empty(), recorded, false);
  }

  /**
   * A partner's notice that it released its part of one of our regroups ({@link PartnerRelease}):
   * recorded on the regroup ({@link ActiveRegroup#releases()}), so its outcome says so and its
   * cancel is not sent to that partner; refused like a report for a regroup that does not span it.
   */
  public Receipt released(String partnerId, PartnerRelease notice) {
    Optional<ActiveRegroup> found = regroupSpanning(partnerId, notice.regroupGroup(), notice.service());
    if (found.isEmpty()) {
      return Receipt.refused(Rejection.of(RejectReason.UNKNOWN_IDENTITY, notice.regroupGroup().uri() + " does not span partner " + partnerId));
    }
    boolean repeat = found.get().releases().containsKey(partnerId);
    found.get().releasedBy(partnerId, notice);
    return new Receipt(Optional.empty(), 0, repeat);
  }

  /**
   * The regroup of this system the report is about: the active one if it is in effect and spans
   * the partner, else the recently cancelled one that did (a cancel's steps come after the cancel).
   */
  private Optional<ActiveRegroup> regroupSpanning(String partnerId, McServiceGroupId regroupGroup, McService service) {
    Optional<ActiveRegroup> active = ctx.directory.active(regroupGroup).filter(r -> !r.forming());
    Optional<ActiveRegroup> r = active.filter(x -> spans(x, partnerId, service));
    return r.isPresent() ? r : ctx.directory.recentlyCancelled(regroupGroup).filter(x -> spans(x, partnerId, service));
  }

  private static boolean spans(ActiveRegroup r, String partnerId, McService service) {
    return r.service() == service && r.primarySystem().isEmpty() && r.partners().contains(partnerId);
  }
}
