package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.muster.core.config.Authorization;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/**
 * TS 23.280 10.xx.3.2.3 Preconfigured regroup cancellation in a single MC system, and the
 * primary server's part of 10.xx.3.3.3 (steps 3, 4 and 10) in multiple MC systems.
 */
public final class RegroupCancellation {
  private final RegroupContext ctx;

  public RegroupCancellation(RegroupContext ctx) {
    this.ctx = ctx;
  }

  /** Steps 3 to 8, for a cancel request (step 2) naming the regroup group. */
  public Outcome handle(McService service, PreconfiguredRegroupCancelRequest.FromClient req) {
    return handleAcrossSystems(service, req).outcome();
  }

  /** As {@link #handle}, plus 10.xx.3.3.3 step 4: the cancel request to every partner of the regroup. */
  public CrossSystem handleAcrossSystems(McService service, PreconfiguredRegroupCancelRequest.FromClient req) {
    CrossSystem c = decide(service, req);
    c.outcome().rejection().ifPresent(why -> ctx.recorded(HistoryEntry.cancelRejected(ctx.now(), service, req.requester(), req.regroupGroup(), why)));
    return c;
  }

  private CrossSystem decide(McService service, PreconfiguredRegroupCancelRequest.FromClient req) {
    // 3. check that the requester is authorized to cancel a preconfigured regroup
    if (!ctx.may(req.requester(), Authorization.CANCEL_REGROUP)) {
      return CrossSystem.local(Outcome.reject(Rejection.of(RejectReason.NOT_AUTHORIZED, req.requester().uri() + " may not cancel a regroup")));
    }
    Optional<ActiveRegroup> found = ctx.directory.active(req.regroupGroup())
        .filter(r -> r.service() == service && !r.forming() && r.primarySystem().isEmpty());
    if (found.isEmpty()) return CrossSystem.local(Outcome.reject(Rejection.of(RejectReason.UNKNOWN_IDENTITY, req.regroupGroup().uri())));
    return end(found.get(), req.requester(), HistoryEntry.cancelled(ctx.now(), found.get(), req.requester(), Optional.empty()));
  }

  /**
   * Muster extension ({@link org.muster.core.flow.RegroupExpiry}): the regroups of this system in effect whose expiry
   * time is reached are cancelled by the system, by the same steps as a requester's cancel, in
   * the name of the user who formed them. What each sends its partners is owed until they confirm
   * ({@link CancelsOwedToPartners}, sent once the store holds the cancel).
   */
  public Outcome expire() {
    java.time.Instant now = ctx.now();
    List<ActiveRegroup> due = new ArrayList<>();
    for (ActiveRegroup r : ctx.directory.allActive()) {
      if (!r.forming() && r.primarySystem().isEmpty() && r.expiresAt().filter(at -> !at.isAfter(now)).isPresent()) due.add(r);
    }
    Outcome.Builder out = new Outcome.Builder();
    for (ActiveRegroup r : due) out.merge(end(r, r.requester(), HistoryEntry.expired(now, r)).outcome());
    return out.build();
  }

  /** Steps 4 to 7 (and 10.xx.3.3.3 step 4) for {@code regroup}, cancelled as {@code requester}; {@code line} is its history. */
  private CrossSystem end(ActiveRegroup regroup, org.muster.core.id.McServiceId requester, HistoryEntry line) {
    McService service = regroup.service();
    List<McServiceClient> regrouped = new ArrayList<>(regroup.participants());
    // 10.xx.3.3.3 step 4: the cancel request to each partner of the regroup, owed until it confirms
    List<PartnerRequest> toPartners = new ArrayList<>();
    // (a partner that released its part on its own holds nothing to cancel)
    for (String p : regroup.partners()) {
      if (!regroup.releases().containsKey(p)) toPartners.add(PrimaryRegroupAcrossSystems.cancelTo(p, regroup, requester));
    }
    // the regroup ends before its members' steps are recorded (they are those of a cancelled regroup)
    List<OwedCancel> owed = OwedCancel.of(toPartners, ctx.now());
    ctx.changed(new StateChange.RegroupCancelled(RegroupRecord.of(regroup), ctx.now(), owed));
    ctx.recorded(line);
    ctx.owedCancels.owe(owed, false); // sent once the store holds the cancel
    Outcome.Builder out = new Outcome.Builder();
    String by = line.event() == HistoryEntry.Event.EXPIRY ? "expired" : "cancelled by " + requester.uri();
    // 4. send the preconfigured regroup cancel request to the regrouped clients
    for (McServiceClient c : regrouped) ctx.sendCancel(regroup, c, requester, out);
    // 5./6. clients notify their users and may acknowledge: see McServiceServer.deliveryAnswered
    // 7. de-affiliate the regrouped clients from the regroup group
    for (McServiceClient c : regrouped) ctx.deaffiliate(regroup, c, MemberState.DEAFFILIATED, by, out);
    ctx.directory.remove(regroup);
    out.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.CANCELLED, regroup.regroupGroup(), service,
        by + ", " + regrouped.size() + " client(s)"));
    // 10.xx.3.3.3 step 4: the cancel requests go to the partners; step 10 answers after their responses
    // 8. the adapter answers the requester with the preconfigured regroup cancel response
    return new CrossSystem(out.build(), toPartners, !toPartners.isEmpty(), regroup.instance());
  }
}
