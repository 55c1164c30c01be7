package org.muster.bench;

import org.muster.app.Servers;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.config.UserConfig;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.server.McServiceServer;
import org.muster.sip.server.MusterServer;

/**
 * Scale, in the pure core (no SIP; McServiceServer): heap per provisioned user and per group,
 * heap per registered and per affiliated client at {@code clients} clients, and start-up time of
 * a system with {@code startupUsers} users and {@code startupGroups} groups. Heap is read with
 * MemoryMXBean after System.gc() (settled over several calls) before and after; each figure is
 * the median of {@code repeats} measurements.
 */
final class ScaleBench {
  private ScaleBench() {}

  static Map<String, Object> run(int clients, int startupUsers, int startupGroups, int repeats, Progress progress) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("memory", memory(clients, repeats, progress));
    out.put("startup", startup(startupUsers, startupGroups, progress));
    return out;
  }

  /** Heap per user, per group, per registered client, per affiliated client and per regrouped client. */
  static Map<String, Object> memory(int clients, int repeats, Progress progress) throws Exception {
    int groups = Math.max(1, clients / 100);
    List<Double> perUser = new ArrayList<>();
    List<Double> perGroup = new ArrayList<>();
    List<Double> perRegistered = new ArrayList<>();
    List<Double> perAffiliation = new ArrayList<>();
    List<Double> perAffiliatedClient = new ArrayList<>();
    List<Double> perRegrouped = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      progress.update("heap measurement", r, repeats);
      long h0 = heapUsed();
      List<UserConfig> users = users(clients);
      McSystemConfig usersOnly = new McSystemConfig(settings(), users, List.of(), List.of());
      users = null;
      long h1 = heapUsed();
      List<GroupConfig> gs = groups(clients, groups);
      McSystemConfig withGroups = new McSystemConfig(settings(), List.copyOf(usersOnly.users().values()), gs, List.of());
      usersOnly = null;
      long h2 = heapUsed();
      gs = new ArrayList<>(gs);
      gs.add(template(clients));
      McSystemConfig config = new McSystemConfig(settings(), List.copyOf(withGroups.users().values()), gs, List.of());
      withGroups = null;
      gs = null;
      McServiceServer core = new McServiceServer(config, Clock.systemUTC());
      long h3 = heapUsed();
      List<McServiceClient> cs = new ArrayList<>(clients);
      for (int i = 0; i < clients; i++) {
        // a fresh Contact string per client, as a parsed REGISTER gives it
        McServiceClient c = new McServiceClient(new McServiceId(SimulatedClients.user(i, BenchSystem.DOMAIN)),
            "sip:u" + i + "@10.0." + (i >> 8 & 255) + "." + (i & 255) + ":5060");
        core.register(c, Set.of(McService.MCPTT), 3600);
      }
      long h4 = heapUsed();
      for (int i = 0; i < clients; i++) {
        McServiceClient c = core.registrationsOf(new McServiceId(SimulatedClients.user(i, BenchSystem.DOMAIN))).iterator().next().client();
        var o = core.affiliate(c, McService.MCPTT, List.of(group(i % groups)));
        if (o.refusal().isPresent() || o.notRegistered().isPresent()) throw new IllegalStateException("affiliation refused: " + o);
      }
      long h5 = heapUsed();
      List<McServiceGroupId> all = new ArrayList<>();
      for (int g = 0; g < groups; g++) all.add(group(g));
      var formed = core.regroup(McService.MCPTT, new PreconfiguredRegroupRequest.FromClient(BenchSystem.DISPATCHER,
          BenchSystem.regroupGroup("mem"), BenchSystem.TEMPLATE, new RegroupTargets.Groups(all)));
      if (!formed.accepted()) throw new IllegalStateException("regroup refused: " + formed.rejection());
      formed = null;
      long h6 = heapUsed();
      if (core.stats().affiliations() != clients) throw new IllegalStateException("affiliations: " + core.stats());
      perUser.add((h1 - h0) / (double) clients);
      perGroup.add((h2 - h1) / (double) groups);
      perRegistered.add((h4 - h3) / (double) clients);
      perAffiliation.add((h5 - h4) / (double) clients);
      perAffiliatedClient.add((h5 - h3) / (double) clients);
      perRegrouped.add((h6 - h5) / (double) clients);
      cs.clear();
      config = null;
      core = null;
    }
    progress.update("heap measurement", repeats, repeats);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clients", clients);
    m.put("groups", groups);
    m.put("membersPerGroup", clients / groups);
    m.put("repeats", repeats);
    m.put("bytesPerProvisionedUser", Math.round(Stats.median(perUser)));
    m.put("bytesPerGroup", Math.round(Stats.median(perGroup)));
    m.put("bytesPerRegisteredClient", Math.round(Stats.median(perRegistered)));
    m.put("bytesPerAffiliation", Math.round(Stats.median(perAffiliation)));
    m.put("bytesPerAffiliatedClient", Math.round(Stats.median(perAffiliatedClient)));
    m.put("bytesPerRegroupedClient", Math.round(Stats.median(perRegrouped)));
    return m;
  }

  /** Building the provisioned model, indexing it, the core, and a SIP-bound server, timed apart. */
  static Map<String, Object> startup(int users, int groups, Progress progress) throws Exception {
    progress.update("start-up " + users + " users, " + groups + " groups", 0, 3);
    long h0 = heapUsed();
    long t0 = System.nanoTime();
    List<UserConfig> u = users(users);
    List<GroupConfig> g = new ArrayList<>(groups(users, groups));
    g.add(template(users));
    long t1 = System.nanoTime();
    McSystemConfig config = new McSystemConfig(settings(), u, g, List.of());
    long t2 = System.nanoTime();
    progress.update("start-up " + users + " users, " + groups + " groups", 1, 3);
    new McServiceServer(config, Clock.systemUTC());
    long t3 = System.nanoTime();
    u = null;
    g = null;
    progress.update("start-up " + users + " users, " + groups + " groups", 2, 3);
    long t4 = System.nanoTime();
    try (MusterServer server = Servers.inMemory(config)) {
      long t5 = System.nanoTime();
      long h1 = heapUsed();
      progress.update("start-up " + users + " users, " + groups + " groups", 3, 3);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("users", users);
      m.put("groups", groups);
      m.put("buildModelMs", StepResult.round3(Stats.millis(t1 - t0)));
      m.put("indexConfigMs", StepResult.round3(Stats.millis(t2 - t1)));
      m.put("coreMs", StepResult.round3(Stats.millis(t3 - t2)));
      m.put("serverStartMs", StepResult.round3(Stats.millis(t5 - t4)));
      m.put("totalMs", StepResult.round3(Stats.millis(t2 - t0) + Stats.millis(t5 - t4)));
      m.put("heapMiB", Math.round((h1 - h0) / 1048576.0));
      return m;
    }
  }

  private static SystemSettings settings() {
    return new SystemSettings("scale", BenchSystem.DOMAIN, new HostPort("127.0.0.1", 0), Optional.empty(), "./target/bench-store");
  }

  private static List<UserConfig> users(int n) {
    List<UserConfig> u = new ArrayList<>(n + 1);
    u.add(new UserConfig(BenchSystem.DISPATCHER, Set.of(org.muster.core.config.Authorization.values())));
    for (int i = 0; i < n; i++) u.add(new UserConfig(new McServiceId(SimulatedClients.user(i, BenchSystem.DOMAIN)), Set.of()));
    return u;
  }

  private static McServiceGroupId group(int g) {
    return new McServiceGroupId("sip:g" + g + "@" + BenchSystem.DOMAIN);
  }

  /** {@code groups} groups sharing the users round-robin (member IDs as a loader makes them: one object per entry). */
  private static List<GroupConfig> groups(int users, int groups) {
    List<List<McServiceId>> members = new ArrayList<>();
    for (int k = 0; k < groups; k++) members.add(new ArrayList<>(users / groups + 1));
    for (int i = 0; i < users; i++) members.get(i % groups).add(new McServiceId(SimulatedClients.user(i, BenchSystem.DOMAIN)));
    List<GroupConfig> out = new ArrayList<>(groups);
    for (int k = 0; k < groups; k++) out.add(new GroupConfig(group(k), Set.of(McService.MCPTT), members.get(k), false, false));
    return out;
  }

  /** The preconfigured group every user holds (needed by a regroup, 10.xx.3.1). */
  private static GroupConfig template(int users) {
    List<McServiceId> all = new ArrayList<>(users);
    for (int i = 0; i < users; i++) all.add(new McServiceId(SimulatedClients.user(i, BenchSystem.DOMAIN)));
    return new GroupConfig(BenchSystem.TEMPLATE, Set.of(McService.MCPTT), all, true, false);
  }

  /** Heap in use after garbage collection, read until two readings agree within 1 %. */
  static long heapUsed() throws InterruptedException {
    var mem = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      System.gc();
      Thread.sleep(40);
      long used = mem.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - last) < used / 100) return Math.min(used, last);
      last = used;
    }
    return last;
  }
}
