package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.START;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.groupRequest;
import static org.muster.core.RegroupTestContext.userRequest;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.ManualClock;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.config.UserConfig;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.server.McServiceServer;

/**
 * Migration (TS 23.280 3.1): ff1 of metro obtains service from partner north. The primary asks
 * north for regroups that include ff1 (10.xx.3.3.1 step 5: the partner finds the affiliated members
 * receiving service there, also of groups homed in the primary), and north serves ff1 as its
 * provisioning's copy of ff1's profile allows, late affiliation and registration included.
 */
class MigrationTest {
  static final Set<McService> ALL = EnumSet.allOf(McService.class);
  static final Set<Authorization> TRUST_ALL = EnumSet.allOf(Authorization.class);
  static final McServiceId N1 = McServiceId.of("sip:n1@north.example");

  static McSystemConfig metro() {
    List<UserConfig> users = List.of(
        new UserConfig(DISP1, TRUST_ALL),
        new UserConfig(FF1, Set.of(), Optional.empty(), Optional.of("north")),
        new UserConfig(FF2, Set.of()));
    List<GroupConfig> groups = List.of(
        new GroupConfig(FIRE, ALL, List.of(FF1, FF2), false, false),
        new GroupConfig(TMPL_INCIDENT, ALL, List.of(FF1, FF2), true, false));
    return new McSystemConfig(new SystemSettings("metro", "metro.example", new HostPort("127.0.0.1", 5060), Optional.empty(), "./target/unused"),
        users, groups, List.of(new PartnerConfig("north", "north.example", new HostPort("127.0.0.1", 5070), TRUST_ALL)));
  }

  static McSystemConfig north() {
    // ff1's profile (credential aside) and metro's fire group as copied into north's provisioning
    List<UserConfig> users = List.of(new UserConfig(N1, Set.of()), new UserConfig(FF1, Set.of()), new UserConfig(FF2, Set.of()));
    List<GroupConfig> groups = List.of(
        new GroupConfig(FIRE, ALL, List.of(FF1, FF2), false, false),
        new GroupConfig(TMPL_INCIDENT, ALL, List.of(FF1, FF2, N1), true, false));
    PartnerConfig metro = new PartnerConfig("metro", "metro.example", new HostPort("127.0.0.1", 5060), TRUST_ALL, Optional.empty(), Optional.empty(),
        Set.of(FF1), Optional.empty()); // ff2 is listed under users but not migrated
    return new McSystemConfig(new SystemSettings("north", "north.example", new HostPort("127.0.0.1", 5070), Optional.empty(), "./target/unused"),
        users, groups, List.of(metro));
  }

  private final McServiceServer primary = new McServiceServer(metro(), new ManualClock(START));
  private final McServiceServer partner = new McServiceServer(north(), new ManualClock(START));

  private static McServiceClient client(McServiceId user, int port) {
    return new McServiceClient(user, "sip:" + UserConfig.digestUsername(user) + "@127.0.0.1:" + port);
  }

  @Test
  void thePartnerServesOnlyTheMigratedUsersOfAPartnerItListsThem() {
    assertThat(partner.register(client(FF1, 7001), McServiceServer.allServices(), 600).refusal()).isEmpty();
    assertThat(partner.register(client(FF2, 7002), McServiceServer.allServices(), 600).refusal())
        .contains("sip:ff2@metro.example is not an MC service user of this system");
    assertThat(primary.config().servesHere(FF1)).isTrue(); // its primary still serves a client that registers there
  }

  @Test
  void theServingPartnerIsAskedForAGroupAndAUserRegroupThatIncludeAMigratedUser() {
    CrossSystem group = primary.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE));
    assertThat(group.awaiting()).isTrue();
    assertThat(group.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north");
    CrossSystem user = primary.regroupAcrossSystems(McService.MCPTT,
        userRequest(DISP1, McServiceGroupId.of("sip:rg-u@metro.example"), TMPL_INCIDENT, FF1));
    assertThat(user.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north");
    // a regroup without migrated users stays in one system
    CrossSystem alone = primary.regroupAcrossSystems(McService.MCPTT,
        userRequest(DISP1, McServiceGroupId.of("sip:rg-ff2@metro.example"), TMPL_INCIDENT, FF2));
    assertThat(alone.awaiting()).isFalse();
    assertThat(alone.toPartners()).isEmpty();
  }

  @Test
  void atThePartnerAMigratedMemberOfAPrimarysGroupIsRegroupedAndOneAffiliatingLateJoins() {
    PartnerConfig metro = partner.config().partner("metro").orElseThrow();
    McServiceClient ff1 = client(FF1, 7001);
    partner.register(ff1, McServiceServer.allServices(), 600);
    assertThat(partner.affiliate(ff1, McService.MCPTT, List.of(FIRE)).refusal()).isEmpty();
    Outcome formed = partner.regroupFromPartner(metro, McService.MCPTT,
        new PreconfiguredRegroupRequest.BetweenServers(DISP1, RG1, TMPL_INCIDENT, new RegroupTargets.Groups(List.of(FIRE))));
    assertThat(formed.accepted()).isTrue();
    assertThat(formed.deliveries()).extracting(Delivery::client).containsExactly(ff1);
    // 10.xx.3.4.1 at the partner: a second client of ff1 affiliating to metro's fire afterwards joins
    McServiceClient second = client(FF1, 7003);
    partner.register(second, McServiceServer.allServices(), 600);
    Outcome late = partner.affiliate(second, McService.MCPTT, List.of(FIRE)).outcome();
    assertThat(late.deliveries()).extracting(Delivery::client).containsExactly(second);
  }

  @Test
  void atThePartnerAUserRegroupReachesTheMigratedUsersClientsAlsoOneRegisteringLater() {
    PartnerConfig metro = partner.config().partner("metro").orElseThrow();
    McServiceClient ff1 = client(FF1, 7001);
    partner.register(ff1, McServiceServer.allServices(), 600);
    Outcome formed = partner.regroupFromPartner(metro, McService.MCPTT,
        new PreconfiguredRegroupRequest.BetweenServers(DISP1, RG1, TMPL_INCIDENT, new RegroupTargets.Users(List.of(FF1))));
    assertThat(formed.deliveries()).extracting(Delivery::client).containsExactly(ff1);
    McServiceClient later = client(FF1, 7004);
    assertThat(partner.register(later, McServiceServer.allServices(), 600).outcome().deliveries())
        .extracting(Delivery::client).containsExactly(later);
  }
}
