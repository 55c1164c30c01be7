package org.muster.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak's lines and its verdict. Three criteria, each PASS, FAIL or "not judged" (a run too
 * short to show it):
 * <ul>
 *   <li><b>no errors</b>: no create or cancel answered other than 200 or unanswered within
 *       {@link SoakBench#ANSWER_TIMEOUT_MS}, no client left without a request within {@link
 *       SoakBench#DELIVERY_TIMEOUT_MS}, over the whole run (cycles still running after the last
 *       interval included);
 *   <li><b>live heap flat</b>: the median live heap floor (the least of three readings after a
 *       forced full GC in each interval: a backlog on a loaded machine lifts single readings, a
 *       leak lifts the floor) of the last three intervals is at most 10 % + 16 MiB above the median
 *       of the three intervals ending at a third of the run (minutes 8 to 10 of 30): by then the
 *       server's bounded in-memory history and H2's page cache have filled, so growth after it is
 *       a leak;
 *   <li><b>store bounded</b>: at the end the store keeps at most the retention's regroups, plus the
 *       regroups cycled in the last 6 minutes (cancelled regroups are kept 5 minutes whatever the
 *       retention, and pruning runs every 30 s), plus one in effect per dispatcher; and its file
 *       at the end is at most 10 % larger than at half-time. Judged once pruning has begun by
 *       half-time (fewer regroups in the store than cycles done).
 * </ul>
 */
final class SoakVerdict {
  static final double HEAP_MARGIN = 0.10;
  static final double HEAP_SLACK_MIB = 16;
  static final double FILE_MARGIN = 0.10;
  /** StoreRetention's grace (5 minutes) and one pruning interval, rounded up. */
  static final int KEPT_SECONDS = 360;

  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<String> text = new ArrayList<>();
  private boolean passed = true;

  private SoakVerdict() {}

  static String header() {
    return String.format("%6s %7s %6s %17s %17s %15s %9s %9s %10s %7s %5s", "at", "cycles", "errors", "create p50/p99 ms",
        "cancel p50/p99 ms", "heap floor/end", "store MiB", "regroups", "steps", "threads", "load");
  }

  static String line(Map<String, Object> m) {
    long at = num(m, "atSeconds").longValue();
    return String.format("%3d:%02d %,7d %6d %8.1f/%-8.1f %8.1f/%-8.1f %7.1f/%-7.1f %9.1f %,9d %,10d %7d %5.1f", at / 60, at % 60,
        num(m, "cycles").intValue(), num(m, "errors").intValue(), num(m, "createP50Ms").doubleValue(), num(m, "createP99Ms").doubleValue(),
        num(m, "cancelP50Ms").doubleValue(), num(m, "cancelP99Ms").doubleValue(), num(m, "liveHeapFloorMiB").doubleValue(),
        num(m, "liveHeapMiB").doubleValue(),
        num(m, "storeMiB").doubleValue(), num(m, "storeRegroups").longValue(), num(m, "storeSteps").longValue(),
        num(m, "threads").intValue(), num(m, "loadAverage").doubleValue());
  }

  static SoakVerdict judge(List<Map<String, Object>> lines, int errorsAfterLast, int retention, int intervalSeconds, int dispatchers) {
    SoakVerdict v = new SoakVerdict();
    v.errors(lines, errorsAfterLast);
    v.heap(lines);
    v.store(lines, retention, intervalSeconds, dispatchers);
    v.json.put("passed", v.passed);
    return v;
  }

  private void errors(List<Map<String, Object>> lines, int errorsAfterLast) {
    long errors = errorsAfterLast + lines.stream().mapToLong(m -> num(m, "errors").longValue()).sum();
    long cycles = lines.stream().mapToLong(m -> num(m, "cycles").longValue()).sum();
    criterion("errors", errors == 0, String.format("%,d errors in %,d cycles", errors, cycles));
  }

  private void heap(List<Map<String, Object>> lines) {
    int n = lines.size();
    if (n < 3) {
      notJudged("liveHeapFlat", "fewer than 3 intervals");
      return;
    }
    int w = Math.max(1, Math.min(3, n / 3));
    int ref = Math.max(w, Math.round(n / 3f));
    double reference = medianHeap(lines.subList(ref - w, ref));
    double last = medianHeap(lines.subList(n - w, n));
    double limit = reference * (1 + HEAP_MARGIN) + HEAP_SLACK_MIB;
    criterion("liveHeapFlat", last <= limit, String.format("heap floor, median of intervals %d-%d %.1f MiB <= %.1f MiB (intervals %d-%d: %.1f MiB, +%.0f %% +%.0f MiB)",
        n - w + 1, n, last, limit, ref - w + 1, ref, reference, HEAP_MARGIN * 100, HEAP_SLACK_MIB));
  }

  private void store(List<Map<String, Object>> lines, int retention, int intervalSeconds, int dispatchers) {
    int n = lines.size();
    int half = Math.max(1, n / 2);
    long cyclesByHalf = 0;
    for (int i = 0; i < half; i++) cyclesByHalf += num(lines.get(i), "cycles").longValue();
    long regroupsAtHalf = num(lines.get(half - 1), "storeRegroups").longValue();
    if (n < 2 || regroupsAtHalf >= cyclesByHalf) {
      notJudged("storeBounded", "no pruning by half-time (" + regroupsAtHalf + " regroups kept of " + cyclesByHalf + " cycled)");
      return;
    }
    int recentIntervals = (KEPT_SECONDS + intervalSeconds - 1) / intervalSeconds;
    long recent = 0;
    for (int i = Math.max(0, n - recentIntervals); i < n; i++) recent += num(lines.get(i), "cycles").longValue();
    long kept = num(lines.get(n - 1), "storeRegroups").longValue();
    long rowLimit = retention + recent + dispatchers;
    double file = num(lines.get(n - 1), "storeMiB").doubleValue();
    double fileAtHalf = num(lines.get(half - 1), "storeMiB").doubleValue();
    double fileLimit = fileAtHalf * (1 + FILE_MARGIN);
    criterion("storeBounded", kept <= rowLimit && file <= fileLimit, String.format(
        "%,d regroups kept <= %,d (retention %,d + %,d cycled in the last %d s + %d in effect); file %.1f MiB <= %.1f MiB (%.1f MiB at half-time +%.0f %%)",
        kept, rowLimit, retention, recent, recentIntervals * intervalSeconds, dispatchers, file, fileLimit, fileAtHalf, FILE_MARGIN * 100));
  }

  private void criterion(String name, boolean ok, String detail) {
    passed &= ok;
    json.put(name, Map.of("result", ok ? "PASS" : "FAIL", "detail", detail));
    text.add(String.format("  %-13s %s  %s%n", name, ok ? "PASS" : "FAIL", detail));
  }

  private void notJudged(String name, String why) {
    json.put(name, Map.of("result", "not judged", "detail", why));
    text.add(String.format("  %-13s %s  %s%n", name, "not judged", why));
  }

  private static double medianHeap(List<Map<String, Object>> lines) {
    return Stats.median(lines.stream().map(m -> num(m, "liveHeapFloorMiB").doubleValue()).toList());
  }

  private static Number num(Map<String, Object> m, String key) {
    return (Number) m.get(key);
  }

  boolean passed() {
    return passed;
  }

  Map<String, Object> json() {
    return json;
  }

  String text() {
    return String.format("soak verdict: %s%n", passed ? "PASS" : "FAIL") + String.join("", text);
  }
}
