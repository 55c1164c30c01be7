package org.muster.sip.server;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Striped sending: a few single-thread lanes that hand requests to the SIP stack side by side.
 * Work for one key (a client) always takes the same lane, so what one client is sent keeps the
 * order it was handed over in; across clients there is no order (none is needed: each delivery
 * is its own transaction). A lane's thread ends after a few idle seconds and comes back with
 * the next work.
 */
final class SendLanes {
  private static final Logger log = LoggerFactory.getLogger(SendLanes.class);
  private static final long IDLE_SECONDS = 5;
  private final ThreadPoolExecutor[] lanes;

  SendLanes(int count, String name) {
    if (count < 1) throw new IllegalArgumentException("lanes must be at least 1, was " + count);
    lanes = new ThreadPoolExecutor[count];
    for (int i = 0; i < count; i++) {
      String threadName = name + "-" + i;
      ThreadPoolExecutor lane = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
      });
      lane.allowCoreThreadTimeOut(true);
      lanes[i] = lane;
    }
  }

  int count() {
    return lanes.length;
  }

  /** The lane of {@code key}: the same for equal keys. */
  int laneOf(Object key) {
    int h = key.hashCode();
    return Math.floorMod(h ^ (h >>> 16), lanes.length);
  }

  /** Runs {@code work} on lane {@code lane}, after what that lane was handed before; not once stopped. */
  void execute(int lane, Runnable work) {
    try {
      lanes[lane].execute(work);
    } catch (RejectedExecutionException stopped) {
      log.debug("server stopping: sends left undone");
    }
  }

  /** Lets the lanes finish what they hold, then end. */
  void shutdown() {
    for (ThreadPoolExecutor lane : lanes) lane.shutdown();
  }
}
