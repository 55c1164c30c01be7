package org.muster.bench;

import java.util.List;
import java.util.Map;

/** The readable console table of a run's results (the same figures as the JSON file). */
final class Report {
  private Report() {}

  @SuppressWarnings("unchecked")
  static String table(Map<String, Object> result) {
    StringBuilder b = new StringBuilder();
    Map<String, Object> machine = (Map<String, Object>) result.get("machine");
    b.append(String.format("%nMuster benchmarks on %s (%s cores), %s%n", machine.get("cpu"), machine.get("cores"), machine.get("java")));
    b.append(String.format("server event log: %s; load average at start %.2f%n", result.get("serverEventLog"), (Double) machine.get("loadAverageAtStart")));
    List<Map<String, Object>> sizes = (List<Map<String, Object>>) result.get("fanOut");
    if (sizes != null) {
      b.append(String.format("%nFan-out: ms from the request; 'first' = round 1 on a fresh server, 'warm' = median of later rounds;%n"));
      b.append(String.format("ratio = notifications/s over the bare JAIN-SIP stack's, same clients, same round%n"));
      String head = String.format("%8s %-15s %9s %9s %9s %9s %9s %8s %7s %8s%n",
          "clients", "step", "answer", "all-recv", "all-affil", "all-acked", "notif/s", "ratio", "acks", "msgs");
      b.append(head).append("-".repeat(head.length() - 1)).append('\n');
      for (Map<String, Object> s : sizes) {
        List<Map<String, Object>> rounds = (List<Map<String, Object>>) s.get("rounds");
        int n = (Integer) s.get("clients");
        for (String kind : List.of("baseline", "create", "cancel")) {
          List<Map<String, Object>> of = rounds.stream().filter(r -> kind.equals(r.get("kind"))).toList();
          b.append(row(n, kind + " first", of.get(0), rounds));
          if (of.size() > 1) b.append(row(n, kind + " warm", median(of.subList(1, of.size()), rounds), rounds));
        }
        b.append(String.format("%8d set-up: %,.0f REGISTER/s, REGISTER+PUBLISH of all clients %.0f ms%n", n,
            ((Number) s.get("registrationsPerSecond")).doubleValue(), ((Number) s.get("setupMs")).doubleValue()));
        Map<String, Object> adm = (Map<String, Object>) s.get("admission");
        if (adm != null) b.append(admission(adm));
      }
    }
    Map<String, Object> auth = (Map<String, Object>) result.get("registerAuth");
    if (auth != null) b.append(registerAuth(auth));
    Map<String, Object> fresh = (Map<String, Object>) result.get("freshJvm");
    if (fresh != null) {
      Map<String, Object> c = (Map<String, Object>) fresh.get("create");
      Map<String, Object> x = (Map<String, Object>) fresh.get("cancel");
      b.append(String.format("%nFresh JVM, %s clients: regroup notified+affiliated %.1f ms (ratio %.2f), cancel %.1f ms (ratio %.2f)%n",
          fresh.get("clients"), c.get("notifiedAndAffiliatedMs"), c.get("ratioToBare"), x.get("notifiedAndAffiliatedMs"), x.get("ratioToBare")));
    }
    Map<String, Object> scale = (Map<String, Object>) result.get("scale");
    if (scale != null) b.append(scale(scale));
    return b.toString();
  }

  private static String row(int n, String step, Map<String, Object> r, List<Map<String, Object>> rounds) {
    return String.format("%8d %-15s %9s %9s %9s %9s %,9d %8s %7s %8s%n", n, step, ms(r.get("finalAnswerMs")), ms(r.get("allReceivedMs")),
        ms(r.get("allAffiliatedMs")), ms(r.get("allAnsweredMs")), ((Number) r.get("notificationsPerSecond")).longValue(),
        r.containsKey("ratio") ? String.format("%.2f", (Double) r.get("ratio")) : ratio(r, rounds), num(r.get("acknowledgements")),
        num(r.get("messagesReceived")));
  }

  /** The ratio of a single round to the baseline of the same round. */
  private static String ratio(Map<String, Object> r, List<Map<String, Object>> rounds) {
    if ("baseline".equals(r.get("kind"))) return "1.00";
    for (Map<String, Object> x : rounds) {
      if ("baseline".equals(x.get("kind")) && x.get("round").equals(r.get("round"))) {
        return String.format("%.2f", ((Number) r.get("notificationsPerSecond")).doubleValue()
            / ((Number) x.get("notificationsPerSecond")).doubleValue());
      }
    }
    return "";
  }

