package org.muster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak's rules on made-up runs of 30 one-minute intervals at 300 cycles a minute, retention 500. */
class SoakVerdictTest {
  @Test
  void aFlatRunPasses() {
    SoakVerdict v = SoakVerdict.judge(run(0, 0, 0), 0, 500, 60, 4);
    assertThat(v.passed()).as(v.text()).isTrue();
    assertThat(v.text()).contains("errors        PASS", "liveHeapFlat  PASS", "storeBounded  PASS");
  }

  @Test
  void oneErrorFails() {
    SoakVerdict v = SoakVerdict.judge(run(0, 0, 0), 1, 500, 60, 4);
    assertThat(v.passed()).isFalse();
    assertThat(v.text()).contains("errors        FAIL  1 errors in 9,000 cycles");
  }

  @Test
  void aHeapGrowingAfterTheFirstThirdFails() {
    SoakVerdict v = SoakVerdict.judge(run(2.0, 0, 0), 0, 500, 60, 4); // 2 MiB a minute: 40 MiB over the last 20 minutes
    assertThat(v.passed()).isFalse();
    assertThat(v.text()).contains("liveHeapFlat  FAIL");
  }

  @Test
  void aStoreThatKeepsGrowingFails() {
    assertThat(SoakVerdict.judge(run(0, 5.0, 0), 0, 500, 60, 4).text()).contains("storeBounded  FAIL"); // the file
    assertThat(SoakVerdict.judge(run(0, 0, 100), 0, 500, 60, 4).text()).contains("storeBounded  FAIL"); // the rows
  }

  @Test
  void aShortRunIsNotJudgedOnHeapOrStore() {
    SoakVerdict v = SoakVerdict.judge(run(0, 0, 0).subList(0, 2), 0, 500, 60, 4);
    assertThat(v.passed()).isTrue();
    assertThat(v.text()).contains("liveHeapFlat  not judged", "storeBounded  not judged");
  }

  /**
   * 30 minutes: the heap fills to 100 MiB by minute 5, then grows {@code heapPerMinute}; the file
   * grows 20 MiB a minute until pruning starts (minute 7), then {@code filePerMinute}; the rows
   * level off at 2,000 (500 + 5 minutes of 300) plus {@code extraRowsPerMinute} a minute.
   */
  private static List<Map<String, Object>> run(double heapPerMinute, double filePerMinute, int extraRowsPerMinute) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("atSeconds", 60L * i);
      m.put("cycles", 300);
      m.put("errors", 0);
      m.put("createP50Ms", 5.0);
      m.put("createP99Ms", 30.0);
      m.put("cancelP50Ms", 5.0);
      m.put("cancelP99Ms", 30.0);
      m.put("liveHeapFloorMiB", Math.min(i, 5) * 20.0 + Math.max(0, i - 5) * heapPerMinute);
      m.put("liveHeapMiB", 30 + Math.min(i, 5) * 20.0 + Math.max(0, i - 5) * heapPerMinute);
      m.put("storeMiB", Math.min(i, 7) * 20.0 + Math.max(0, i - 7) * filePerMinute);
      m.put("storeRegroups", (long) Math.min(300 * i, 2_000) + (long) Math.max(0, i - 7) * extraRowsPerMinute);
      m.put("storeSteps", 0L);
      m.put("threads", 70);
      m.put("loadAverage", 1.0);
      lines.add(m);
    }
    return lines;
  }
}
