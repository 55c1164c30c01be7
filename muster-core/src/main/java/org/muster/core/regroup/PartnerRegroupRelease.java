package org.muster.core.regroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.config.PartnerConfig;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * Beyond the seed: ending a regroup that a primary formed here ({@link ActiveRegroup#primarySystem()})
 * without the primary's cancel. In 10.xx.3.3.3 only the primary ends it; if the primary is gone
 * for good (or the request came from a system that should never have been trusted), the partner's
 * operator releases it here ({@link #release}), or it expires when the primary has been
 * unreachable for its {@code partners[].release-after} ({@link #overdue}). Steps 5 and 8 of
 * 10.xx.3.3.3 as if the primary had cancelled (the clients get the cancel request naming the
 * regroup's requester, and are de-affiliated), and a {@link PartnerRelease} for the primary.
 */
public final class PartnerRegroupRelease {
  private final RegroupContext ctx;
  private final PartnerRegroupAcrossSystems partnerSide;
  private final PartnerMemberReports reports;

  public PartnerRegroupRelease(RegroupContext ctx, PartnerRegroupAcrossSystems partnerSide, PartnerMemberReports reports) {
    this.ctx = ctx;
    this.partnerSide = partnerSide;
    this.reports = reports;
  }

  /** On the primary's side: partner {@code partnerId} says it released its part ({@link PartnerMemberReports#released}). */
  public PartnerMemberReports.Receipt received(String partnerId, PartnerRelease notice) {
    return reports.released(partnerId, notice);
  }

  /** What a release did: a refusal, or the outcome here and the notice for the primary (its id). */
  public record Released(Optional<Rejection> refusal, Outcome outcome, String primary, Optional<PartnerRelease> notice) {
    static Released refused(Rejection r) {
      return new Released(Optional.of(r), Outcome.none(), "", Optional.empty());
    }
  }

  /** An operator ({@code by}) releases the partner-served regroup {@code regroupGroup} here. */
  public Released release(McServiceGroupId regroupGroup, String by, String reason) {
    if (!PartnerRelease.isName(by)) {
      return Released.refused(Rejection.of(RejectReason.MALFORMED, "by: an operator name, 1 to " + PartnerRelease.MAX_BY + " characters"));
    }
    if (reason.length() > PartnerRelease.MAX_REASON || PartnerRelease.hasControl(reason)) {
      return Released.refused(Rejection.of(RejectReason.MALFORMED, "reason: at most " + PartnerRelease.MAX_REASON + " characters, one line"));
    }
    Optional<ActiveRegroup> found = ctx.directory.active(regroupGroup).filter(r -> r.primarySystem().isPresent());
    if (found.isEmpty()) {
      return Released.refused(Rejection.of(RejectReason.UNKNOWN_IDENTITY, regroupGroup.uri() + " is no regroup a partner system formed here"));
    }
    ActiveRegroup regroup = found.get();
    String primary = regroup.primarySystem().orElseThrow();
    String why = "released by " + by + " at this partner system" + (reason.isEmpty() ? "" : " (" + reason + ")");
    Outcome.Builder out = new Outcome.Builder();
    List<McServiceClient> ended = partnerSide.endHere(regroup, regroup.requester(), why, HistoryEntry.released(ctx.now(), regroup, by, why), out);
    out.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.CANCELLED, regroupGroup, regroup.service(),
        why + ", regroup of partner " + primary + ", " + ended.size() + " client(s)"));
    return new Released(Optional.empty(), out.build(), primary,
        Optional.of(new PartnerRelease(regroupGroup, regroup.service(), ctx.config.domain(), by, reason, ctx.now())));
  }

  /**
   * The partner-served regroups whose primary has a {@code release-after} and has not been heard
   * from for that long: since {@code lastHeard} (its last request or answer, absent when never
   * since {@code since}, the server's start), the regroup's forming, or {@code since}, the latest.
   */
  public List<McServiceGroupId> overdue(Map<String, Instant> lastHeard, Instant since) {
    List<McServiceGroupId> out = new ArrayList<>();
    for (ActiveRegroup r : ctx.directory.allActive()) {
      Optional<PartnerConfig> primary = r.primarySystem().flatMap(ctx.config::partner);
      if (primary.isEmpty() || primary.get().releaseAfter().isEmpty()) continue;
      Instant heard = latest(latest(since, r.formedAt()), lastHeard.getOrDefault(primary.get().id(), since));
      Duration silent = Duration.between(heard, ctx.now());
      if (silent.compareTo(primary.get().releaseAfter().get()) >= 0) out.add(r.regroupGroup());
    }
    return out;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
