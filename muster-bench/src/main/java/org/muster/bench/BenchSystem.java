package org.muster.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.config.Authorization;
import org.muster.core.config.Credential;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.Security;
import org.muster.core.config.SystemSettings;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * The provisioned MC system the benchmarks run against, built in code: users {@code u0..uN-1}
 * and a dispatcher allowed to regroup and cancel; "fan-out" groups {@code f0..fG-1} (user i in
 * {@code f(i mod G)}), "admission" groups {@code a0..aA-1} (user i in {@code a(i mod A)}), and
 * the preconfigured group {@code tmpl} that every user holds (10.xx.3.1). Every client affiliates
 * to one fan-out and one admission group, so both kinds of regroup reach all of them. Every user
 * has a digest credential (password {@link #password}); the system authenticates as asked.
 */
final class BenchSystem {
  static final String DOMAIN = "bench.example";
  static final McServiceId DISPATCHER = new McServiceId("sip:disp@" + DOMAIN);
  static final McServiceGroupId TEMPLATE = new McServiceGroupId("sip:tmpl@" + DOMAIN);

  final int users;
  final int fanOutGroups;
  final int admissionGroups;
  final McSystemConfig config;

  /**
   * In lab mode ({@code authentication: none}): the fan-out, admission and scale figures measure
   * regrouping, and stay comparable with the figures before authentication. With digest, the
   * driver's set-up (all users' REGISTER and PUBLISH from one address) would measure the server's
   * per-source limit of unauthenticated requests instead; {@link RegisterAuthBench} measures
   * digest, from many addresses.
   */
  BenchSystem(int users, int fanOutGroups, int admissionGroups) {
    this(users, fanOutGroups, admissionGroups, Security.none());
  }

  BenchSystem(int users, int fanOutGroups, int admissionGroups, Security security) {
    this.users = users;
    this.fanOutGroups = fanOutGroups;
    this.admissionGroups = admissionGroups;
    this.config = build(security);
  }

  /** Every user's password, as in the test systems: the user part and {@code -secret} ({@code u7-secret}). */
  static String password(McServiceId user) {
    return UserConfig.digestUsername(user) + "-secret";
  }

  private static UserConfig userConfig(McServiceId id, Set<Authorization> may) {
    return new UserConfig(id, may, Optional.of(Credential.ofPassword(UserConfig.digestUsername(id), DOMAIN, password(id))));
  }

  static McServiceGroupId fanOutGroup(int g) {
    return new McServiceGroupId("sip:f" + g + "@" + DOMAIN);
  }

  static McServiceGroupId admissionGroup(int g) {
    return new McServiceGroupId("sip:a" + g + "@" + DOMAIN);
  }

  static McServiceGroupId regroupGroup(String name) {
    return new McServiceGroupId("sip:rg-" + name + "@" + DOMAIN);
  }

  static McServiceId user(int i) {
    return new McServiceId(SimulatedClients.user(i, DOMAIN));
  }

  /** The groups client {@code i} affiliates to. */
  List<McServiceGroupId> groupsOf(int i) {
    return List.of(fanOutGroup(i % fanOutGroups), admissionGroup(i % admissionGroups));
  }

  List<McServiceGroupId> allFanOutGroups() {
    List<McServiceGroupId> g = new ArrayList<>();
    for (int k = 0; k < fanOutGroups; k++) g.add(fanOutGroup(k));
    return g;
  }

  private McSystemConfig build(Security security) {
    List<UserConfig> u = new ArrayList<>(users + 1);
    u.add(userConfig(DISPATCHER, EnumSet.allOf(Authorization.class)));
    List<McServiceId> ids = new ArrayList<>(users);
    for (int i = 0; i < users; i++) {
      McServiceId id = user(i);
      ids.add(id);
      u.add(userConfig(id, Set.of()));
    }
    List<GroupConfig> g = new ArrayList<>();
    g.addAll(partition("f", fanOutGroups, ids));
    g.addAll(partition("a", admissionGroups, ids));
    g.add(new GroupConfig(TEMPLATE, Set.of(McService.MCPTT), ids, true, false));
    SystemSettings system = new SystemSettings("bench", DOMAIN, new HostPort("127.0.0.1", 0), Optional.empty(), "./target/bench-store")
        .withSecurity(security);
    return new McSystemConfig(system, u, g, List.of());
  }

  private static List<GroupConfig> partition(String prefix, int count, List<McServiceId> ids) {
    List<List<McServiceId>> members = new ArrayList<>();
    for (int k = 0; k < count; k++) members.add(new ArrayList<>());
    for (int i = 0; i < ids.size(); i++) members.get(i % count).add(ids.get(i));
    List<GroupConfig> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      out.add(new GroupConfig(new McServiceGroupId("sip:" + prefix + k + "@" + DOMAIN), Set.of(McService.MCPTT), members.get(k), false, false));
    }
    return out;
  }
}
