package org.muster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * "From a fresh start": the largest size's first regroup and cancel measured in a new JVM (same
 * java, class path and heap flags), with one round, so nothing of Muster's regroup path is
 * compiled yet. Only its clients' REGISTER and PUBLISH ran before, as on a real server.
 */
final class FreshJvm {
  private FreshJvm() {}

  static Map<String, Object> run(BenchOptions o, int n) throws Exception {
    Path out = Files.createTempFile("muster-bench-fresh", ".json");
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) if (a.startsWith("-X")) cmd.add(a);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchMain.class.getName(),
        "--sizes", String.valueOf(n), "--rounds", "1", "--skip", "admission,scale,fresh", "--quiet", "--out", out.toString(),
        "--groups", String.valueOf(o.groups), "--admission-groups", String.valueOf(o.admissionGroups),
        "--sockets", String.valueOf(o.sockets), "--window", String.valueOf(o.window)));
    if (o.eventsLog != null) cmd.addAll(List.of("--events-log", o.eventsLog + ".fresh"));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("fresh JVM run did not end in 10 minutes");
    }
    if (p.exitValue() != 0) throw new IllegalStateException("fresh JVM run failed with exit " + p.exitValue());
    JsonNode size = BenchMain.read(out).get("fanOut").get(0);
    Files.deleteIfExists(out);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clients", n);
    for (String k : List.of("create", "cancel")) {
      JsonNode s = size.get("summary").get(k);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("notifiedAndAffiliatedMs", s.get("firstNotifiedAndAffiliatedMs").asDouble());
      r.put("ratioToBare", s.get("firstRatioToBare").asDouble());
      m.put(k, r);
    }
    m.put("rounds", BenchMain.mapper().convertValue(size.get("rounds"), Object.class));
    return m;
  }
}
