package org.muster.core.regroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.time.Backoff;

/**
 * The primary MC service server's debts to partner systems: the cancel requests (10.xx.2.9) it
 * owes them ({@link OwedCancel}) after a cancel of a regroup spanning them (10.xx.3.3.3 step 4),
 * after a create that did not take effect everywhere (10.xx.3.3.4 step 6) and after a restart
 * that found a create still waiting for them. Each is sent until its partner confirms: at once,
 * then per {@link Backoff#PARTNER_CANCEL} (2, 4, 8, 16, 32 s, then every 60 s) by the core's
 * clock; this is what keeps "all or nothing" true when a partner is down, slow, or answered after
 * we had given up on it. The debts are made durable with the change that makes them ({@link
 * StateChange.RegroupCancelled#owed()}, {@link StateChange.RegroupNotInEffect#owed()}) and
 * forgotten with {@link StateChange.CancelSettled}.
 *
 * <p>The core decides what to send and when; the adapter sends it and reports the answer ({@link
 * #answered}).
 */
public final class CancelsOwedToPartners {
  private static final Backoff BACKOFF = Backoff.PARTNER_CANCEL;
  private final RegroupContext ctx;
  private final Map<Key, Owed> owed = new LinkedHashMap<>();
  private long nextAttempt = 1;

  private record Key(McServiceGroupId regroupGroup, String partner) {}

  /** One attempt to send an owed cancel: its answer goes back with its {@code id} ({@link #answered}). */
  public record Attempt(long id, PartnerRequest request) {
    public McServiceGroupId regroupGroup() {
      return ((org.muster.core.flow.PreconfiguredRegroupCancelRequest.BetweenServers) request.flow()).regroupGroup();
    }

    public String partner() {
      return request.partnerId();
    }
  }

  /** Where one owed cancel stands (10.xx.3.3.3 step 4, 10.xx.3.3.4 step 6). */
  public enum Stage {
    /** Owed, but the store does not hold the change that owes it yet: not sent. */
    AWAITING_COMMIT,
    /** To send when due by the clock (at once, or after the backoff). */
    OWED,
    /** An attempt was sent; waiting for the partner's answer ({@link #answered}). */
    SENT
  }

  private static final class Owed {
    final OwedCancel cancel;
    Stage stage;
    int attempts;
    Instant due;
    /** The attempt waiting for its answer while {@link Stage#SENT}. */
    long inFlight;

    Owed(OwedCancel cancel, Instant due, Stage stage) {
      this.cancel = cancel;
      this.due = due;
      this.stage = stage;
    }
  }

