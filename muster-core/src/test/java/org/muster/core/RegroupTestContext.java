package org.muster.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
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
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.Delivery;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.core.regroup.Outcome;
import org.muster.core.regroup.RegroupEvent;
import org.muster.core.server.McServiceServer;
import org.muster.core.server.RegisterResult;

/**
 * The test context of the core's unit tests (STYLE.md 3.5): the metro.example MC system built in
 * code, an {@link McServiceServer} on a {@link ManualClock}, and helpers to register clients,
 * affiliate them and send regroup requests.
 *
 * <p>The system: dispatcher disp1 (group-regroup, user-regroup, cancel-regroup), disp2
 * (group-regroup only), users ff1, ff2, pol1, amb1 and x1 (an outsider, not in the templates);
 * groups fire [ff1, ff2], police [pol1], ambulance [amb1], mixed [ff1, x1], video-only [ff1, ff2]
 * (MCVideo only); preconfigured-regroup-only templates tmpl-incident [ff1, ff2, pol1, amb1]
 * (non-broadcast) and tmpl-broadcast [ff1, ff2, pol1, amb1, disp1] (broadcast).
 */
public final class RegroupTestContext {
  public static final String DOMAIN = "metro.example";
  public static final Instant START = Instant.parse("2025-01-01T08:00:00Z");

  public static final McServiceId DISP1 = user("disp1");
  public static final McServiceId DISP2 = user("disp2");
  public static final McServiceId FF1 = user("ff1");
  public static final McServiceId FF2 = user("ff2");
  public static final McServiceId POL1 = user("pol1");
  public static final McServiceId AMB1 = user("amb1");
  public static final McServiceId X1 = user("x1");
  /** Not provisioned in this system. */
  public static final McServiceId GHOST = user("ghost");

  public static final McServiceGroupId FIRE = group("fire");
  public static final McServiceGroupId POLICE = group("police");
  public static final McServiceGroupId AMBULANCE = group("ambulance");
  public static final McServiceGroupId MIXED = group("mixed");
  public static final McServiceGroupId VIDEO_ONLY = group("video-only");
  public static final McServiceGroupId TMPL_INCIDENT = group("tmpl-incident");
  public static final McServiceGroupId TMPL_BROADCAST = group("tmpl-broadcast");
  /** Not provisioned in this system. */
  public static final McServiceGroupId NO_SUCH_GROUP = group("no-such-group");

  /** Regroup group IDs chosen by the authorized user (not configured groups). */
  public static final McServiceGroupId RG1 = group("rg-fire-police");
  public static final McServiceGroupId RG2 = group("rg-two");
  public static final McServiceGroupId RG3 = group("rg-three");

  public final ManualClock clock;
  public final McSystemConfig config;
  public final McServiceServer server;
  private int nextPort = 6001;

  private RegroupTestContext(McSystemConfig config, Instant start) {
    this.clock = new ManualClock(start);
    this.config = config;
    this.server = new McServiceServer(config, clock);
  }

  public static RegroupTestContext create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds the metro.example system, optionally with extra users and groups. */
  public static final class Builder {
    private final List<UserConfig> extraUsers = new ArrayList<>();
    private final List<GroupConfig> extraGroups = new ArrayList<>();
    private Instant start = START;

    public Builder user(McServiceId id, Authorization... may) {
      extraUsers.add(new UserConfig(id, Set.of(may)));
      return this;
    }

    public Builder group(GroupConfig g) {
      extraGroups.add(g);
      return this;
    }

    public Builder startingAt(Instant t) {
      start = t;
      return this;
    }

