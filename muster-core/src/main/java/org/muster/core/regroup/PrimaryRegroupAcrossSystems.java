package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceGroupId;

/**
 * The primary MC service server's side of TS 23.280 10.xx.3.3.1 (group regroup) and 10.xx.3.3.2
 * (user regroup) in multiple MC systems, from step 4 on, with 10.xx.3.3.4 (rejection by a
 * partner): all or nothing. The regroup is in effect only when every partner accepted;
 * otherwise partners that accepted are sent a cancel and the requester gets the reject.
 */
public final class PrimaryRegroupAcrossSystems {
  private final RegroupContext ctx;
  private final GroupRegroupFormation groupFormation;
  private final UserRegroupFormation userFormation;

  public PrimaryRegroupAcrossSystems(RegroupContext ctx, GroupRegroupFormation g, UserRegroupFormation u) {
    this.ctx = ctx;
    this.groupFormation = g;
    this.userFormation = u;
  }

  /** Step 4: the preconfigured regroup request (10.xx.2.3) to the server of each partner system. */
  static CrossSystem requestPartners(ActiveRegroup regroup, Set<String> partners) {
    List<PartnerRequest> requests = new ArrayList<>();
    for (String p : partners) {
      // kept with the forming regroup (and stored): the partners owed a cancel if it never takes effect
      regroup.addPartner(p);
      requests.add(new PartnerRequest(p, regroup.service(), new PreconfiguredRegroupRequest.BetweenServers(
          regroup.requester(), regroup.regroupGroup(), regroup.configurationGroup(), regroup.targets())));
    }
    Outcome.Builder asked = new Outcome.Builder();
    asked.event(RegroupEvent.of(regroup.formedAt(), RegroupEvent.Kind.FORMING, regroup.regroupGroup(), regroup.service(),
        "asking partner(s) " + partners + " for " + regroup.requester().uri() + "; in effect when all accept"));
    return new CrossSystem(asked.build(), requests, true, regroup.instance());
  }

  /**
   * Steps 10 and 11: every partner answered (or did not, in time). All accepted: the regroup
   * takes effect here (steps 5 to 8 of the single-system procedure for the members served here)
   * and the requester gets the response. Otherwise 10.xx.3.3.4 steps 6 and 7.
   */
  public CrossSystem complete(McServiceGroupId regroupGroup, long instance, Map<String, PartnerAnswer> answers) {
    Optional<ActiveRegroup> found = ctx.directory.active(regroupGroup).filter(r -> r.instance() == instance && r.forming());
    if (found.isEmpty()) return CrossSystem.local(Outcome.reject(Rejection.of(RejectReason.UNKNOWN_IDENTITY, regroupGroup.uri())));
    ActiveRegroup regroup = found.get();
    Optional<Rejection> refused = firstRefusal(regroup, answers);
    if (refused.isPresent()) {
      // 10.xx.3.3.4: no system keeps the regroup; partners that accepted, or that did not answer
      // in time (and may have formed it since), get a cancel
      ctx.directory.discard(regroup);
      List<PartnerRequest> cancels = new ArrayList<>();
      answers.forEach((p, a) -> {
        if (!(a instanceof PartnerAnswer.Rejected)) cancels.add(cancelTo(p, regroup, regroup.requester()));
      });
      // 6. the partners that accepted (or did not answer, and may have formed it since) are owed a cancel
      List<OwedCancel> owed = OwedCancel.of(cancels, ctx.now());
      ctx.changed(new StateChange.RegroupNotInEffect(regroupGroup, ctx.now(), owed));
      ctx.owedCancels.owe(owed, true); // at once: the partners may hold a regroup in effect nowhere
      Outcome.Builder rejected = new Outcome.Builder();
      rejected.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.REJECTED, regroupGroup, regroup.service(), refused.get().warningText()));
      Outcome reject = rejected.build();
      return new CrossSystem(new Outcome(Optional.of(refused.get()), List.of(), reject.events()), cancels, false, instance);
    }
    regroup.forming(false);
    for (String p : answers.keySet()) regroup.addPartner(p);
    ctx.changed(new StateChange.RegroupInEffect(regroupGroup, regroup.partners()));
    // cancels still owed these partners for an earlier regroup of the same regroup group would undo this one
    ctx.owedCancels.superseded(regroupGroup, answers.keySet());
    Outcome local = regroup.isGroupRegroup() ? groupFormation.formLocally(regroup) : userFormation.formLocally(regroup);
    return CrossSystem.local(local);
  }

  /**
   * A create that was still waiting for its partners when the primary server stopped (a crash,
   * a restart) takes effect nowhere: it is not restored, and every partner it was sent to is
   * owed a cancel, since it may have accepted (all or nothing, 10.xx.3.3.4).
   */
  public static List<OwedCancel> abandoned(RegroupRecord forming, java.time.Instant now) {
    List<OwedCancel> out = new ArrayList<>();
    for (String p : forming.partners()) out.add(new OwedCancel(p, forming.service(), forming.regroupGroup(), forming.requester(), now));
    return out;
  }

  /** The cancel request (10.xx.2.9) to one partner, naming the user who asked for the cancel. */
  static PartnerRequest cancelTo(String partner, ActiveRegroup regroup, org.muster.core.id.McServiceId requester) {
    return new PartnerRequest(partner, regroup.service(),
        new PreconfiguredRegroupCancelRequest.BetweenServers(requester, regroup.regroupGroup()));
  }

  private static Optional<Rejection> firstRefusal(ActiveRegroup regroup, Map<String, PartnerAnswer> answers) {
    if (answers.isEmpty()) return Optional.of(Rejection.of(RejectReason.PARTNER_TIMEOUT, "(none) did not answer"));
    for (Map.Entry<String, PartnerAnswer> e : answers.entrySet()) {
      if (e.getValue() instanceof PartnerAnswer.Rejected r) return Optional.of(r.rejection());
    }
    for (Map.Entry<String, PartnerAnswer> e : answers.entrySet()) {
      if (e.getValue() instanceof PartnerAnswer.Silent) {
        return Optional.of(Rejection.of(RejectReason.PARTNER_TIMEOUT, e.getKey() + " did not answer"));
      }
    }
    return Optional.empty();
  }
}
