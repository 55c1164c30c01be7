package org.muster.sip.stack;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Works around a start/stop race of the RI's UDP message processor: its thread creates the
 * {@code THREAD_POOL_SIZE} worker threads ({@code STACKNAME-UDPMessageChannelThread-i}) after
 * {@code createListeningPoint} returns, and {@code stop()} iterates that list unguarded, so a stack
 * stopped right after start throws {@link java.util.ConcurrentModificationException} and leaves
 * workers blocked forever. Start waits for the workers; stop interrupts any that remain.
 */
final class StackThreads {
  private static final long START_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private StackThreads() {}

  /** Waits (at most 2 s) until the stack's UDP workers run. */
  static void awaitUdpWorkers(String stackName, int count) {
    long deadline = System.nanoTime() + START_WAIT_NANOS;
    while (udpWorkers(stackName).size() < count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** Interrupts the UDP workers still alive after the stack stopped; they then exit. */
  static void interruptUdpWorkers(String stackName) {
    udpWorkers(stackName).forEach(Thread::interrupt);
  }

  static List<Thread> udpWorkers(String stackName) {
    String prefix = stackName + "-UDPMessageChannelThread-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }
}
