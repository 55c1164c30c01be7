package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
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
 * partner): all or nothing. A state machine per create ({@link State}): it asks every partner
 * ({@link #requestPartners}), then takes one {@link PartnerEvent} at a time ({@link #on}). The
 * regroup is in effect only when every partner accepted; the first reject or time-out ends it,
 * and every partner that did not reject is owed a cancel (it accepted, or may still).
 */
public final class PrimaryRegroupAcrossSystems {
  /** Where a create across systems stands on the primary's side. */
  public enum State {
    /** Steps 4 to 10: the partners were asked; not in effect anywhere yet (the regroup is {@code forming}). */
    ASKING_PARTNERS,
    /** Step 10: every partner accepted; in effect here (steps 5 to 8 for what is served here) and there. */
    IN_EFFECT,
    /** 10.xx.3.3.4: a partner rejected or did not answer in time; in effect nowhere. */
    NOT_IN_EFFECT
  }

  /** What the primary learns of one partner it asked; the adapter reports each once. */
  public sealed interface PartnerEvent {
    String partner();

    /** The partner's answer to the server-to-server request: its response (10.xx.2.6) or reject (10.xx.2.14). */
    record PartnerAnswered(String partner, PartnerAnswer answer) implements PartnerEvent {}

    /** No answer from the partner in time (or it could not be reached). */
    record PartnerTimedOut(String partner, String why) implements PartnerEvent {}

    /** The event for what the adapter got: silence is a time-out. */
    static PartnerEvent of(String partner, PartnerAnswer answer) {
      return answer instanceof PartnerAnswer.Silent s ? new PartnerTimedOut(partner, s.why()) : new PartnerAnswered(partner, answer);
    }
  }

  /** One create's machine, kept with its forming regroup. */
  static final class Asking {
    private final Set<String> waitingFor;
    private final Set<String> rejectedBy = new LinkedHashSet<>();
    private State state = State.ASKING_PARTNERS;

    Asking(Set<String> partners) {
      this.waitingFor = new LinkedHashSet<>(partners);
    }

    State state() {
      return state;
    }
  }

  private final RegroupContext ctx;
  private final GroupRegroupFormation groupFormation;
  private final UserRegroupFormation userFormation;

  public PrimaryRegroupAcrossSystems(RegroupContext ctx, GroupRegroupFormation g, UserRegroupFormation u) {
    this.ctx = ctx;
    this.groupFormation = g;
    this.userFormation = u;
  }

  /**
   * Step 4: the preconfigured regroup request (10.xx.2.3) to the server of each partner system;
   * the regroup is forming ({@link State#ASKING_PARTNERS}) until they have answered.
   */
  static CrossSystem requestPartners(ActiveRegroup regroup, Set<String> partners) {
    List<PartnerRequest> requests = new ArrayList<>();
    regroup.asking(new Asking(partners));
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
   * Steps 10 and 11, one partner at a time. Still asking: nothing to answer yet ({@link
   * CrossSystem#awaiting()}). The last acceptance: the regroup takes effect here and the requester
   * gets the response. A reject or a time-out: 10.xx.3.3.4 steps 6 and 7. An event for a create
   * that is decided already, or was replaced, changes nothing (awaiting, no answer).
   */
  public CrossSystem on(McServiceGroupId regroupGroup, long instance, PartnerEvent event) {
    Optional<ActiveRegroup> found = ctx.directory.active(regroupGroup).filter(r -> r.instance() == instance && r.forming());
    if (found.isEmpty()) return stillAsking(instance);
    ActiveRegroup regroup = found.get();
    Asking asking = regroup.asking();
    if (!asking.waitingFor.remove(event.partner())) return stillAsking(instance); // not asked, or answered already
    if (event instanceof PartnerEvent.PartnerTimedOut t) {
      return notInEffect(regroup, Rejection.of(RejectReason.PARTNER_TIMEOUT, t.partner() + " did not answer"));
    }
    if (((PartnerEvent.PartnerAnswered) event).answer() instanceof PartnerAnswer.Rejected r) {
      asking.rejectedBy.add(event.partner());
      return notInEffect(regroup, r.rejection());
    }
    return asking.waitingFor.isEmpty() ? inEffect(regroup) : stillAsking(instance);
  }

  /**
   * Every partner's answer at once, in the order given (an empty map: none answered in time).
   * What {@link #on} decides for the event that ends the create, or still asking.
   */
  public CrossSystem complete(McServiceGroupId regroupGroup, long instance, Map<String, PartnerAnswer> answers) {
    if (answers.isEmpty()) {
      Optional<ActiveRegroup> r = ctx.directory.active(regroupGroup).filter(x -> x.instance() == instance && x.forming());
      if (r.isEmpty()) return CrossSystem.local(Outcome.reject(Rejection.of(RejectReason.UNKNOWN_IDENTITY, regroupGroup.uri())));
      return notInEffect(r.get(), Rejection.of(RejectReason.PARTNER_TIMEOUT, "(none) did not answer"));
    }
    CrossSystem last = null;
    for (Map.Entry<String, PartnerAnswer> e : answers.entrySet()) {
      last = on(regroupGroup, instance, PartnerEvent.of(e.getKey(), e.getValue()));
      if (!last.awaiting()) return last;
    }
    return last;
  }

  /** Step 10: every partner accepted; steps 5 to 8 of the single-system procedure for what is served here. */
  private CrossSystem inEffect(ActiveRegroup regroup) {
    regroup.asking().state = State.IN_EFFECT;
    McServiceGroupId regroupGroup = regroup.regroupGroup();
    ctx.changed(new StateChange.RegroupInEffect(regroupGroup, regroup.partners()));
    ctx.recorded(HistoryEntry.formed(ctx.now(), regroup));
    // cancels still owed these partners for an earlier regroup of the same regroup group would undo this one
    ctx.owedCancels.superseded(regroupGroup, regroup.partners());
    Outcome local = regroup.isGroupRegroup() ? groupFormation.formLocally(regroup) : userFormation.formLocally(regroup);
    return CrossSystem.local(local);
  }

  /**
   * 10.xx.3.3.4: no system keeps the regroup. 6. Every partner that did not reject (it accepted,
   * or did not answer yet and may form it still) is owed a cancel, sent at once. 7. The requester
   * gets the reject.
   */
  private CrossSystem notInEffect(ActiveRegroup regroup, Rejection refused) {
    regroup.asking().state = State.NOT_IN_EFFECT;
    McServiceGroupId regroupGroup = regroup.regroupGroup();
    ctx.directory.discard(regroup);
    List<PartnerRequest> cancels = new ArrayList<>();
    for (String p : regroup.partners()) {
      if (!regroup.asking().rejectedBy.contains(p)) cancels.add(cancelTo(p, regroup, regroup.requester()));
    }
    List<OwedCancel> owed = OwedCancel.of(cancels, ctx.now());
    ctx.changed(new StateChange.RegroupNotInEffect(regroupGroup, ctx.now(), owed));
    ctx.recorded(HistoryEntry.createRejected(ctx.now(), regroup.service(), regroup.requester(), regroupGroup,
        regroup.configurationGroup(), regroup.targets(), refused));
    ctx.owedCancels.owe(owed, true); // at once: the partners may hold a regroup in effect nowhere
    Outcome.Builder rejected = new Outcome.Builder();
    rejected.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.REJECTED, regroupGroup, regroup.service(), refused.warningText()));
    Outcome reject = rejected.build();
    return new CrossSystem(new Outcome(Optional.of(refused), List.of(), reject.events()), cancels, false, regroup.instance());
  }

  private static CrossSystem stillAsking(long instance) {
    return new CrossSystem(Outcome.none(), List.of(), true, instance);
  }

  /** Every partner accepted, but the store could not say so: in effect nowhere, and every partner is owed a cancel. */
  public void undoInEffect(StateChange.RegroupInEffect e) {
    Optional<ActiveRegroup> r = ctx.directory.active(e.regroupGroup());
    if (r.isPresent()) {
      List<OwedCancel> owed = new ArrayList<>();
      for (String p : e.partners()) owed.add(new OwedCancel(p, r.get().service(), e.regroupGroup(), r.get().requester(), ctx.now()));
      ctx.owedCancels().owe(owed, true);
    }
    ctx.forget(e.regroupGroup());
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
}