  CancelsOwedToPartners(RegroupContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Owes {@code cancels}, due now, replacing any owed for the same regroup group and partner;
   * sent only once {@code sendable} ({@link #committed}): a cancel of a regroup goes to its
   * partners only after the store holds the cancel, so a crash in between cannot leave the
   * partners cancelled and the regroup in effect here.
   */
  public void owe(List<OwedCancel> cancels, boolean sendable) {
    for (OwedCancel c : cancels) {
      Owed o = new Owed(c, ctx.now(), sendable ? Stage.OWED : Stage.AWAITING_COMMIT);
      owed.put(new Key(c.regroupGroup(), c.partner()), o);
    }
  }

  /** The store holds these debts: they may go. */
  public void committed(List<OwedCancel> cancels) {
    for (OwedCancel c : cancels) {
      Owed o = owed.get(new Key(c.regroupGroup(), c.partner()));
      if (o != null && o.cancel.equals(c) && o.stage == Stage.AWAITING_COMMIT) o.stage = Stage.OWED;
    }
  }

  /** The change that owed these was undone (the store did not take the cancel): owed no more. */
  public void forget(List<OwedCancel> cancels) {
    for (OwedCancel c : cancels) {
      Key k = new Key(c.regroupGroup(), c.partner());
      Owed o = owed.get(k);
      if (o != null && o.cancel.equals(c)) owed.remove(k);
    }
  }

  /**
   * 10.xx.3.3.1 step 10: every partner in {@code partners} accepted a new regroup of {@code
   * regroupGroup}; the cancels still owed them for an earlier one would undo it.
   */
  void superseded(McServiceGroupId regroupGroup, Set<String> partners) {
    for (String p : partners) owed.remove(new Key(regroupGroup, p));
  }

  /**
   * What is due by the clock and not waiting for an answer, except where a regroup of the same
   * regroup group is forming or in effect with that partner (the cancel would undo it): to send
   * now. Each becomes an attempt waiting for its answer.
   */
  public List<Attempt> due() {
    List<Attempt> out = new ArrayList<>();
    Instant now = ctx.now();
    for (Owed o : owed.values()) {
      if (o.stage != Stage.OWED || now.isBefore(o.due) || inUse(o.cancel)) continue;
      out.add(attempt(o));
    }
    return out;
  }

  /**
   * The cancel owed {@code partner} for {@code regroupGroup}, to send now unless an attempt is
   * waiting for its answer already (then empty: the caller joins that attempt).
   */
  public Optional<Attempt> sendNow(McServiceGroupId regroupGroup, String partner) {
    Owed o = owed.get(new Key(regroupGroup, partner));
    if (o == null || o.stage != Stage.OWED) return Optional.empty();
    return Optional.of(attempt(o));
  }

  /** True while a cancel is owed {@code partner} for {@code regroupGroup}. */
  public boolean owes(McServiceGroupId regroupGroup, String partner) {
    return owed.containsKey(new Key(regroupGroup, partner));
  }

  /**
   * The partner's answer to the attempt in flight: its cancel response (or, once no earlier
   * create can still arrive there, its "unknown regroup") ends the debt; anything else keeps it,
   * and the next attempt is due after the backoff.
   */
  public void answered(Attempt attempt, PartnerAnswer answer) {
    McServiceGroupId regroupGroup = attempt.regroupGroup();
    String partner = attempt.partner();
    Owed o = owed.get(new Key(regroupGroup, partner));
    if (o == null || o.stage != Stage.SENT || o.inFlight != attempt.id()) return; // settled or superseded, or owed again meanwhile (a new debt)
    o.stage = Stage.OWED;
    if (o.cancel.settledBy(answer, ctx.now())) {
      owed.remove(new Key(regroupGroup, partner));
      ctx.changed(new StateChange.CancelSettled(regroupGroup, partner));
      return;
    }
    o.due = ctx.now().plus(BACKOFF.after(o.attempts));
  }

  /** When the next attempt is due (empty: nothing owed). */
  public Optional<Instant> dueAt(McServiceGroupId regroupGroup, String partner) {
    Owed o = owed.get(new Key(regroupGroup, partner));
    return o == null ? Optional.empty() : Optional.of(o.due);
  }

  /** Attempts made so far for the cancel owed {@code partner} (0: none, or nothing owed). */
  public int attempts(McServiceGroupId regroupGroup, String partner) {
    Owed o = owed.get(new Key(regroupGroup, partner));
    return o == null ? 0 : o.attempts;
  }

  public int size() {
    return owed.size();
  }

  /** Where the cancel owed {@code partner} for {@code regroupGroup} stands (empty: nothing owed). */
  public Optional<Stage> stage(McServiceGroupId regroupGroup, String partner) {
    Owed o = owed.get(new Key(regroupGroup, partner));
    return o == null ? Optional.empty() : Optional.of(o.stage);
  }

  private Attempt attempt(Owed o) {
    o.stage = Stage.SENT;
    o.inFlight = nextAttempt++;
    o.attempts++;
    return new Attempt(o.inFlight, o.cancel.request());
  }

  private boolean inUse(OwedCancel c) {
    return ctx.directory.active(c.regroupGroup()).filter(r -> r.forming() || r.partners().contains(c.partner())).isPresent();
  }
}
