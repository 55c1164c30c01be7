package org.muster.bench.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.config.UserConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.port.StateStore;
import org.muster.core.regroup.Outcome;
import org.muster.core.regroup.StateChange;
import org.muster.core.server.Decision;
import org.muster.core.server.McServiceServer;
import org.muster.store.JdbcStateStore;

/**
 * Regroup fan-out (create to N affiliated clients, then cancel) in the core, with what the SIP
 * adapter writes for it (StoreWriter: the formed regroup, then its N member steps; the cancel
 * likewise) against the same loop with nothing written. No SIP: this isolates the store's cost.
 *
 * <p>{@code java -cp muster-bench.jar org.muster.bench.store.StoreFanOutBench [clients] [cycles] [jdbc-url]}
 * (default 1000 clients, 200 cycles, an H2 folder in a temporary directory).
 */
public final class StoreFanOutBench {
  private static final String DOMAIN = "bench.example";
  private static final McServiceId DISPATCHER = new McServiceId("sip:disp@" + DOMAIN);
  private static final McServiceGroupId GROUP = new McServiceGroupId("sip:g0@" + DOMAIN);
  private static final McServiceGroupId TEMPLATE = new McServiceGroupId("sip:tmpl@" + DOMAIN);

  private StoreFanOutBench() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path tmp = Files.createTempDirectory("muster-store-bench");
    String store = args.length > 2 ? args[2] : tmp.resolve("store").toString();
    McSystemConfig config = config(clients);
    // warm-up of both paths, then measured runs alternated so drift hits both alike
    try (JdbcStateStore durable = JdbcStateStore.open(store)) {
      run(config, clients, Math.max(10, cycles / 10), null);
      run(config, clients, Math.max(10, cycles / 10), durable);
      List<Double> mem = new ArrayList<>();
      List<Double> dur = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        mem.add(run(config, clients, cycles, null));
        dur.add(run(config, clients, cycles, durable));
      }
      double m = median(mem);
      double d = median(dur);
      System.out.printf("store: %s%n", durable.location().safeUrl());
      System.out.printf("fan-out to %d clients, %d create+cancel cycles, median of 3%n", clients, cycles);
      System.out.printf("in memory: %.1f regroups/s (%.0f member notifications/s)%n", m, m * clients);
      System.out.printf("durable:   %.1f regroups/s (%.0f member notifications/s)%n", d, d * clients);
      System.out.printf("ratio durable/in-memory: %.3f%n", d / m);
    }
  }

  /** Create and cancel {@code cycles} times; returns create+cancel cycles per second. */
  private static double run(McSystemConfig config, int clients, int cycles, StateStore store) {
    McServiceServer core = new McServiceServer(config, Clock.systemUTC());
    for (int i = 0; i < clients; i++) {
      McServiceClient c = new McServiceClient(user(i), "sip:u" + i + "@10.0." + (i >> 8 & 255) + "." + (i & 255) + ":5060");
      core.register(c, Set.of(McService.MCPTT), 3600);
      core.affiliate(c, McService.MCPTT, List.of(GROUP));
    }
    core.register(new McServiceClient(DISPATCHER, "sip:disp@10.1.0.1:5060"), Set.of(McService.MCPTT), 3600);
    long t0 = System.nanoTime();
    for (int k = 0; k < cycles; k++) {
      McServiceGroupId rg = new McServiceGroupId("sip:rg" + k + "@" + DOMAIN);
      Decision<Outcome> formed = core.decide(s -> s.regroup(McService.MCPTT, new PreconfiguredRegroupRequest.FromClient(DISPATCHER, rg,
          TEMPLATE, new RegroupTargets.Groups(List.of(GROUP)))));
      if (!formed.answer().accepted() || formed.answer().deliveries().size() != clients) {
        throw new IllegalStateException("create: " + formed.answer().rejection());
      }
      // as the server's StoreWriter does: the regroup before the answer, then its member steps
      write(store, formed);
      Decision<Outcome> cancelled = core.decide(s -> s.cancel(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(DISPATCHER, rg)));
      if (!cancelled.answer().accepted()) throw new IllegalStateException("cancel: " + cancelled.answer().rejection());
      write(store, cancelled);
    }
    return cycles / ((System.nanoTime() - t0) / 1e9);
  }

  private static void write(StateStore store, Decision<Outcome> d) {
    if (store == null) return;
    List<StateChange> regroup = d.changes().stream().filter(c -> !(c instanceof StateChange.MemberStepped)).toList();
    if (!store.write(regroup, "bench").refused().isEmpty()) throw new IllegalStateException("store refused " + regroup);
    store.write(d.changes().stream().filter(c -> c instanceof StateChange.MemberStepped).toList(), "bench");
  }

  private static McSystemConfig config(int clients) {
    List<UserConfig> users = new ArrayList<>();
    users.add(new UserConfig(DISPATCHER, Set.of(Authorization.values())));
    List<McServiceId> members = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      users.add(new UserConfig(user(i), Set.of()));
      members.add(user(i));
    }
    List<GroupConfig> groups = List.of(new GroupConfig(GROUP, Set.of(McService.MCPTT), members, false, false),
        new GroupConfig(TEMPLATE, Set.of(McService.MCPTT), members, true, false));
    return new McSystemConfig(new SystemSettings("bench", DOMAIN, new HostPort("127.0.0.1", 0), Optional.empty(), "unused"),
        users, groups, List.of());
  }

  private static McServiceId user(int i) {
    return new McServiceId("sip:u" + i + "@" + DOMAIN);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
