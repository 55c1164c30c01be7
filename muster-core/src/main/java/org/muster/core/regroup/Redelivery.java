package org.muster.core.regroup;

import java.util.List;
import java.util.Optional;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/**
 * Delivery that converges (beyond the seed, whose acknowledgements are optional): a regroup
 * request or cancel request that a client did not acknowledge is sent again a bounded number of
 * times, and again when the client registers next, so no client stays regrouped after a cancel
 * it missed. Every attempt shows in the member's outcome.
 */
public final class Redelivery {
  /** Resends after an unanswered attempt, at most (the first send not counted). */
  public static final int MAX_RETRIES = org.muster.core.time.Backoff.CLIENT_DELIVERY.retries();

  private final RegroupContext ctx;

  public Redelivery(RegroupContext ctx) {
    this.ctx = ctx;
  }

  /** The delivery again, if {@code d} is still due (same regroup, not acknowledged since). */
  public Outcome retry(Delivery d, int attempt) {
    Outcome.Builder out = new Outcome.Builder();
    if (d.isCancel()) {
      ctx.directory.recentlyCancelled(d.regroupGroup()).filter(r -> r.instance() == d.regroupInstance())
          .filter(r -> cancelPending(r, d.client()) && !inItsGroupAgain(r, d.client()))
          .ifPresent(r -> ctx.resendCancel(r, d, "retry " + attempt, out));
    } else {
      ctx.directory.active(d.regroupGroup()).filter(r -> r.instance() == d.regroupInstance())
          .filter(r -> r.hasParticipant(d.client()) && requestPending(r, d.client()))
          .ifPresent(r -> ctx.resendRequest(r, d.client(), "retry " + attempt, out));
    }
    return out.build();
  }

  /** The client registered (again) for {@code service}: resend what it has not acknowledged. */
  public Outcome afterRegistration(McServiceClient client, McService service) {
    Outcome.Builder out = new Outcome.Builder();
    for (ActiveRegroup r : ctx.directory.participationsOf(client)) {
      if (r.service() == service && requestPending(r, client)) ctx.resendRequest(r, client, "client registered again", out);
    }
    for (ActiveRegroup r : ctx.directory.allRecentlyCancelled()) {
      if (r.service() == service && cancelPending(r, client) && !inItsGroupAgain(r, client)) {
        ctx.resendCancel(r, new Delivery(0, r.instance(), client, service,
            new org.muster.core.flow.PreconfiguredRegroupCancelRequest.ToClient(client.user(), r.regroupGroup(), r.requester())),
            "client registered again", out);
      }
    }
    return out.build();
  }

  /**
   * After a restart, once the stored regroups are restored: the request of every regroup in
   * effect is sent again to each participant without an answer on record: one in flight when
   * the server stopped (its transaction is gone), one unanswered, and one whose steps the stop
   * kept from being written (member steps are written in batches). A client that already has it
   * gets it once more, which is harmless; one that missed it would otherwise wait for its next
   * registration. Likewise the cancel of a regroup cancelled shortly before the stop, to the
   * clients that had not answered it (the store keeps them until they do).
   */
  public Outcome afterRestart() {
    return resend(c -> true, "server restarted");
  }

  /**
   * After this instance took over the clients of one that stopped ({@link InstanceTakeover}): as
   * {@link #afterRestart()}, for those clients only.
   */
  public Outcome afterTakeover(java.util.Set<McServiceClient> clients) {
    return resend(clients::contains, "taken over from a server instance that stopped");
  }

  private Outcome resend(java.util.function.Predicate<McServiceClient> which, String why) {
    Outcome.Builder out = new Outcome.Builder();
    for (ActiveRegroup r : ctx.directory.allActive()) {
      if (r.forming()) continue;
      for (McServiceClient c : List.copyOf(r.participants())) {
        if (!which.test(c)) continue;
        boolean answered = lastOf(r, c, MemberState.NOTIFIED, MemberState.ACKNOWLEDGED, MemberState.FAILED, MemberState.UNREACHABLE)
            .map(s -> s == MemberState.ACKNOWLEDGED || s == MemberState.FAILED).orElse(false);
        if (!answered) ctx.resendRequest(r, c, why, out);
      }
    }
    // the cancel of a regroup that ended shortly before the stop, to the clients that had not answered it
    for (ActiveRegroup r : ctx.directory.allRecentlyCancelled()) {
      for (McServiceClient c : r.takeOwedCancels()) {
        ctx.resendCancel(r, new Delivery(0, r.instance(), c, r.service(),
            new org.muster.core.flow.PreconfiguredRegroupCancelRequest.ToClient(c.user(), r.regroupGroup(), r.requester())),
            why, out);
      }
    }
    return out.build();
  }

  /**
   * The last regroup request to the client got no answer in time. One still in flight is left
   * to its transaction; an error answer (FAILED) reached the client and is not resent.
   */
  static boolean requestPending(ActiveRegroup r, McServiceClient c) {
    return lastOf(r, c, MemberState.NOTIFIED, MemberState.ACKNOWLEDGED, MemberState.FAILED, MemberState.UNREACHABLE)
        .map(s -> s == MemberState.UNREACHABLE).orElse(false);
  }

  /**
   * {@code c} takes part in a newer regroup of {@code r}'s regroup group, now in effect: the old
   * cancel would tell it to leave the group it was just put in again, so it is not sent.
   */
  private boolean inItsGroupAgain(ActiveRegroup r, McServiceClient c) {
    return ctx.directory.active(r.regroupGroup()).filter(now -> now.instance() != r.instance() && now.hasParticipant(c)).isPresent();
  }

  /** The client was sent a cancel that got no answer in time. */
  static boolean cancelPending(ActiveRegroup r, McServiceClient c) {
    return lastOf(r, c, MemberState.CANCEL_NOTIFIED, MemberState.CANCEL_ACKNOWLEDGED, MemberState.CANCEL_FAILED,
        MemberState.CANCEL_UNREACHABLE).map(s -> s == MemberState.CANCEL_UNREACHABLE).orElse(false);
  }

  private static Optional<MemberState> lastOf(ActiveRegroup r, McServiceClient c, MemberState... states) {
    List<MemberStep> steps = r.steps(c);
    for (int i = steps.size() - 1; i >= 0; i--) {
      for (MemberState s : states) if (steps.get(i).state() == s) return Optional.of(s);
    }
    return Optional.empty();
  }

  /**
   * How a client answered a delivery: recorded in the member's outcome; nothing else changes. A
   * request that went unanswered after its client left the regroup (its registration expired, it
   * logged off or de-affiliated while the attempt was in flight) is not recorded: the member's
   * last state stays LEFT, not UNREACHABLE, and nothing is sent again to a client that is gone.
   * Unanswered cancels are always recorded (a client that registers again is sent them).
   */
  public Outcome answered(Delivery delivery, Delivery.Answer answer, String detail) {
    Optional<ActiveRegroup> r = ctx.directory.active(delivery.regroupGroup()).filter(x -> x.instance() == delivery.regroupInstance());
    boolean active = r.isPresent();
    if (r.isEmpty()) r = ctx.directory.recentlyCancelled(delivery.regroupGroup()).filter(x -> x.instance() == delivery.regroupInstance());
    if (r.isEmpty() || !r.get().hasOutcome(delivery.client())) return Outcome.none();
    if (active && !delivery.isCancel() && answer == Delivery.Answer.UNREACHABLE && !r.get().hasParticipant(delivery.client())) {
      return Outcome.none();
    }
    return ctx.recordAnswerOutcome(r.get(), delivery, answer, detail);
  }
}