  /** Field-wise median of warm rounds; "ratio" is the median of per-round ratios. */
  private static Map<String, Object> median(List<Map<String, Object>> rounds, List<Map<String, Object>> all) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (String k : List.of("finalAnswerMs", "allReceivedMs", "allAffiliatedMs", "allAnsweredMs", "notificationsPerSecond",
        "acknowledgements", "messagesReceived")) {
      if (!rounds.get(0).containsKey(k)) continue;
      double v = Stats.median(rounds.stream().map(x -> ((Number) x.get(k)).doubleValue()).toList());
      m.put(k, k.endsWith("Ms") ? (Object) v : (Object) Math.round(v));
    }
    m.put("kind", rounds.get(0).get("kind"));
    List<Double> ratios = rounds.stream().map(r -> Double.parseDouble(ratio(r, all))).toList();
    m.put("ratio", Stats.median(ratios));
    return m;
  }

  private static String ms(Object v) {
    if (v == null) return "-";
    double d = ((Number) v).doubleValue();
    return d < 0 ? "timeout" : String.format("%.1f", d);
  }

  private static String num(Object v) {
    return v == null ? "-" : String.format("%,d", ((Number) v).longValue());
  }

  @SuppressWarnings("unchecked")
  private static String admission(Map<String, Object> a) {
    Map<String, Object> c = (Map<String, Object>) a.get("create");
    Map<String, Object> x = (Map<String, Object>) a.get("cancel");
    return String.format("%8s admission, %s concurrent on disjoint groups, %s rounds: create p50 %.1f p99 %.1f max %.1f ms;"
        + " cancel p50 %.1f p99 %.1f max %.1f ms%n", a.get("clients"), a.get("concurrency"), a.get("rounds"),
        c.get("p50Ms"), c.get("p99Ms"), c.get("maxMs"), x.get("p50Ms"), x.get("p99Ms"), x.get("maxMs"));
  }

  @SuppressWarnings("unchecked")
  private static String registerAuth(Map<String, Object> a) {
    Map<String, Object> summary = (Map<String, Object>) a.get("summary");
    int rounds = (Integer) a.get("rounds");
    StringBuilder b = new StringBuilder();
    b.append(String.format("%nREGISTER with digest authentication against without, same run: %,d clients, %s in flight, %s rounds"
        + " (%s)%n", a.get("clients"), a.get("window"), rounds, rounds > 1 ? "median of rounds 2.." + rounds : "one round"));
    b.append(String.format("'first' = no nonce yet (digest: 401, then the answer); 'refresh' = the nonce reused with the next nc;"
        + " CPU = whole JVM per registration%n"));
    String head = String.format("%-14s %14s %8s %10s %16s %8s %10s%n", "server", "first REG/s", "401s", "CPU us", "refresh REG/s", "401s", "CPU us");
    b.append(head).append("-".repeat(head.length() - 1)).append('\n');
    Map<String, Object> first = (Map<String, Object>) summary.get("first");
    Map<String, Object> refresh = (Map<String, Object>) summary.get("refresh");
    for (String mode : List.of("none", "digest")) {
      Map<String, Object> f = (Map<String, Object>) first.get(mode);
      Map<String, Object> r = (Map<String, Object>) refresh.get(mode);
      b.append(String.format("%-14s %,14d %,8d %10.1f %,16d %,8d %10.1f%n", mode, ((Number) f.get("registersPerSecond")).longValue(),
          ((Number) f.get("challenges")).longValue(), ((Number) f.get("cpuMicrosPerRegister")).doubleValue(),
          ((Number) r.get("registersPerSecond")).longValue(), ((Number) r.get("challenges")).longValue(),
          ((Number) r.get("cpuMicrosPerRegister")).doubleValue()));
    }
    b.append(String.format("%-14s %14.2f %8s %10s %16.2f%n", "digest / none", ((Number) first.get("digestOverNone")).doubleValue(), "", "",
        ((Number) refresh.get("digestOverNone")).doubleValue()));
    if (((Number) ((Map<String, Object>) first.get("digest")).get("challenges")).longValue() == 0) {
      b.append("note: the digest server sent no challenge: this build does not authenticate REGISTER, so both sides measure the same path\n");
    }
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static String scale(Map<String, Object> s) {
    Map<String, Object> m = (Map<String, Object>) s.get("memory");
    Map<String, Object> st = (Map<String, Object>) s.get("startup");
    StringBuilder b = new StringBuilder();
    b.append(String.format("%nScale (pure core, no SIP; heap = MemoryMXBean after System.gc(), median of %s)%n", m.get("repeats")));
    b.append(String.format("  at %,d clients, %,d groups of %,d: bytes per provisioned user %s, per group %s,%n", m.get("clients"),
        m.get("groups"), m.get("membersPerGroup"), m.get("bytesPerProvisionedUser"), m.get("bytesPerGroup")));
    b.append(String.format("  per registered client %s, per affiliation %s, per registered+affiliated client %s, per regrouped client %s%n",
        m.get("bytesPerRegisteredClient"), m.get("bytesPerAffiliation"), m.get("bytesPerAffiliatedClient"), m.get("bytesPerRegroupedClient")));
    b.append(String.format("  start-up with %,d users and %,d groups: %.0f ms (model %.0f, index %.0f, core %.0f, SIP server start %.0f), heap %s MiB%n",
        st.get("users"), st.get("groups"), st.get("totalMs"), st.get("buildModelMs"), st.get("indexConfigMs"), st.get("coreMs"),
        st.get("serverStartMs"), st.get("heapMiB")));
    return b.toString();
  }
}
