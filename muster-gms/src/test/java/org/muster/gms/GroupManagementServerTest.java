package org.muster.gms;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.protocol.GroupConfigurationDocument;
import org.muster.protocol.SharedGroupEntry;
import org.muster.store.JdbcStateStore;
import org.muster.store.StoreLocation;

/**
 * The GMS's decisions on a real store (H2 in memory, the same migrations as a running system):
 * north's GMS, partner of metro (trusted with regroups) and of south (trusted with nothing).
 */
class GroupManagementServerTest {
  static final McServiceGroupId TMPL_NORTH = McServiceGroupId.of("sip:tmpl-north@north.example");
  static final McServiceGroupId TMPL_METRO = McServiceGroupId.of("sip:tmpl-incident@metro.example");
  static final McServiceGroupId TMPL_METRO_2 = McServiceGroupId.of("sip:tmpl-flood@metro.example");
  static final McServiceId N1 = McServiceId.of("sip:n1@north.example");
  static final PartnerConfig METRO = new PartnerConfig("metro", "metro.example", new HostPort("127.0.0.1", 5060),
      EnumSet.of(Authorization.GROUP_REGROUP, Authorization.CANCEL_REGROUP));
  static final PartnerConfig SOUTH = new PartnerConfig("south", "south.example", new HostPort("127.0.0.1", 5080), Set.of());

  private final JdbcStateStore store = JdbcStateStore.open(
      StoreLocation.of("jdbc:h2:mem:gms-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), JdbcStateStore.DEFAULT_CONNECT_TIMEOUT);
  private final McSystemConfig north = new McSystemConfig(
      new SystemSettings("north", "north.example", new HostPort("127.0.0.1", 5070), Optional.empty(), "unused"),
      List.of(new UserConfig(N1, Set.of())),
      List.of(new GroupConfig(TMPL_NORTH, EnumSet.of(McService.MCPTT), List.of(N1), true, true)),
      List.of(METRO, SOUTH));

  @AfterEach
  void close() {
    store.close();
  }

  private GroupManagementServer open() {
    return GroupManagementServer.open(north, new JdbcGmsStore(store.dataSource(), store.location().needsCheckpoint()), Clock.systemUTC(), new SecureRandom());
  }

  private static SharedGroupEntry metroGroup(McServiceGroupId g, boolean preconfigured) {
    return SharedGroupEntry.withoutKey(g, EnumSet.of(McService.MCPTT, McService.MCVIDEO), preconfigured, false, "v1");
  }

  @Test
  void ourPreconfiguredGroupsAreSharedWithTheirKeyKeptAcrossRestartsButTheKeyOnlyOverMutualTls() {
    GroupConfigurationDocument first = open().shareWith(METRO);
    GroupConfigurationDocument again = open().shareWith(METRO);

    assertThat(first.homeSystem()).isEqualTo("north.example");
    assertThat(first.groups()).extracting(SharedGroupEntry::uri).containsExactly(TMPL_NORTH);
    SharedGroupEntry e = first.groups().get(0);
    assertThat(e.broadcast()).isTrue();
    assertThat(e.services()).containsExactly(McService.MCPTT);
    assertThat(e.keyId()).as("metro has no certificate: no key material in the clear").isEmpty();
    assertThat(e.keyMaterial()).isEmpty();
    assertThat(again.groups().get(0).version()).as("same key, same version after a restart").isEqualTo(e.version());
    assertThat(new JdbcGmsStore(store.dataSource(), store.location().needsCheckpoint()).keys().get(TMPL_NORTH).material()).hasSize(GroupManagementServer.KEY_BYTES);
  }

  @Test
  void whatATrustedPartnerSharesIsKeptDistributedToEveryoneAndReplacedByItsNextShare() {
    GroupManagementServer gms = open();

    GroupManagementServer.Receipt r = gms.received(METRO, new GroupConfigurationDocument("metro.example",
        List.of(metroGroup(TMPL_METRO, true), metroGroup(TMPL_METRO_2, true))));

    assertThat(r.status()).isEqualTo(200);
    GroupConfig shared = gms.sharedBy("metro", TMPL_METRO).orElseThrow();
    assertThat(shared.services()).containsExactlyInAnyOrder(McService.MCPTT, McService.MCVIDEO);
    assertThat(shared.preconfiguredRegroupOnly()).isTrue();
    assertThat(gms.sharedBy("south", TMPL_METRO)).as("only from its home system").isEmpty();
    assertThat(open().sharedBy("metro", TMPL_METRO_2)).as("kept in the store").isPresent();

    gms.received(METRO, new GroupConfigurationDocument("metro.example", List.of(metroGroup(TMPL_METRO, true))));
    assertThat(gms.sharedBy("metro", TMPL_METRO_2)).as("no longer shared").isEmpty();
    assertThat(open().sharedBy("metro", TMPL_METRO_2)).isEmpty();
    assertThat(open().sharedBy("metro", TMPL_METRO)).isPresent();
  }

  @Test
  void aPartnerNotTrustedWithRegroupsOrSharingAnotherSystemsGroupsIsRefusedAndNothingIsKept() {
    GroupManagementServer gms = open();
    McServiceGroupId southGroup = McServiceGroupId.of("sip:tmpl-s@south.example");

    GroupManagementServer.Receipt untrusted = gms.received(SOUTH, new GroupConfigurationDocument("south.example",
        List.of(metroGroup(southGroup, true))));
    GroupManagementServer.Receipt wrongHome = gms.received(METRO, new GroupConfigurationDocument("south.example",
        List.of(metroGroup(southGroup, true))));
    GroupManagementServer.Receipt notPreconfigured = gms.received(METRO, new GroupConfigurationDocument("metro.example",
        List.of(metroGroup(TMPL_METRO, false))));

    assertThat(untrusted.status()).isEqualTo(403);
    assertThat(untrusted.warning()).hasValueSatisfying(w -> assertThat(w).contains("south", "not trusted"));
    assertThat(wrongHome.status()).isEqualTo(403);
    assertThat(wrongHome.warning()).hasValueSatisfying(w -> assertThat(w).contains("metro.example"));
    assertThat(notPreconfigured.status()).isEqualTo(400);
    assertThat(notPreconfigured.warning()).hasValueSatisfying(w -> assertThat(w).contains(TMPL_METRO.uri()));
    assertThat(gms.sharedWithUs()).isEmpty();
    assertThat(open().sharedWithUs()).isEmpty();
  }
  @Test
  void aMarkOfAGroupRegroupedByAnotherMechanismIsKeptUntilRemoved() {
    McServiceGroupId rescue = McServiceGroupId.of("sip:rescue@north.example");
    GroupManagementServer gms = open();

    assertThat(gms.markRegrouped(rescue)).isTrue();
    assertThat(gms.markRegrouped(rescue)).as("marked already").isFalse();
    assertThat(gms.regroupedElsewhere(rescue)).isTrue();
    GroupManagementServer restarted = open();
    assertThat(restarted.regroupedElsewhere(rescue)).as("kept in the store").isTrue();

    assertThat(restarted.unmarkRegrouped(rescue)).isTrue();
    assertThat(restarted.regroupedElsewhere(rescue)).isFalse();
    assertThat(gms.regroupedElsewhere(rescue)).as("another instance, before it reads the store again").isTrue();
    gms.refreshMarks();
    assertThat(gms.regroupedElsewhere(rescue)).isFalse();
    assertThat(gms.unmarkRegrouped(rescue)).isFalse();
  }
}
