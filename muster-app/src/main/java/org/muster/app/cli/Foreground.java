package org.muster.app.cli;

import java.util.concurrent.CountDownLatch;

/** The long-running commands (gms, gateway): print the ready line, then hold the process until SIGTERM/Ctrl-C stops it. */
final class Foreground {
  private Foreground() {}

  /**
   * Registers {@code stop} as the shutdown hook (thread {@code name}), prints {@code readyLine}
   * (flushed: tests and scripts wait for it) and blocks until the hook ran.
   */
  static void holdUntilStopped(String name, Runnable stop, String readyLine) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      stopped.countDown();
    }, name));
    System.out.println(readyLine);
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
