package org.muster.bench;

import org.muster.app.Servers;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.muster.core.config.Security;
import org.muster.sip.server.MusterServer;

/**
 * REGISTER/s with digest authentication against without, in the same run (issue 11): two servers
 * side by side, one with {@code authentication: digest}, one with {@code none}, each registering
 * the same N simulated clients ({@link RegisteringClients}: raw UDP, {@value
 * RegisteringClients#CLIENTS_PER_ADDRESS} per loopback address; a window of transactions in
 * flight, as in the fan-out set-up).
 * Two kinds of step, alternating between the servers round by round so that the machine's noise
 * hits both alike:
 * <ul>
 *   <li><b>first</b>: every client starts without a nonce, so with digest each REGISTER costs a
 *       {@code 401} round trip and a second REGISTER with the answer;
 *   <li><b>refresh</b>: every client registers again reusing its nonce with the next {@code nc}
 *       (no new challenge, unless the server refuses the reuse: the 401s are counted).
 * </ul>
 * REGISTER/s counts registrations completed (a 200), not messages. CPU is the whole JVM's (both
 * servers idle but one, and the simulated clients' hashing) per registration.
 */
final class RegisterAuthBench {
  private RegisterAuthBench() {}

  record Step(String authentication, String kind, int round, int clients, double ms, long challenges, long retransmissions,
      double cpuMicrosPerRegister) {
    double rate() {
      return clients / (ms / 1000.0);
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("authentication", authentication);
      m.put("kind", kind);
      m.put("round", round);
      m.put("clients", clients);
      m.put("ms", StepResult.round3(ms));
      m.put("registersPerSecond", Math.round(rate()));
      m.put("challenges", challenges);
      m.put("retransmissions", retransmissions);
      m.put("cpuMicrosPerRegister", StepResult.round3(cpuMicrosPerRegister));
      return m;
    }
  }

  record Result(int clients, int window, int rounds, List<Step> steps) {
    /** Steps of one server and kind, round order. */
    List<Step> of(String authentication, String kind) {
      return steps.stream().filter(s -> s.authentication().equals(authentication) && s.kind().equals(kind)).toList();
    }

    /** Rounds 2..R when there are several (round 1 creates the registrations, later ones update them). */
    private static List<Step> warm(List<Step> s) {
      return s.size() > 1 ? s.subList(1, s.size()) : s;
    }

    double median(String authentication, String kind, java.util.function.ToDoubleFunction<Step> f) {
      return Stats.median(warm(of(authentication, kind)).stream().map(f::applyAsDouble).toList());
    }

    /** Median over the warm rounds of digest's REGISTER/s over none's, same round. */
    double ratio(String kind) {
      List<Step> d = warm(of("digest", kind));
      List<Step> n = warm(of("none", kind));
      List<Double> v = new ArrayList<>();
      for (int i = 0; i < d.size(); i++) v.add(d.get(i).rate() / n.get(i).rate());
      return Stats.median(v);
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clients", clients);
      m.put("window", window);
      m.put("rounds", rounds);
      Map<String, Object> summary = new LinkedHashMap<>();
      for (String kind : List.of("first", "refresh")) {
        Map<String, Object> k = new LinkedHashMap<>();
        for (String a : List.of("none", "digest")) {
          Map<String, Object> x = new LinkedHashMap<>();
          x.put("registersPerSecond", Math.round(median(a, kind, Step::rate)));
          x.put("challenges", Math.round(median(a, kind, Step::challenges)));
          x.put("retransmissions", Math.round(median(a, kind, Step::retransmissions)));
          x.put("cpuMicrosPerRegister", StepResult.round3(median(a, kind, Step::cpuMicrosPerRegister)));
          k.put(a, x);
        }
        k.put("digestOverNone", StepResult.round3(ratio(kind)));
        summary.put(kind, k);
      }
      m.put("summary", summary);
      List<Object> all = new ArrayList<>();
      for (Step s : steps) all.add(s.json());
      m.put("steps", all);
      return m;
    }
  }

  /** One server and the clients that register with it. */
  private static final class Side implements AutoCloseable {
    final String authentication;
    final MusterServer server;
    final RegisteringClients clients;

    Side(String authentication, Security security, int clients) throws java.io.IOException {
      this.authentication = authentication;
      this.server = Servers.inMemory(new BenchSystem(clients, 1, 1, security).config);
      this.clients = new RegisteringClients(clients, "127.0.0.1", server.sipPort());
    }

    Step register(String kind, int round, int window, Progress progress) throws Exception {
      int n = clients.size();
      if (kind.equals("first")) clients.restart();
      Testbed.settle();
      long challenged = clients.challenges();
      long resent = clients.retransmissions();
      long cpu = processCpuNanos();
      long t0 = System.nanoTime();
      ClientDriver.windowed(n, window, clients::register, progress, authentication + " " + kind + " REGISTER");
      long t1 = System.nanoTime();
      return new Step(authentication, kind, round, n, Stats.millis(t1 - t0), clients.challenges() - challenged,
          clients.retransmissions() - resent, (processCpuNanos() - cpu) / 1e3 / n);
    }

    @Override
    public void close() {
      clients.close();
      server.close();
    }
  }

  static Result run(BenchOptions o, Progress progress) throws Exception {
    int n = o.authClients;
    progress.stage("REGISTER digest vs none, N=" + n);
    List<Step> steps = new ArrayList<>();
    try (Side none = new Side("none", Security.none(), n);
        Side digest = new Side("digest", Security.defaults(), n)) {
      for (int r = 1; r <= o.authRounds; r++) {
        List<Side> order = r % 2 == 1 ? List.of(none, digest) : List.of(digest, none);
        for (String kind : List.of("first", "refresh")) {
          for (Side side : order) steps.add(side.register(kind, r, o.window, progress));
        }
      }
    }
    return new Result(n, o.window, o.authRounds, steps);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
