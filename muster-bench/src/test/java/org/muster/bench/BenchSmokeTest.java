package org.muster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole harness at a smoke size (50 clients, small scale figures) so CI exercises it.
 * It checks that the figures are complete and sane, never how fast anything was: benchmarks are
 * not timed unit tests.
 */
class BenchSmokeTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void harnessProducesCompleteFiguresAtSmokeSize() throws Exception {
    Path out = dir.resolve("bench.json");
    BenchOptions o = BenchOptions.parse("--sizes", "50", "--rounds", "2", "--groups", "5", "--admission-groups", "10",
        "--concurrency", "10", "--admission-rounds", "1", "--scale-clients", "2000", "--startup-users", "2000",
        "--startup-groups", "200", "--mem-repeats", "1", "--auth-clients", "50", "--auth-rounds", "2", "--quiet", "--out", out.toString());

    Map<String, Object> result = BenchMain.run(o);

    assertThat(Files.size(out)).isPositive();
    assertThat(BenchMain.read(out).get("fanOut").get(0).get("clients").asInt()).isEqualTo(50);
    Map<String, Object> size = ((List<Map<String, Object>>) result.get("fanOut")).get(0);
    List<Map<String, Object>> rounds = (List<Map<String, Object>>) size.get("rounds");
    assertThat(rounds).hasSize(6);
    for (Map<String, Object> r : rounds) {
      assertThat(((Number) r.get("allReceivedMs")).doubleValue()).as("all received: %s", r).isPositive();
      assertThat(r.get("acknowledgements")).as("acks: %s", r).isEqualTo(50);
      assertThat(((Number) r.get("messagesReceived")).longValue()).isGreaterThanOrEqualTo(50);
      if (!r.get("kind").equals("baseline")) {
        assertThat(((Number) r.get("finalAnswerMs")).doubleValue()).isPositive();
        assertThat(((Number) r.get("allAffiliatedMs")).doubleValue()).isPositive();
      }
    }
    Map<String, Object> summary = (Map<String, Object>) size.get("summary");
    assertThat(((Number) ((Map<String, Object>) summary.get("create")).get("warmRatioToBare")).doubleValue()).isPositive();
    Map<String, Object> admission = (Map<String, Object>) size.get("admission");
    assertThat(((Map<String, Object>) admission.get("create")).get("samples")).isEqualTo(10);
    assertThat(((Map<String, Object>) admission.get("cancel")).get("samples")).isEqualTo(10);
    Map<String, Object> memory = (Map<String, Object>) ((Map<String, Object>) result.get("scale")).get("memory");
    assertThat(((Number) memory.get("bytesPerAffiliatedClient")).longValue()).isPositive();
    Map<String, Object> startup = (Map<String, Object>) ((Map<String, Object>) result.get("scale")).get("startup");
    assertThat(((Number) startup.get("totalMs")).doubleValue()).isPositive();
    Map<String, Object> auth = (Map<String, Object>) result.get("registerAuth");
    assertThat(((List<Object>) auth.get("steps"))).hasSize(8);
    for (String kind : List.of("first", "refresh")) {
      Map<String, Object> k = (Map<String, Object>) ((Map<String, Object>) auth.get("summary")).get(kind);
      assertThat(((Number) k.get("digestOverNone")).doubleValue()).as(kind).isPositive();
      for (String mode : List.of("none", "digest")) {
        Map<String, Object> m = (Map<String, Object>) k.get(mode);
        assertThat(((Number) m.get("registersPerSecond")).longValue()).as(kind + " " + mode).isPositive();
      }
      assertThat(((Map<String, Object>) k.get("none")).get("challenges")).as("lab mode never challenges").isEqualTo(0L);
    }
    assertThat(Report.table(result)).contains("create warm", "admission", "start-up", "digest / none");
  }

  @Test
  @SuppressWarnings("unchecked")
  void twoInstancesOnAnEmbeddedPostgresReportEveryClientNotifiedAndTheFollowLatency() throws Exception {
    BenchOptions o = BenchOptions.parse("--two-instances", "40", "--rounds", "1", "--groups", "2", "--admission-groups", "2",
        "--follow-rounds", "3", "--quiet");

    Map<String, Object> m = TwoInstanceBench.run(o, new Progress(true), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));

    for (String side : List.of("oneInstance", "twoInstances")) {
      for (Map<String, Object> r : (List<Map<String, Object>>) ((Map<String, Object>) m.get(side)).get("rounds")) {
        assertThat(((Number) r.get("allReceivedMs")).doubleValue()).as("%s: %s", side, r).isPositive();
        assertThat(r.get("acknowledgements")).as("%s: %s", side, r).isEqualTo(40);
      }
    }
    Map<String, Object> follow = (Map<String, Object>) m.get("followLatency");
    assertThat(follow).containsKeys("localP99", "followedP50", "followedP99");
    assertThat(((Number) follow.get("followedFromRequestP99")).doubleValue()).isPositive();
  }

  @Test
  @SuppressWarnings("unchecked")
  void soakReportsCompleteLinesAndAVerdict() throws Exception {
    Path out = dir.resolve("soak.json");
    BenchOptions o = BenchOptions.parse("--soak", "0.05", "--soak-interval", "1", "--soak-clients", "40", "--soak-dispatchers", "2",
        "--soak-rate", "4", "--soak-retention", "5", "--quiet", "--out", out.toString());

    Map<String, Object> soak = (Map<String, Object>) BenchMain.runSoak(o).get("soak");

    assertThat(BenchMain.read(out).get("soak").get("intervals")).hasSize(3);
    List<Map<String, Object>> lines = (List<Map<String, Object>>) soak.get("intervals");
    assertThat(lines).hasSize(3);
    long cycles = 0;
    for (Map<String, Object> line : lines) {
      assertThat(line).containsKeys("createP50Ms", "createP99Ms", "cancelP50Ms", "cancelP99Ms", "activeRegroups", "loadAverage");
      assertThat(line.get("errors")).as("errors: %s, %s", line, soak.get("errorSamples")).isEqualTo(0);
      for (String k : List.of("liveHeapMiB", "liveHeapFloorMiB", "storeMiB", "storeRegroups", "storeSteps", "threads")) {
        assertThat(((Number) line.get(k)).doubleValue()).as(k + " in " + line).isPositive();
      }
      cycles += ((Number) line.get("cycles")).longValue();
      assertThat(SoakVerdict.line(line)).doesNotContain("null");
    }
    assertThat(cycles).isPositive();
    Map<String, Object> verdict = (Map<String, Object>) soak.get("verdict");
    assertThat(((Map<String, Object>) verdict.get("errors")).get("result")).isEqualTo("PASS");
    assertThat(verdict).containsKeys("liveHeapFlat", "storeBounded", "passed");
  }

  @Test
  void badOptionsNameTheOption() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchOptions.parse("--rounds", "zero"))
        .hasMessageContaining("--rounds");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchOptions.parse("--skip", "everything"))
        .hasMessageContaining("--skip");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchOptions.parse("--soak", "-1"))
        .hasMessageContaining("--soak");
  }
}
