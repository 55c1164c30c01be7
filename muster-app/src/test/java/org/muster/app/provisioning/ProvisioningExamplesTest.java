package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** The sample systems in examples/ (run from the muster-app module folder) load as documented. */
class ProvisioningExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  private static McServiceId user(String name, String domain) {
    return McServiceId.of("sip:" + name + "@" + domain);
  }

  @Test
  void metroLoads() throws Exception {
    McSystemConfig metro = ProvisioningLoader.load(EXAMPLES.resolve("metro.yaml"));

    assertThat(metro.system().id()).isEqualTo("metro");
    assertThat(metro.domain()).isEqualTo("metro.example");
    assertThat(metro.system().sip()).isEqualTo(new HostPort("127.0.0.1", 5060));
    assertThat(metro.system().http()).isEqualTo(Optional.of(new HostPort("127.0.0.1", 8080)));
    assertThat(metro.system().store()).isEqualTo("./muster-data/metro");
    assertThat(metro.users()).hasSize(9);
    assertThat(metro.user(user("disp1", "metro.example")).orElseThrow().may()).isEqualTo(EnumSet.allOf(Authorization.class));
    assertThat(metro.user(user("disp2", "metro.example")).orElseThrow().may()).containsExactly(Authorization.GROUP_REGROUP);
    assertThat(metro.partners())
        .containsExactly(new PartnerConfig("north", "north.example", new HostPort("127.0.0.1", 5070), EnumSet.allOf(Authorization.class)));
  }

  @Test
  void metroHasItsGroupsAndTemplates() throws Exception {
    McSystemConfig metro = ProvisioningLoader.load(EXAMPLES.resolve("metro.yaml"));

    for (String name : new String[] {"fire", "police", "ambulance"}) {
      GroupConfig g = metro.group(McServiceGroupId.of("sip:" + name + "@metro.example")).orElseThrow();
      assertThat(g.services()).isEqualTo(EnumSet.allOf(McService.class));
      assertThat(g.preconfiguredRegroupOnly()).isFalse();
    }
    GroupConfig incident = metro.group(McServiceGroupId.of("sip:tmpl-incident@metro.example")).orElseThrow();
    assertThat(incident.preconfiguredRegroupOnly()).isTrue();
    assertThat(incident.broadcast()).isFalse();
    assertThat(incident.members()).hasSize(8).contains(user("nf1", "north.example")).doesNotContain(user("disp1", "metro.example"));
    GroupConfig broadcast = metro.group(McServiceGroupId.of("sip:tmpl-broadcast@metro.example")).orElseThrow();
    assertThat(broadcast.preconfiguredRegroupOnly()).isTrue();
    assertThat(broadcast.broadcast()).isTrue();
    assertThat(broadcast.members()).hasSize(9).contains(user("disp1", "metro.example"), user("disp2", "metro.example"));
  }

  @Test
  void northIsMetrosPartner() throws Exception {
    McSystemConfig north = ProvisioningLoader.load(EXAMPLES.resolve("north.yaml"));

    assertThat(north.system().id()).isEqualTo("north");
    assertThat(north.domain()).isEqualTo("north.example");
    assertThat(north.system().sip()).isEqualTo(new HostPort("127.0.0.1", 5070));
    assertThat(north.system().http()).isEmpty();
    assertThat(north.system().store()).isEqualTo("./muster-data/north");
    assertThat(north.users().keySet()).containsExactlyInAnyOrder(user("nf1", "north.example"), user("ndisp", "north.example"));
    assertThat(north.group(McServiceGroupId.of("sip:north-fire@north.example"))).isPresent();
    assertThat(north.partnerForDomain("metro.example").map(PartnerConfig::sip)).contains(new HostPort("127.0.0.1", 5060));
  }

  @Test
  void northNeedsNoCopyOfMetrosPreconfiguredGroupMetrosGmsSharesIt() throws Exception {
    McSystemConfig north = ProvisioningLoader.load(EXAMPLES.resolve("north.yaml"));
    McSystemConfig metro = ProvisioningLoader.load(EXAMPLES.resolve("metro.yaml"));
    // 10.xx.3.3.1: the primary's GMS shares its preconfigured group with north's (GroupSharingIT)
    assertThat(north.group(McServiceGroupId.of("sip:tmpl-incident@metro.example"))).isEmpty();
    assertThat(metro.group(McServiceGroupId.of("sip:tmpl-incident@metro.example")).orElseThrow().preconfiguredRegroupOnly()).isTrue();
    assertThat(metro.partnerForDomain("north.example")).isPresent();
  }
}
