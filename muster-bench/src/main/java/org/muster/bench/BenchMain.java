package org.muster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness (issue: regroup fan-out, admission latency and scale against a same-run
 * baseline). Prints a table on stdout, a progress line on stderr, and writes a JSON file.
 * {@code ./bench} at the repository root builds and runs it; see BENCHMARKS.md.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchOptions o;
    try {
      o = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      boolean help = e.getMessage().startsWith("usage:");
      (help ? System.out : System.err).println(e.getMessage());
      System.exit(help ? 0 : 2);
      return;
    }
    // before anything touches SLF4J: the bench's logback.xml reads these
    if (o.eventsLog != null) {
      System.setProperty("BENCH_EVENTS_LEVEL", "INFO");
      System.setProperty("BENCH_EVENTS_FILE", o.eventsLog);
    }
    if (o.soak()) {
      soak(o);
      return;
    }
    if (o.twoInstances > 0) {
      twoInstances(o);
      return;
    }
    Map<String, Object> result;
    try {
      result = run(o);
    } catch (Exception | Error e) {
      // the SIP stacks' threads would keep the JVM alive: end it with the reason
      System.err.println("bench: failed: " + e);
      e.printStackTrace();
      System.exit(1);
      return;
    }
    System.out.print(Report.table(result));
    System.out.println("results written to " + new File(o.out).getAbsolutePath());
    System.exit(0);
  }

  /** The soak alone: exit code 0 when it passed, 3 when a criterion failed, 1 when it could not run. */
  @SuppressWarnings("unchecked")
  private static void soak(BenchOptions o) {
    try {
      Map<String, Object> result = runSoak(o);
      System.out.println("results written to " + new File(o.out).getAbsolutePath());
      boolean passed = (Boolean) ((Map<String, Object>) ((Map<String, Object>) result.get("soak")).get("verdict")).get("passed");
      System.exit(passed ? 0 : 3);
    } catch (Exception | Error e) {
      System.err.println("bench: soak failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** The two-instance comparison alone (issue 17, item 5): its lines on stdout, the figures in {@code o.out}. */
  private static void twoInstances(BenchOptions o) {
    try {
      Progress progress = new Progress(o.quiet);
      Map<String, Object> result = started(o);
      long t0 = System.nanoTime();
      try {
        result.put("twoInstances", TwoInstanceBench.run(o, progress, System.out));
      } finally {
        progress.done();
      }
      finished(o, result, t0);
      System.out.println("results written to " + new File(o.out).getAbsolutePath());
      System.exit(0);
    } catch (Exception | Error e) {
      System.err.println("bench: two instances failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** Runs the soak {@code o} asks for, printing its lines on stdout; returns what is also written to {@code o.out}. */
  static Map<String, Object> runSoak(BenchOptions o) throws Exception {
    Progress progress = new Progress(o.quiet);
    Map<String, Object> result = started(o);
    long t0 = System.nanoTime();
    result.put("soak", SoakBench.run(o, progress, System.out));
    finished(o, result, t0);
    return result;
  }

  /** The head of a results file: when, where, what was asked. */
  private static Map<String, Object> started(BenchOptions o) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("startedAt", Instant.now().toString());
    result.put("machine", Machine.describe());
    result.put("command", "./bench " + String.join(" ", o.args));
    return result;
  }

  /** Closes {@code result} (load at the end, duration since {@code t0}) and writes it to {@code o.out}. */
  private static void finished(BenchOptions o, Map<String, Object> result, long t0) throws java.io.IOException {
    result.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    result.put("durationSeconds", Math.round((System.nanoTime() - t0) / 1e9));
    Files.createDirectories(Path.of(o.out).toAbsolutePath().getParent());
    mapper().writeValue(new File(o.out), result);
  }

  /** Runs the parts {@code o} asks for; returns what is also written to {@code o.out}. */
  static Map<String, Object> run(BenchOptions o) throws Exception {
    Progress progress = new Progress(o.quiet);
    Map<String, Object> result = started(o);
    result.put("serverEventLog", o.eventsLog != null ? "on (" + o.eventsLog + ")" : "off");
    long t0 = System.nanoTime();
    try {
      if (o.runs("fanout")) {
        List<Object> sizes = new ArrayList<>();
        for (int n : o.sizes) {
          boolean admission = o.runs("admission") && n == o.largestSize();
          sizes.add(FanOutBench.run(o, n, admission, progress).json());
          write(o, result, sizes, t0);
        }
        result.put("fanOut", sizes);
      }
      if (o.runs("auth")) {
        result.put("registerAuth", RegisterAuthBench.run(o, progress).json());
        Files.createDirectories(Path.of(o.out).toAbsolutePath().getParent());
        mapper().writeValue(new File(o.out), result);
      }
      if (o.fresh && o.runs("fresh") && o.runs("fanout")) {
        progress.stage("fresh JVM, N=" + o.largestSize());
        result.put("freshJvm", FreshJvm.run(o, o.largestSize()));
      }
      if (o.runs("scale")) {
        progress.stage("scale (core, no SIP)");
        result.put("scale", ScaleBench.run(o.scaleClients, o.startupUsers, o.startupGroups, o.memRepeats, progress));
      }
    } finally {
      progress.done();
    }
    result.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    result.put("durationSeconds", Math.round((System.nanoTime() - t0) / 1e9));
    Files.createDirectories(Path.of(o.out).toAbsolutePath().getParent());
    mapper().writeValue(new File(o.out), result);
    return result;
  }

  private static void write(BenchOptions o, Map<String, Object> result, List<Object> sizes, long t0) throws Exception {
    // partial results survive an interrupted run
    result.put("fanOut", sizes);
    Files.createDirectories(Path.of(o.out).toAbsolutePath().getParent());
    mapper().writeValue(new File(o.out), result);
  }

  static ObjectMapper mapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  static JsonNode read(Path file) throws Exception {
    return mapper().readTree(file.toFile());
  }
}
