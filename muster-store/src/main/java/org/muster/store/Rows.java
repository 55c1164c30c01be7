package org.muster.store;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.muster.core.id.McService;

/** Column encodings shared by the writer and the reader. */
final class Rows {
  private Rows() {}

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  static String services(Set<McService> s) {
    return s.stream().map(McService::name).sorted().collect(Collectors.joining(","));
  }

  static Set<McService> services(String s) {
    Set<McService> out = EnumSet.noneOf(McService.class);
    for (String w : s.split(",")) if (!w.isBlank()) out.add(McService.valueOf(w.trim()));
    return out;
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
