package org.muster.sip.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.muster.core.server.Decision;
import org.muster.core.server.McServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pure core of one MC system on a single thread (STYLE.md 3.3: serial per MC system),
 * so the core needs no locks and two overlapping creates are decided one after the other; and
 * hands each decision's changes to the {@link StoreWriter}, releasing the decision once they are
 * committed. A promise the store did not take is undone on this thread, by the one mechanism
 * ({@link McServiceServer#undo}), before the request is refused ({@link NotDurable}).
 */
public final class SerialCore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SerialCore.class);
  private final McServiceServer core;
  private final StoreWriter writer;
  private final ScheduledThreadPoolExecutor executor;
  /** Where decisions are released once written: off the core and the writer threads, in order. */
  private final ExecutorService released;

  SerialCore(McServiceServer core, String systemId, StoreWriter writer) {
    this.core = core;
    this.writer = writer;
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "muster-core-" + systemId);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    this.released = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "muster-released-" + systemId);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs {@code step} on the core thread; the future completes with its answer once what it
   * changed is committed (or held through an outage, when nothing was promised), fails with
   * {@link NotDurable} when a promise was undone, or with what the step threw.
   */
  public <T> CompletableFuture<T> call(Function<McServiceServer, T> step) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      executor.execute(() -> decide(step, f));
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  /**
   * As {@link #call(Function)}, with {@code then} run once the decision is released, in the order
   * the core decided: attached before the step can run, so it never runs on the caller's thread.
   * What it hands to the sender thread (sends, events) keeps the core's order.
   */
  public <T> void call(Function<McServiceServer, T> step, java.util.function.BiConsumer<? super T, ? super Throwable> then) {
    CompletableFuture<T> f = new CompletableFuture<>();
    f.whenComplete((answer, e) -> {
      try {
        then.accept(answer, e);
      } catch (RuntimeException bug) {
        log.error("handling a decision's answer failed", bug); // not lost silently in a future nobody reads
      }
    });
    try {
      executor.execute(() -> decide(step, f));
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(e);
    }
  }

  private <T> void decide(Function<McServiceServer, T> step, CompletableFuture<T> f) {
    Decision<T> d;
    try {
      d = core.decide(step);
    } catch (RuntimeException | Error e) {
      log.error("core step failed", e);
      f.completeExceptionally(e);
      return;
    }
    Release turn = inOrder();
    if (d.changes().isEmpty()) {
      ready(turn, () -> f.complete(d.answer()));
      return;
    }
    writer.submit(d.changes()).thenAccept(r -> {
      if (r.taken()) {
        if (d.awaitsCommit()) {
          // what waited for the commit (the cancels owed to partners) may go, before the answer
          onCore(() -> {
            core.committed(d.changes());
            ready(turn, () -> f.complete(d.answer()));
          });
        } else {
          ready(turn, () -> f.complete(d.answer()));
        }
        return;
      }
      // the store did not take a promise: undone here, then refused
      onCore(() -> {
        core.undo(r.notTaken());
        ready(turn, () -> f.completeExceptionally(new NotDurable(r.why())));
      });
    });
  }

  /** One decision's place in the order decisions are released (what it sends and publishes follows the core's order). */
  private static final class Release {
    Runnable action;
  }

  private final java.util.ArrayDeque<Release> order = new java.util.ArrayDeque<>();

  private Release inOrder() {
    synchronized (order) {
      Release r = new Release();
      order.add(r);
      return r;
    }
  }

  /** {@code turn} may be released: it and every decision after it that is ready go, in the core's order. */
  private void ready(Release turn, Runnable action) {
    synchronized (order) {
      turn.action = action;
      while (!order.isEmpty() && order.peek().action != null) release(order.poll().action);
    }
  }

  /** Runs {@code step} on the core thread every {@code periodMillis}, then {@code after} with its answer once written. */
  public <T> void every(long periodMillis, Function<McServiceServer, T> step, Consumer<T> after) {
    executor.scheduleWithFixedDelay(() -> {
      CompletableFuture<T> f = new CompletableFuture<>();
      decide(step, f);
      f.whenComplete((answer, e) -> {
        if (e == null) after.accept(answer);
        else if (NotDurable.of(e).isEmpty()) log.error("periodic core step failed", e);
      });
    }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Work waiting now: steps for the core's thread (requests, answers, timers; the periodic ones
   * too) and decisions for the store's writer (which grows when the store is slower than the core).
   */
  int backlog() {
    return executor.getQueue().size() + writer.queued();
  }

  /** Reads the store once everything decided so far is written ({@link StoreWriter#read}). */
  <T> CompletableFuture<T> readStore(Function<org.muster.core.port.StateStore, T> query) {
    return writer.read(query);
  }

  /** True while changes decided here wait for a store that is down. */
  boolean storeBehind() {
    return writer.behind();
  }

  private void onCore(Runnable r) {
    try {
      executor.execute(r);
    } catch (RejectedExecutionException stopping) {
      log.debug("server stopping: an undo was left undone");
    }
  }

  private void release(Runnable r) {
    try {
      released.execute(r);
    } catch (RejectedExecutionException stopping) {
      r.run();
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
    released.shutdown();
  }
}