    public RegroupTestContext build() {
      List<UserConfig> users = new ArrayList<>(List.of(
          new UserConfig(DISP1, Set.of(Authorization.GROUP_REGROUP, Authorization.USER_REGROUP, Authorization.CANCEL_REGROUP)),
          new UserConfig(DISP2, Set.of(Authorization.GROUP_REGROUP)),
          new UserConfig(FF1, Set.of()),
          new UserConfig(FF2, Set.of()),
          new UserConfig(POL1, Set.of()),
          new UserConfig(AMB1, Set.of()),
          new UserConfig(X1, Set.of())));
      users.addAll(extraUsers);
      Set<McService> all = EnumSet.allOf(McService.class);
      List<GroupConfig> groups = new ArrayList<>(List.of(
          new GroupConfig(FIRE, all, List.of(FF1, FF2), false, false),
          new GroupConfig(POLICE, all, List.of(POL1), false, false),
          new GroupConfig(AMBULANCE, all, List.of(AMB1), false, false),
          new GroupConfig(MIXED, all, List.of(FF1, X1), false, false),
          new GroupConfig(VIDEO_ONLY, Set.of(McService.MCVIDEO), List.of(FF1, FF2), false, false),
          new GroupConfig(TMPL_INCIDENT, all, List.of(FF1, FF2, POL1, AMB1), true, false),
          new GroupConfig(TMPL_BROADCAST, all, List.of(FF1, FF2, POL1, AMB1, DISP1), true, true)));
      groups.addAll(extraGroups);
      SystemSettings system = new SystemSettings("metro", DOMAIN, new HostPort("127.0.0.1", 5060), Optional.empty(), "./target/unused");
      return new RegroupTestContext(new McSystemConfig(system, users, groups, List.of()), start);
    }
  }

  // ---- identities

  public static McServiceId user(String name) {
    return McServiceId.of("sip:" + name + "@" + DOMAIN);
  }

  public static McServiceGroupId group(String name) {
    return McServiceGroupId.of("sip:" + name + "@" + DOMAIN);
  }

  /** A client of {@code user} at a Contact of its own: {@code sip:ff1@127.0.0.1:6001}, 6002, ... */
  public McServiceClient client(McServiceId user) {
    return client(user, nextPort++);
  }

  public static McServiceClient client(McServiceId user, int port) {
    String name = user.uri().substring("sip:".length(), user.uri().indexOf('@'));
    return new McServiceClient(user, "sip:" + name + "@127.0.0.1:" + port);
  }

  // ---- registration and affiliation

  /** Registers {@code client} for {@code services} (all three when none given) for an hour. */
  public RegisterResult register(McServiceClient client, McService... services) {
    Set<McService> s = services.length == 0 ? McServiceServer.allServices() : EnumSet.of(services[0], services);
    RegisterResult r = server.register(client, s, 3600);
    assertThat(r.refusal()).as("registration of %s", client).isEmpty();
    return r;
  }

  /** A new client of {@code user}, registered for all three services. */
  public McServiceClient registered(McServiceId user) {
    McServiceClient c = client(user);
    register(c);
    return c;
  }

  /** Affiliates {@code client} to exactly {@code groups} for {@code service}; must be accepted. */
  public Outcome affiliate(McServiceClient client, McService service, McServiceGroupId... groups) {
    McServiceServer.AffiliationOutcome a = server.affiliate(client, service, List.of(groups));
    assertThat(a.notRegistered()).as("%s registered for %s", client, service).isEmpty();
    assertThat(a.refusal()).as("affiliation of %s", client).isEmpty();
    return a.outcome();
  }

  /** A new client of {@code user}, registered for all services and affiliated for {@code service}. */
  public McServiceClient affiliated(McServiceId user, McService service, McServiceGroupId... groups) {
    McServiceClient c = registered(user);
    affiliate(c, service, groups);
    return c;
  }

  /** A new client of {@code user} affiliated for MCPTT. */
  public McServiceClient affiliated(McServiceId user, McServiceGroupId... groups) {
    return affiliated(user, McService.MCPTT, groups);
  }

  // ---- requests

  public static PreconfiguredRegroupRequest.FromClient groupRequest(
      McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup, McServiceGroupId... groups) {
    return new PreconfiguredRegroupRequest.FromClient(requester, regroupGroup, configurationGroup,
        new RegroupTargets.Groups(List.of(groups)));
  }

