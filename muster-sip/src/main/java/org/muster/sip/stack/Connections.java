package org.muster.sip.stack;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * A number for each connection the stack holds (a TCP or TLS message channel), unique for the
 * life of the process: two connections from the same address and port, one after the other, get
 * different numbers. Channels are held weakly, so closed connections cost nothing.
 */
final class Connections {
  private static final Map<Object, Long> IDS = new WeakHashMap<>();
  private static long next;

  private Connections() {}

  static synchronized long idOf(Object channel) {
    if (channel == null) return 0;
    return IDS.computeIfAbsent(channel, c -> ++next);
  }
}
