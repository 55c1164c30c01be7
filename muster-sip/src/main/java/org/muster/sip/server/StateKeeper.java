package org.muster.sip.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.port.AffiliationRecord;
import org.muster.core.port.MemberChange;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.port.StateStore;
import org.muster.core.port.StoreUnavailableException;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.Outcome;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.regroup.RegroupEvent;
import org.muster.core.server.McServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes what the core decided durable (STYLE.md 3.3), on the core thread, right after the core
 * decided and before anything is sent or answered.
 *
 * <p>A create or cancel is committed or undone in memory: a store that refuses it (another
 * server sharing the database won the race) or cannot be reached turns it into a rejection.
 * Client state (registrations, affiliations) is written in batches before the REGISTER or
 * PUBLISH is answered ({@link #written}), member steps once a second; when the store is down
 * they are kept here and written again on the next {@link #retry}, so nothing is lost for longer
 * than the outage. Across MC systems, a create is stored as forming before any partner is asked,
 * and the cancels owed to partners are stored with the change that owes them.
 */
final class StateKeeper {
  private static final Logger log = LoggerFactory.getLogger(StateKeeper.class);
  private final StateStore store;
  private final Clock clock;
  /** This server instance among those sharing the store ({@link ServerContext#instanceName}). */
  private final String owner;
  private final Set<McServiceClient> dirtyClients = new LinkedHashSet<>();
  /** Writes held back by an outage, in order (cancels a partner asked for). */
  private final List<Consumer<StateStore>> pending = new ArrayList<>();
  /**
   * Member steps (per-member outcome history) not written yet: gathered and written in one
   * transaction per tick ({@link #retry}) or before the next create or cancel, never one write per
   * acknowledgement on the fan-out path. A crash loses at most the last tick's history; the
   * participants themselves are derived again from affiliations and registrations on restart.
   */
  private final List<MemberChange> pendingSteps = new ArrayList<>();
  private boolean down;
  private static final java.util.concurrent.CompletableFuture<Void> WRITTEN = java.util.concurrent.CompletableFuture.completedFuture(null);
  /** The client changes not written yet, answered when written (core thread). */
  private java.util.concurrent.CompletableFuture<Void> batch;
  private Runnable flushSoon = () -> {};
  private long backoffMillis;
  private long nextAttempt;

  StateKeeper(StateStore store, Clock clock, String owner) {
    this.store = store;
    this.clock = clock;
    this.owner = owner;
  }

  StateStore store() {
    return store;
  }

  // ---- regroup create and cancel: durable before the answer, or undone

  /** After {@code core.regroup(...)}: commits the formed regroup, or undoes it and rejects. */
  Outcome created(McServiceServer core, Outcome o) {
    Optional<RegroupEvent> formed = first(o, RegroupEvent.Kind.FORMED);
    if (!o.accepted() || formed.isEmpty()) return o;
    McServiceGroupId rg = formed.get().regroupGroup();
    Optional<ActiveRegroup> r = core.activeRegroup(rg);
    if (r.isEmpty()) return o;
    try {
      flushPending(core);
      // what makes the promise: the regroup, its lists and its claims; the members follow as steps
      Optional<Rejection> clash = store.regroupFormed(RegroupRecord.withoutMembersOf(r.get()));
      up();
      if (clash.isEmpty()) {
        pendingSteps.addAll(changes(o));
        return o;
      }
      core.forgetRegroup(rg);
      return Outcome.reject(clash.get());
    } catch (StoreUnavailableException e) {
      core.forgetRegroup(rg);
      return unavailable(e);
    }
  }

  // ---- regroups across MC systems (10.xx.3.3): stored while forming, so a restart can settle them

  /**
   * 10.xx.3.3.1 step 4, before any partner is asked: the forming regroup is stored (its groups
   * claimed, {@code owner} = this instance) or undone: a clash in the store or an outage refuses it.
   */
  Optional<Rejection> forming(McServiceServer core, McServiceGroupId rg) {
    Optional<ActiveRegroup> r = core.activeRegroup(rg).filter(ActiveRegroup::forming);
    if (r.isEmpty()) return Optional.empty();
    try {
      flushPending(core);
      Optional<Rejection> clash = store.regroupForming(RegroupRecord.withoutMembersOf(r.get()), owner);
      up();
      if (clash.isPresent()) core.forgetRegroup(rg);
      return clash;
    } catch (StoreUnavailableException e) {
      core.forgetRegroup(rg);
      return unavailable(e).rejection();
    }
  }

  /**
   * Step 10, every partner accepted: the stored regroup is in effect. When the store cannot say
   * so the regroup is undone here and refused (503); the caller owes every partner a cancel (and
   * the stored forming regroup is settled the same way on the next start).
   */
  Outcome inEffect(McServiceServer core, Outcome formed, McServiceGroupId rg, Set<String> partners) {
    try {
      flushPending(core);
      store.regroupInEffect(rg, partners);
      up();
      pendingSteps.addAll(changes(formed));
      return formed;
    } catch (StoreUnavailableException e) {
      core.forgetRegroup(rg);
      return unavailable(e);
    }
  }

  /** 10.xx.3.3.4: the forming regroup did not take effect; the partners are owed {@code owed}. */
  void notInEffect(McServiceServer core, McServiceGroupId rg, List<OwedCancel> owed) {
    java.time.Instant at = clock.instant();
    pending.add(st -> st.regroupCancelled(rg, at, List.of(), owed, owner));
    tryFlush(core);
  }

  /** A partner confirmed an owed cancel. */
  void cancelSettled(McServiceServer core, McServiceGroupId rg, String partner) {
    pending.add(st -> st.partnerCancelSettled(rg, partner));
    tryFlush(core);
  }

  /** The active regroup {@code rg} as it is now, to undo a cancel the store could not record. */
  Optional<RegroupRecord> beforeCancel(McServiceServer core, McServiceGroupId rg) {
    return core.activeRegroup(rg).map(RegroupRecord::of);
  }

  /** After {@code core.cancel(...)}: commits the cancel, or reinstates the regroup and rejects. */
  Outcome cancelled(McServiceServer core, Outcome o, Optional<RegroupRecord> before, List<OwedCancel> owed) {
    Optional<RegroupEvent> cancelled = first(o, RegroupEvent.Kind.CANCELLED);
    if (!o.accepted() || cancelled.isEmpty() || before.isEmpty()) return o;
    try {
      flushPending(core);
      // what makes the promise: the regroup is cancelled, its claims are gone and the cancels owed
      // to its partner systems are kept; the members follow
      store.regroupCancelled(cancelled.get().regroupGroup(), cancelled.get().at(), List.of(), owed, owner);
      up();
      pendingSteps.addAll(changes(o));
      return o;
    } catch (StoreUnavailableException e) {
      core.reinstateRegroup(before.get());
      return unavailable(e);
    }
  }

  private static Outcome unavailable(StoreUnavailableException e) {
    return Outcome.reject(Rejection.of(RejectReason.SERVICE_UNAVAILABLE, e.getMessage().startsWith("store") ? e.getMessage() : "store: " + e.getMessage()));
  }

  // ---- written through, retried while the store is down

  /** The member steps of an outcome that neither formed nor cancelled a regroup. */
  void memberSteps(McServiceServer core, Outcome o) {
    pendingSteps.addAll(changes(o));
  }

  /**
   * A step that returned a bare {@link Outcome} (a partner's request, an admin change): a formed
   * regroup is committed or undone like a client's create; a cancel is written through.
   */
  Outcome settled(McServiceServer core, Outcome o) {
    if (!o.accepted()) return o;
    Optional<RegroupEvent> cancelled = first(o, RegroupEvent.Kind.CANCELLED);
    if (first(o, RegroupEvent.Kind.FORMED).isPresent()) return created(core, o);
    if (cancelled.isPresent()) {
      McServiceGroupId rg = cancelled.get().regroupGroup();
      List<MemberChange> steps = changes(o);
      pending.add(st -> st.regroupCancelled(rg, cancelled.get().at(), steps));
      tryFlush(core);
      return o;
    }
    memberSteps(core, o);
    return o;
  }

  /**
   * A client's registration or affiliations changed: its whole state is written again, in the
   * next batch ({@link #written()}). Group commit: the changes of every REGISTER and PUBLISH
   * already queued on the core thread go into one transaction, written right after them; each
   * is answered once its batch is written (or, the store being down, held for retry as before).
   */
  void clientChanged(McServiceServer core, McServiceClient client) {
    dirtyClients.add(client);
    if (batch == null) {
      batch = new java.util.concurrent.CompletableFuture<>();
      flushSoon.run();
    }
  }

  /** Completes when the client changes made so far are written (or held for retry in an outage). */
  java.util.concurrent.CompletableFuture<Void> written() {
    return batch == null ? WRITTEN : batch;
  }

  /** On the core thread, after the steps queued when the batch began: writes the batch. */
  void flushBatch(McServiceServer core) {
    java.util.concurrent.CompletableFuture<Void> b = batch;
    batch = null;
    try {
      tryFlush(core);
    } finally {
      if (b != null) b.complete(null);
    }
  }

  /** How a batch is scheduled: a task at the end of the core thread's queue ({@link SerialCore}). */
  void flushVia(Runnable scheduler) {
    this.flushSoon = scheduler;
  }

  /** Registrations ending at the next expiry check (so their rows go with them). */
  List<McServiceClient> expiring(McServiceServer core) {
    List<McServiceClient> out = new ArrayList<>();
    for (Registration r : core.allRegistrations()) if (!r.expiresAt().isAfter(clock.instant())) out.add(r.client());
    return out;
  }

  /** True while regroup changes decided here wait for the store (an outage): the store is behind this core. */
  boolean holdsRegroupWrites() {
    return !pending.isEmpty();
  }

  /** Periodic, on the core thread: writes what an outage held back. */
  void retry(McServiceServer core) {
    if (!pending.isEmpty() || !dirtyClients.isEmpty() || !pendingSteps.isEmpty()) tryFlush(core);
  }

  /**
   * Writes what is held back. While the store is down, write-through waits for the next attempt
   * (backing off from 1 s to 16 s), so an outage does not stall the core on every change; a
   * create or cancel always tries, since it is answered by the outcome.
   */
  private void tryFlush(McServiceServer core) {
    if (down && System.nanoTime() < nextAttempt) return;
    try {
      flushPending(core);
      up();
    } catch (StoreUnavailableException e) {
      if (!down) log.warn("store unavailable, {} client(s) and {} write(s) held for retry: {}", dirtyClients.size(),
          pending.size(), e.getMessage());
      backoffMillis = down ? Math.min(16_000, backoffMillis * 2) : 1000;
      nextAttempt = System.nanoTime() + backoffMillis * 1_000_000L;
      down = true;
    }
  }

  private void flushPending(McServiceServer core) {
    if (!pendingSteps.isEmpty()) {
      store.memberSteps(List.copyOf(pendingSteps));
      pendingSteps.clear();
    }
    while (!pending.isEmpty()) {
      pending.get(0).accept(store);
      pending.remove(0);
    }
    while (!dirtyClients.isEmpty()) {
      McServiceClient c = dirtyClients.iterator().next();
      store.client(c, core.registration(c), affiliationsOf(core, c));
      dirtyClients.remove(c);
    }
  }

  private void up() {
    if (down) log.info("store available again");
    down = false;
  }

  private static List<AffiliationRecord> affiliationsOf(McServiceServer core, McServiceClient c) {
    List<AffiliationRecord> out = new ArrayList<>();
    for (McService s : McService.values()) {
      Set<McServiceGroupId> groups = core.affiliationsOf(c, s);
      if (!groups.isEmpty()) out.add(new AffiliationRecord(c, s, groups));
    }
    return out;
  }

  private static List<MemberChange> changes(Outcome o) {
    List<MemberChange> out = new ArrayList<>();
    for (RegroupEvent e : o.events()) MemberChange.of(e).ifPresent(out::add);
    return out;
  }

  private static Optional<RegroupEvent> first(Outcome o, RegroupEvent.Kind kind) {
    return o.events().stream().filter(e -> e.kind() == kind).findFirst();
  }
}
