package org.muster.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.RegroupEvent;

/**
 * Counts the server's MEMBER events (MusterServer.onEvent) per member state for the step being
 * measured, and notes when each count reached the number of clients expected.
 */
final class MemberEvents implements Consumer<RegroupEvent> {
  private volatile Step step = new Step(0);

  Step newStep(int expected) {
    Step s = new Step(expected);
    step = s;
    return s;
  }

  @Override
  public void accept(RegroupEvent e) {
    if (e.kind() == RegroupEvent.Kind.MEMBER && e.memberState().isPresent()) step.count(e.memberState().get());
  }

  /** The states that record a client's answer (or its absence) to a delivery. */
  static final java.util.Set<MemberState> ANSWERS = java.util.EnumSet.of(MemberState.ACKNOWLEDGED, MemberState.FAILED,
      MemberState.UNREACHABLE, MemberState.CANCEL_ACKNOWLEDGED, MemberState.CANCEL_FAILED, MemberState.CANCEL_UNREACHABLE);

  /** Member events of one regroup or cancel. */
  static final class Step {
    private final int expected;
    private final Map<MemberState, AtomicInteger> counts = new EnumMap<>(MemberState.class);
    private final Map<MemberState, CountDownLatch> reached = new EnumMap<>(MemberState.class);
    private final Map<MemberState, Long> reachedAt = new java.util.concurrent.ConcurrentHashMap<>();

    Step(int expected) {
      this.expected = expected;
      for (MemberState s : MemberState.values()) {
        counts.put(s, new AtomicInteger());
        reached.put(s, new CountDownLatch(1));
      }
    }

    private final AtomicInteger answers = new AtomicInteger();
    private final CountDownLatch allAnswered = new CountDownLatch(1);

    void count(MemberState s) {
      // the per-state figures first: awaitAnswers() callers read them as soon as the latch opens
      if (counts.get(s).incrementAndGet() == expected) {
        reachedAt.put(s, System.nanoTime());
        reached.get(s).countDown();
      }
      if (ANSWERS.contains(s) && answers.incrementAndGet() == expected) allAnswered.countDown();
    }

    int total(MemberState s, MemberState... more) {
      int n = counts.get(s).get();
      for (MemberState m : more) n += counts.get(m).get();
      return n;
    }

    /** Waits until the server recorded every client's answer (acknowledged, failed or unreachable). */
    boolean awaitAnswers(long millis) throws InterruptedException {
      return expected == 0 || allAnswered.await(millis, TimeUnit.MILLISECONDS);
    }

    /** When {@code expected} clients reached {@code s}, or -1 if they did not (yet). */
    long reachedAt(MemberState s) {
      Long t = reachedAt.get(s);
      return t == null ? -1 : t;
    }

    /** Waits until {@code expected} clients reached {@code s}; the nanoTime then, or -1. */
    long await(MemberState s, long millis) throws InterruptedException {
      if (expected == 0) return System.nanoTime();
      return reached.get(s).await(millis, TimeUnit.MILLISECONDS) ? reachedAt.get(s) : -1;
    }
  }
}