  public static PreconfiguredRegroupRequest.FromClient userRequest(
      McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup, McServiceId... users) {
    return new PreconfiguredRegroupRequest.FromClient(requester, regroupGroup, configurationGroup,
        new RegroupTargets.Users(List.of(users)));
  }

  public Outcome groupRegroup(McService service, McServiceId requester, McServiceGroupId regroupGroup,
      McServiceGroupId configurationGroup, McServiceGroupId... groups) {
    return server.regroup(service, groupRequest(requester, regroupGroup, configurationGroup, groups));
  }

  /** An MCPTT group regroup. */
  public Outcome groupRegroup(McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup,
      McServiceGroupId... groups) {
    return groupRegroup(McService.MCPTT, requester, regroupGroup, configurationGroup, groups);
  }

  public Outcome userRegroup(McService service, McServiceId requester, McServiceGroupId regroupGroup,
      McServiceGroupId configurationGroup, McServiceId... users) {
    return server.regroup(service, userRequest(requester, regroupGroup, configurationGroup, users));
  }

  /** An MCPTT user regroup. */
  public Outcome userRegroup(McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup,
      McServiceId... users) {
    return userRegroup(McService.MCPTT, requester, regroupGroup, configurationGroup, users);
  }

  public Outcome cancel(McService service, McServiceId requester, McServiceGroupId regroupGroup) {
    return server.cancel(service, new PreconfiguredRegroupCancelRequest.FromClient(requester, regroupGroup));
  }

  /** An MCPTT cancel. */
  public Outcome cancel(McServiceId requester, McServiceGroupId regroupGroup) {
    return cancel(McService.MCPTT, requester, regroupGroup);
  }

  // ---- looking at the state

  public ActiveRegroup active(McServiceGroupId regroupGroup) {
    Optional<ActiveRegroup> r = server.activeRegroups().stream().filter(a -> a.regroupGroup().equals(regroupGroup)).findFirst();
    assertThat(r).as("active regroup %s", regroupGroup).isPresent();
    return r.get();
  }

  public boolean isActive(McServiceGroupId regroupGroup) {
    return server.activeRegroups().stream().anyMatch(a -> a.regroupGroup().equals(regroupGroup));
  }

  /** The states a client went through in a regroup (active or recently cancelled), in order. */
  public List<MemberState> states(McServiceGroupId regroupGroup, McServiceClient client) {
    ActiveRegroup r = server.regroup(regroupGroup).orElseThrow(() -> new AssertionError("no regroup " + regroupGroup));
    return r.outcomes().getOrDefault(client, List.of()).stream().map(MemberStep::state).toList();
  }

  public static Set<McServiceClient> recipients(Outcome o) {
    Set<McServiceClient> s = new LinkedHashSet<>();
    for (Delivery d : o.deliveries()) s.add(d.client());
    return s;
  }

  public static List<PreconfiguredRegroupRequest.ToClient> requests(Outcome o) {
    return o.deliveries().stream().filter(d -> !d.isCancel()).map(d -> (PreconfiguredRegroupRequest.ToClient) d.flow()).toList();
  }

  public static List<PreconfiguredRegroupCancelRequest.ToClient> cancels(Outcome o) {
    return o.deliveries().stream().filter(Delivery::isCancel).map(d -> (PreconfiguredRegroupCancelRequest.ToClient) d.flow()).toList();
  }

  public static Delivery deliveryTo(Outcome o, McServiceClient client) {
    return o.deliveries().stream().filter(d -> d.client().equals(client)).findFirst()
        .orElseThrow(() -> new AssertionError("no delivery to " + client + " in " + o.deliveries()));
  }

  public static List<RegroupEvent> memberEvents(Outcome o) {
    return o.events().stream().filter(e -> e.kind() == RegroupEvent.Kind.MEMBER).toList();
  }

  public Instant advance(Duration d) {
    return clock.advance(d);
  }
}
