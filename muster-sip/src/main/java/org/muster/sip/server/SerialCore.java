package org.muster.sip.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.muster.core.regroup.Outcome;
import org.muster.core.server.McServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pure core of one MC system on a single thread (STYLE.md 3.3: serial per MC system),
 * so the core needs no locks and two overlapping creates are decided one after the other.
 */
public final class SerialCore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SerialCore.class);
  private final McServiceServer core;
  private final StateKeeper keeper;
  private final ScheduledThreadPoolExecutor executor;

  SerialCore(McServiceServer core, String systemId, StateKeeper keeper) {
    this.core = core;
    this.keeper = keeper;
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "muster-core-" + systemId);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    keeper.flushVia(() -> {
      try {
        executor.execute(() -> {
          try {
            keeper.flushBatch(core);
          } catch (RuntimeException e) {
            log.error("writing client state failed", e);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        log.debug("server stopping: client state of the last requests not written");
      }
    });
  }

  /** Runs {@code step} on the core thread; the future fails if the step threw. */
  public <T> CompletableFuture<T> call(Function<McServiceServer, T> step) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          f.complete(durable(step.apply(core)));
        } catch (RuntimeException | Error e) {
          log.error("core step failed", e);
          f.completeExceptionally(e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  /** Runs {@code step} on the core thread every {@code periodMillis}, then {@code after} with its result. */
  public <T> void every(long periodMillis, Function<McServiceServer, T> step, java.util.function.Consumer<T> after) {
    executor.scheduleWithFixedDelay(() -> {
      try {
        after.accept(durable(step.apply(core)));
      } catch (RuntimeException e) {
        log.error("periodic core step failed", e);
      }
    }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * A step that returns an {@link Outcome} (delivery answers, expiry, log-off, a partner's
   * request, admin changes) is made durable here, on the core thread, before anyone sees it
   * ({@link StateKeeper#settled}); a formed regroup the store refuses comes back as a rejection.
   */
  @SuppressWarnings("unchecked")
  private <T> T durable(T result) {
    if (result instanceof Outcome o && !o.events().isEmpty()) return (T) keeper.settled(core, o);
    return result;
  }

  /** The persistence glue of this core (use only from steps running on the core thread). */
  StateKeeper keeper() {
    return keeper;
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
