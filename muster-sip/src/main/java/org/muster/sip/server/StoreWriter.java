package org.muster.sip.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.port.StateStore;
import org.muster.core.port.StoreUnavailableException;
import org.muster.core.regroup.StateChange;
import org.muster.core.time.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the store (STYLE.md: one writer, group commit). The core thread hands over
 * the changes of each decision, in order ({@link #submit}); this thread takes everything that
 * queued while it was writing and commits it as one batch:
 *
 * <ol>
 *   <li>the regroup changes and client states, in decision order, in one transaction; then each
 *       decision is released: taken whole, or told which of its promises the store refused (a
 *       clash with another server sharing the store, or an outage), for the core to undo;
 *   <li>the member steps (outcome history, often thousands per fan-out) afterwards, in chunks of
 *       {@link #STEP_CHUNK} written while no decision waits, so no answer waits for them.
 * </ol>
 *
 * <p>While the store is down, what is not a promise (client states, settled partner cancels,
 * member steps) is kept here in order and written first once it is back; writes are tried again
 * per {@link Backoff#STORE} (1 s, doubling to 16 s), and at once for a decision with a promise (its
 * requester waits).
 */
final class StoreWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
  /** Member steps kept through an outage at most; the oldest go first (history only: participants are derived again). */
  static final int MAX_HELD_STEPS = 500_000;
  /** Member steps per transaction: a decision that arrives meanwhile waits for one chunk at most. */
  static final int STEP_CHUNK = 1_000;

  /** What became of one decision's changes. {@code notTaken} is empty when all were committed. */
  record Result(List<StateChange> notTaken, Rejection why) {
    static final Result TAKEN = new Result(List.of(), null);

    boolean taken() {
      return notTaken.isEmpty();
    }
  }

  private record Submitted(List<StateChange> changes, CompletableFuture<Result> done, Function<StateStore, ?> read,
      CompletableFuture<Object> readDone) {}

  private final StateStore store;
  private final String owner;
  private final LinkedBlockingQueue<Submitted> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  /** Non-promise changes an outage held back, in order (writer thread only). */
  private final List<StateChange> held = new ArrayList<>();
  /** Member steps of committed decisions not written yet, in order (writer thread only). */
  private final List<StateChange.MemberStepped> heldSteps = new ArrayList<>();
  private volatile boolean running = true;
  private volatile boolean down;
  /** Failed attempts in a row ({@link Backoff#STORE}). */
  private int failures;
  private long nextAttemptNanos;

  /** Told of every store transaction ({@link ServerObserver#storeWritten}). */
  private volatile ServerObserver observer = ServerObserver.NONE;

  void observe(ServerObserver observer) {
    this.observer = observer;
  }

  StoreWriter(StateStore store, String owner, String systemId) {
    this.store = store;
    this.owner = owner;
    this.thread = new Thread(this::run, "muster-store-" + systemId);
    thread.setDaemon(true);
    thread.start();
  }

  /** The changes of one decision, in order; completes once they are committed, or with what was not. Core thread. */
  CompletableFuture<Result> submit(List<StateChange> changes) {
    CompletableFuture<Result> done = new CompletableFuture<>();
    if (!running) {
      done.complete(new Result(promises(changes), Rejection.of(RejectReason.SERVICE_UNAVAILABLE, "store: server stopping")));
      return done;
    }
    queue.add(new Submitted(changes, done, null, null));
    return done;
  }

  /** Reads the store after everything submitted before is written (or held through an outage). */
  @SuppressWarnings("unchecked")
  <T> CompletableFuture<T> read(Function<StateStore, T> query) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    queue.add(new Submitted(List.of(), null, query, done));
    return (CompletableFuture<T>) done;
  }

  /** Decisions and reads waiting for this thread now. */
  int queued() {
    return queue.size();
  }

  /** True while changes wait for a store that is down. */
  boolean behind() {
    return down;
  }

  private void run() {
    List<Submitted> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        // decisions first; member steps in chunks while none wait, so no answer waits for a fan-out's history
        boolean stepsDue = !heldSteps.isEmpty() && !(down && System.nanoTime() < nextAttemptNanos);
        Submitted first = stepsDue ? queue.poll() : queue.poll(down ? 100 : 1000, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch);
          write(batch);
          if (heldSteps.size() >= 5 * STEP_CHUNK) writeSteps(); // under a steady stream of decisions, history still goes
        } else {
          write(batch); // nothing new: what an outage held back, once it is due
          writeSteps();
        }
      } catch (InterruptedException e) {
        running = false;
      } catch (RuntimeException e) {
        log.error("store writer failed on a batch of {} decision(s)", batch.size(), e);
        for (Submitted s : batch) {
          if (s.done != null) s.done.complete(new Result(promises(s.changes), Rejection.of(RejectReason.SERVICE_UNAVAILABLE, "store: write failed")));
          if (s.readDone != null) s.readDone.completeExceptionally(e);
        }
      } finally {
        batch.clear();
      }
    }
    writeSteps(); // at close: the last chunk of history, if the store takes it
  }

  /** One group commit: the decisions in {@code batch} (reads in their place), plus what an outage held back. */
  private void write(List<Submitted> batch) {
    int from = 0;
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).read != null) {
        commit(batch.subList(from, i));
        Submitted r = batch.get(i);
        try {
          r.readDone.complete(r.read.apply(store));
        } catch (RuntimeException e) {
          r.readDone.completeExceptionally(e);
        }
        from = i + 1;
      }
    }
    commit(batch.subList(from, batch.size()));
  }

  private void commit(List<Submitted> decisions) {
    boolean promised = false;
    List<StateChange> changes = new ArrayList<>(held);
    int heldCount = held.size();
    List<StateChange.MemberStepped> steps = new ArrayList<>();
    // where each decision's non-step changes start in {@code changes}
    int[] starts = new int[decisions.size() + 1];
    for (int d = 0; d < decisions.size(); d++) {
      starts[d] = changes.size();
      for (StateChange c : decisions.get(d).changes) {
        if (c instanceof StateChange.MemberStepped m) steps.add(m);
        else changes.add(c);
        promised |= c.promise();
      }
    }
    starts[decisions.size()] = changes.size();
    if (changes.isEmpty()) { // nothing waits on the store: released at once, the steps follow
      for (Submitted s : decisions) s.done.complete(Result.TAKEN);
      queueSteps(steps, Set.of());
      return;
    }
    if (down && !promised && System.nanoTime() < nextAttemptNanos) {
      hold(changes, heldCount, steps, Set.of(), Set.of());
      for (Submitted s : decisions) s.done.complete(Result.TAKEN); // held, written once the store is back
      return;
    }
    Map<Integer, Rejection> refused;
    Set<McServiceGroupId> undone = new HashSet<>();
    long start = System.nanoTime();
    try {
      refused = store.write(changes, owner).refused();
      observer.storeWritten(Duration.ofNanos(System.nanoTime() - start), changes.size(), true);
      held.clear();
      up();
    } catch (StoreUnavailableException e) {
      observer.storeWritten(Duration.ofNanos(System.nanoTime() - start), changes.size(), false);
      failed(e, changes.size() - heldCount, steps.size());
      Rejection why = Rejection.of(RejectReason.SERVICE_UNAVAILABLE, e.getMessage().startsWith("store") ? e.getMessage() : "store: " + e.getMessage());
      // the history lines of a decision undone describe what did not happen: they go with it
      Set<StateChange> voided = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      for (int d = 0; d < decisions.size(); d++) {
        List<StateChange> notTaken = promises(changes.subList(starts[d], starts[d + 1]));
        for (StateChange c : notTaken) undone.add(groupOf(c));
        if (!notTaken.isEmpty()) for (StateChange c : changes.subList(starts[d], starts[d + 1])) if (c instanceof StateChange.Recorded) voided.add(c);
        decisions.get(d).done.complete(notTaken.isEmpty() ? Result.TAKEN : new Result(notTaken, why));
      }
      hold(changes, heldCount, steps, undone, voided);
      return;
    }
    for (int d = 0; d < decisions.size(); d++) {
      List<StateChange> notTaken = new ArrayList<>();
      Rejection why = null;
      for (int i = starts[d]; i < starts[d + 1]; i++) {
        Rejection r = refused.get(i);
        if (r == null) continue;
        notTaken.add(changes.get(i));
        undone.add(groupOf(changes.get(i)));
        if (why == null) why = r;
      }
      decisions.get(d).done.complete(notTaken.isEmpty() ? Result.TAKEN : new Result(notTaken, why));
    }
    queueSteps(steps, undone);
  }

  /** The member steps of committed decisions, to write after them (those of undone regroups go). */
  private void queueSteps(List<StateChange.MemberStepped> steps, Set<McServiceGroupId> undone) {
    for (StateChange.MemberStepped m : steps) if (!undone.contains(m.regroupGroup())) heldSteps.add(m);
    trimSteps();
  }

  /**
   * Writes the oldest {@link #STEP_CHUNK} member steps in one transaction: history, written while
   * no decision waits, kept through an outage (and tried per the backoff).
   */
  private void writeSteps() {
    if (heldSteps.isEmpty() || (down && System.nanoTime() < nextAttemptNanos)) return;
    List<StateChange.MemberStepped> chunk = heldSteps.subList(0, Math.min(STEP_CHUNK, heldSteps.size()));
    try {
      store.write(new ArrayList<StateChange>(chunk), owner);
      chunk.clear();
      up();
    } catch (StoreUnavailableException e) {
      failed(e, 0, heldSteps.size());
    }
  }

  /** Keeps what is not a promise for the next attempt, in order; member steps of undone regroups and {@code voided} history go. */
  private void hold(List<StateChange> changes, int heldCount, List<StateChange.MemberStepped> steps, Set<McServiceGroupId> undone,
      Set<StateChange> voided) {
    List<StateChange> keep = new ArrayList<>();
    for (StateChange c : changes) if (!c.promise() && !voided.contains(c)) keep.add(c);
    held.clear();
    held.addAll(keep);
    for (StateChange.MemberStepped m : steps) if (!undone.contains(m.regroupGroup())) heldSteps.add(m);
    trimSteps();
  }

  private void trimSteps() {
    int over = heldSteps.size() - MAX_HELD_STEPS;
    if (over > 0) {
      heldSteps.subList(0, over).clear();
      log.warn("store still unavailable: the oldest {} member step(s) of outcome history were dropped", over);
    }
  }

  private void failed(StoreUnavailableException e, int changes, int steps) {
    if (!down) log.warn("store unavailable, {} change(s) and {} member step(s) held for retry: {}", changes, steps, e.getMessage());
    failures = down ? failures + 1 : 1;
    nextAttemptNanos = System.nanoTime() + Backoff.STORE.after(failures).toNanos();
    down = true;
  }

  private void up() {
    if (down) log.info("store available again");
    down = false;
  }

  private static List<StateChange> promises(List<StateChange> changes) {
    List<StateChange> out = new ArrayList<>();
    for (StateChange c : changes) if (c.promise()) out.add(c);
    return out;
  }

  private static McServiceGroupId groupOf(StateChange c) {
    if (c instanceof StateChange.RegroupFormed f) return f.regroup().regroupGroup();
    if (c instanceof StateChange.RegroupForming f) return f.regroup().regroupGroup();
    if (c instanceof StateChange.RegroupInEffect e) return e.regroupGroup();
    if (c instanceof StateChange.RegroupCancelled x) return x.regroupGroup();
    throw new IllegalArgumentException("not a promise: " + c);
  }

  /** Writes what was submitted before, then stops the thread (at most a few seconds). */
  @Override
  public void close() {
    running = false;
    queue.add(new Submitted(List.of(), new CompletableFuture<>(), null, null)); // wakes the thread
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
