package org.muster.sip.stack;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.message.Response;

/**
 * The requests Muster sent that await a final answer. Each one's future completes exactly once:
 * with the answer, with {@link SipResponse#timeout()} when its deadline passes or the stack's
 * Timer F fires, or with a 503 when the transport fails or the endpoint closes.
 */
final class PendingRequests {
  private final ScheduledThreadPoolExecutor timer;
  private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

  PendingRequests(String name) {
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "sip-timeouts-" + name);
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Tracks {@code tx}; call before sending it, so no answer can be missed. */
  CompletableFuture<SipResponse> track(ClientTransaction tx, Duration timeout) {
    Pending p = new Pending();
    pending.add(p);
    p.deadline =
        timer.schedule(
            () -> p.complete(SipResponse.timeout()), timeout.toMillis(), TimeUnit.MILLISECONDS);
    p.future.whenComplete((r, e) -> {
      pending.remove(p);
      p.deadline.cancel(false);
    });
    tx.setApplicationData(p);
    return p.future;
  }

  void answered(ClientTransaction tx, Response response) {
    complete(tx, Answered.from(response));
  }

  void timedOut(ClientTransaction tx) {
    complete(tx, SipResponse.timeout());
  }

  void failed(ClientTransaction tx, String cause) {
    complete(tx, Answered.notSent(cause));
  }

  private static void complete(ClientTransaction tx, SipResponse response) {
    if (tx != null && tx.getApplicationData() instanceof Pending p) p.complete(response);
  }

  /** Ends every wait with a 503 and stops the deadline thread. */
  void close() {
    for (Pending p : pending) p.complete(Answered.notSent("endpoint closed"));
    timer.shutdownNow();
  }

  int size() {
    return pending.size();
  }

  private static final class Pending {
    final CompletableFuture<SipResponse> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> deadline;

    void complete(SipResponse response) {
      future.complete(response);
    }
  }
}
