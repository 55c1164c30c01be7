package org.muster.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The harness's settings, from simple {@code --name value} arguments (see {@link #USAGE}).
 * Checked when parsed; a bad value names the option.
 */
final class BenchOptions {
  static final String USAGE = """
      usage: bench [options]
        --sizes 100,1000,10000   simulated clients per fan-out run (each its own REGISTER and PUBLISH)
        --rounds 5               measured rounds per size (round 1 = first regroup on a fresh server;
                                 warm figures are medians of rounds 2..R)
        --groups 10              fan-out groups; the regroup request lists all of them
        --admission-groups 100   disjoint groups for the admission test (clients affiliate to one each)
        --concurrency 50         concurrent creates (and then cancels) in the admission test
        --admission-rounds 5     rounds of the admission test (samples = concurrency x rounds)
        --window 200             REGISTER/PUBLISH transactions in flight while setting up
        --sockets 4              UDP sockets the simulated clients share
        --scale-clients 100000   registered+affiliated clients for the heap figures (core only)
        --startup-users 1000000  provisioned users for the start-up time
        --startup-groups 100000  provisioned groups for the start-up time
        --mem-repeats 3          heap measurements (median reported)
        --auth-clients 5000      clients registered with digest authentication and without (same run)
        --auth-rounds 8          rounds of that (each: every client's first REGISTER, then a refresh;
                                 figures are medians of rounds 2..R)
        --skip fanout,admission,auth,scale,fresh   parts to leave out
        --fresh                  also measure the largest size's first regroup in a new JVM
        --events-log FILE        log the server's per-member events (muster.events) to FILE while measuring
        --out FILE               machine-readable results (default muster-bench/target/bench.json)
        --soak MINUTES           run only the soak (nothing else): steady regroup/cancel cycles on a durable
                                 store for MINUTES (fractions allowed), one line per interval, a verdict at
                                 the end; exit code 3 when a criterion fails (BENCHMARKS.md, "Soak")
        --soak-clients 300       registered+affiliated clients in the soak
        --soak-dispatchers 4     dispatchers, each cycling on its own group of clients (one cycle at a time)
        --soak-rate 5            create+cancel cycles per second offered, over all dispatchers
        --soak-retention 500     system.retention regroups of the soak's server (days: 30)
        --soak-interval 60       seconds per reported line
        --two-instances N        run only the two-instance comparison (nothing else) on PostgreSQL: fan-out to N
                                 clients spread over two server instances against one instance, and the follow
                                 latency (BENCHMARKS.md, "Two instances"); an embedded PostgreSQL unless --pg
        --pg JDBC-URL            the PostgreSQL server for --two-instances (a database is created per part)
        --follow-rounds 200      creates (each then cancelled) per side for the follow latency
        --quick                  small sizes for a fast look (100,1000; 2 rounds; 2000 auth clients, 6 rounds; small scale)
        --quiet                  no progress line
      """;

  List<Integer> sizes = List.of(100, 1_000, 10_000);
  int rounds = 5;
  int groups = 10;
  int admissionGroups = 100;
  int concurrency = 50;
  int admissionRounds = 5;
  int window = 200;
  int sockets = 4;
  int scaleClients = 100_000;
  int startupUsers = 1_000_000;
  int startupGroups = 100_000;
  int memRepeats = 3;
  int authClients = 5_000;
  int authRounds = 8;
  Set<String> skip = new TreeSet<>();
  boolean fresh;
  String eventsLog;
  /** From the repository root (./bench runs there): muster-bench/target/bench.json. */
  String out = java.nio.file.Files.isDirectory(java.nio.file.Path.of("muster-bench")) ? "muster-bench/target/bench.json" : "target/bench.json";
  boolean quick;
  int twoInstances;
  String pg;
  int followRounds = 200;
  boolean quiet;
  List<String> args = List.of();
  double soakMinutes;
  int soakClients = 300;
  int soakDispatchers = 4;
  double soakRate = 5;
  int soakRetention = 500;
  int soakInterval = 60;

