package org.muster.sip.stack;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.EventWrapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sip.IOExceptionEvent;

/**
 * Works around two thread leaks of the RI.
 *
 * <ul>
 *   <li>Its UDP message processor thread creates the {@code THREAD_POOL_SIZE} worker threads
 *       ({@code STACKNAME-UDPMessageChannelThread-i}) after {@code createListeningPoint} returns,
 *       and {@code stop()} iterates that list unguarded: a stack stopped right after start throws
 *       {@link java.util.ConcurrentModificationException} and leaves workers blocked forever. Start
 *       waits for the workers; stop interrupts any that remain.
 *   <li>Its {@code EventScannerThread} (one per stack, not a daemon) waits for events forever:
 *       {@code stop()} only sets a flag. After the stop it gets one event that does nothing, so
 *       it sees the flag and ends; otherwise every stopped stack keeps the JVM alive.
 * </ul>
 */
final class StackThreads {
  /** The source of the wake-up event; {@link StackListener} ignores it. */
  static final Object WAKE_UP = new Object();

  private static final long START_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private StackThreads() {}

  /** Waits (at most 2 s) until the stack's UDP workers run. */
  static void awaitUdpWorkers(String stackName, int count) {
    long deadline = System.nanoTime() + START_WAIT_NANOS;
    while (udpWorkers(stackName).size() < count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** Ends the threads a stopped stack leaves behind. */
  static void afterStop(String stackName, EventScanner scanner) {
    udpWorkers(stackName).forEach(Thread::interrupt);
    if (scanner != null) {
      scanner.forceStop();
      scanner.addEvent(new EventWrapper(new IOExceptionEvent(WAKE_UP, "", 0, ""), null));
    }
  }

  static List<Thread> udpWorkers(String stackName) {
    String prefix = stackName + "-UDPMessageChannelThread-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }
}