  static BenchOptions parse(String... args) {
    BenchOptions o = new BenchOptions();
    o.args = List.of(args);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> o.quick();
        case "--quiet" -> o.quiet = true;
        case "--fresh" -> o.fresh = true;
        case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
        default -> {
          if (!a.startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("unknown or incomplete option '" + a + "'\n" + USAGE);
          o.set(a.substring(2), args[++i]);
        }
      }
    }
    return o;
  }

  private void quick() {
    quick = true;
    sizes = List.of(100, 1_000);
    rounds = 2;
    admissionRounds = 2;
    scaleClients = 10_000;
    startupUsers = 100_000;
    startupGroups = 10_000;
    memRepeats = 1;
    authClients = 2_000;
    authRounds = 6;
  }

  private void set(String name, String value) {
    switch (name) {
      case "sizes" -> {
        List<Integer> s = new ArrayList<>();
        for (String v : value.split(",")) s.add(positive(name, v.trim()));
        sizes = List.copyOf(s);
      }
      case "rounds" -> rounds = positive(name, value);
      case "groups" -> groups = positive(name, value);
      case "admission-groups" -> admissionGroups = positive(name, value);
      case "concurrency" -> concurrency = positive(name, value);
      case "admission-rounds" -> admissionRounds = positive(name, value);
      case "window" -> window = positive(name, value);
      case "sockets" -> sockets = positive(name, value);
      case "scale-clients" -> scaleClients = positive(name, value);
      case "startup-users" -> startupUsers = positive(name, value);
      case "startup-groups" -> startupGroups = positive(name, value);
      case "mem-repeats" -> memRepeats = positive(name, value);
      case "auth-clients" -> authClients = positive(name, value);
      case "auth-rounds" -> authRounds = positive(name, value);
      case "skip" -> {
        for (String v : value.split(",")) {
          if (!Set.of("fanout", "admission", "auth", "scale", "fresh").contains(v.trim())) throw new IllegalArgumentException("--skip: unknown part '" + v + "'");
          skip.add(v.trim());
        }
      }
      case "soak" -> soakMinutes = positiveNumber(name, value);
      case "soak-clients" -> soakClients = positive(name, value);
      case "soak-dispatchers" -> soakDispatchers = positive(name, value);
      case "soak-rate" -> soakRate = positiveNumber(name, value);
      case "soak-retention" -> soakRetention = positive(name, value);
      case "soak-interval" -> soakInterval = positive(name, value);
      case "two-instances" -> twoInstances = positive(name, value);
      case "pg" -> pg = value;
      case "follow-rounds" -> followRounds = positive(name, value);
      case "events-log" -> eventsLog = value;
      case "out" -> out = value;
      default -> throw new IllegalArgumentException("unknown option '--" + name + "'\n" + USAGE);
    }
  }

  private static int positive(String name, String v) {
    try {
      int n = Integer.parseInt(v.replace("_", ""));
      if (n > 0) return n;
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("--" + name + " must be a positive whole number, was '" + v + "'");
  }

  private static double positiveNumber(String name, String v) {
    try {
      double d = Double.parseDouble(v);
      if (d > 0 && Double.isFinite(d)) return d;
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("--" + name + " must be a positive number, was '" + v + "'");
  }

  /** True when {@code --soak} was given: the soak runs, and nothing else. */
  boolean soak() {
    return soakMinutes > 0;
  }

  boolean runs(String part) {
    return !skip.contains(part);
  }

  int largestSize() {
    return sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** Fan-out groups for {@code n} clients: at most one per client. */
  int groupsFor(int n) {
    return Math.max(1, Math.min(groups, n));
  }

  int admissionGroupsFor(int n) {
    return Math.max(1, Math.min(admissionGroups, n));
  }
}
