package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

class ProvisioningLoaderTest {
  @TempDir Path dir;

  private static Path fixture(String name) throws Exception {
    return Path.of(ProvisioningLoaderTest.class.getResource("/provisioning/" + name).toURI());
  }

  @Test
  void loadsTheValidFixtureIntoTheModel() throws Exception {
    McSystemConfig config = ProvisioningLoader.load(fixture("valid.yaml"));

    assertThat(config.system().id()).isEqualTo("metro");
    assertThat(config.domain()).isEqualTo("metro.example");
    assertThat(config.system().sip()).isEqualTo(new HostPort("127.0.0.1", 0));
    assertThat(config.system().http()).contains(new HostPort("127.0.0.1", 0));
    assertThat(config.system().store()).isEqualTo("./muster-data/metro");
    assertThat(config.users()).hasSize(6);
    assertThat(config.user(McServiceId.of("sip:disp1@metro.example")).orElseThrow().may())
        .isEqualTo(EnumSet.allOf(Authorization.class));
    assertThat(config.user(McServiceId.of("sip:disp2@metro.example")).orElseThrow().may())
        .containsExactly(Authorization.GROUP_REGROUP);
    assertThat(config.user(McServiceId.of("sip:ff1@metro.example")).orElseThrow().may()).isEmpty();
  }

  @Test
  void readsGroupsWithTheirDefaults() throws Exception {
    McSystemConfig config = ProvisioningLoader.load(fixture("valid.yaml"));

    GroupConfig fire = config.group(McServiceGroupId.of("sip:fire@metro.example")).orElseThrow();
    assertThat(fire.services()).isEqualTo(EnumSet.allOf(McService.class));
    assertThat(fire.members()).containsExactly(McServiceId.of("sip:ff1@metro.example"), McServiceId.of("sip:ff2@metro.example"));
    assertThat(fire.preconfiguredRegroupOnly()).isFalse();
    assertThat(fire.broadcast()).isFalse();
    GroupConfig police = config.group(McServiceGroupId.of("sip:police@metro.example")).orElseThrow();
    assertThat(police.services()).containsExactly(McService.MCPTT);
    GroupConfig incident = config.group(McServiceGroupId.of("sip:tmpl-incident@metro.example")).orElseThrow();
    assertThat(incident.preconfiguredRegroupOnly()).isTrue();
    assertThat(incident.broadcast()).isFalse();
    assertThat(incident.members()).contains(McServiceId.of("sip:nf1@north.example"));
    GroupConfig broadcast = config.group(McServiceGroupId.of("sip:tmpl-broadcast@metro.example")).orElseThrow();
    assertThat(broadcast.broadcast()).isTrue();
    GroupConfig northFire = config.group(McServiceGroupId.of("sip:north-fire@north.example")).orElseThrow();
    assertThat(northFire.members()).isEmpty();
    assertThat(northFire.services()).isEqualTo(EnumSet.allOf(McService.class));
  }

  @Test
  void readsPartners() throws Exception {
    McSystemConfig config = ProvisioningLoader.load(fixture("valid.yaml"));

    assertThat(config.partners())
        .containsExactly(
            new PartnerConfig("north", "north.example", new HostPort("127.0.0.1", 5070), Set.of(Authorization.GROUP_REGROUP, Authorization.CANCEL_REGROUP)),
            new PartnerConfig("south", "south.example", new HostPort("::1", 5080), Set.of()));
    assertThat(config.partnerForDomain("north.example").map(PartnerConfig::id)).contains("north");
  }

  @Test
  void reportsEveryProblemOfTheBrokenFixtureInLineOrder() throws Exception {
    Path file = fixture("broken.yaml");
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> ProvisioningLoader.load(file));

    String f = file.toString();
    assertThat(e.getMessage().lines().toList())
        .containsExactly(
            f + ":2: system.id: 'Metro' is not a short name: lower-case letters, digits and '-', such as metro",
            f + ":4: system.sip: '127.0.0.1' is not host:port (example: 127.0.0.1:5060)",
            f + ":7: users[0] (sip:disp1@metro.example): has no credential: give password (or password: ${ENV_NAME}), ha1-md5 or ha1-sha256 (authentication: digest, the default)",
            f + ":8: users[0] (sip:disp1@metro.example): unknown key 'mayy'; allowed: id, may, password, ha1-md5, ha1-sha256, served-by (did you mean 'may'?)",
            f + ":9: users[1] (sip:ff1@metro.example): has no credential: give password (or password: ${ENV_NAME}), ha1-md5 or ha1-sha256 (authentication: digest, the default)",
            f + ":10: users[1] (sip:ff1@metro.example).may: expected a list, got the string 'group-regroup'; write [group-regroup]",
            f + ":11: users[2] (sip:ff1@metro.example): duplicate user ID sip:ff1@metro.example; first at users[1] (sip:ff1@metro.example), line 9",
            f + ":12: users[3] (sip:x@other.example): user sip:x@other.example is not in domain metro.example nor a partner domain (none is provisioned)",
            f + ":13: users[4]: expected a map, got the string 'sip:ff2@metro.example'; write it as - id: sip:ff1@metro.example",
            f + ":17: groups[0] (sip:fire@metro.example).services[1]: unknown service 'ptt'; allowed: mcptt, mcvideo, mcdata",
            f + ":18: groups[0] (sip:fire@metro.example).members[1]: sip:ff9@metro.example is not a provisioned user; add it under users:",
            f + ":18: groups[0] (sip:fire@metro.example).members[2]: sip:ff1@metro.example is listed twice (also members[0])",
            f + ":19: groups[0] (sip:fire@metro.example).broadcast: expected true or false, got the string 'yes'",
            f + ":23: partners[0] (north): partner domain metro.example is this system's own domain (system.domain)",
            f + ":25: partners[0] (north).trust[0]: unknown authorization 'regroup'; allowed: group-regroup, user-regroup, cancel-regroup");
    assertThat(e.problems()).hasSize(15);
    assertThat(e.problems().get(0).line()).isEqualTo(2);
    assertThat(e.problems().get(0).entry()).isEqualTo("system.id");
  }

  @Test
  void storeDefaultsToAFolderNamedAfterTheSystem() throws Exception {
    assertThat(ProvisioningYaml.parse(ProvisioningYaml.SYSTEM).system().store()).isEqualTo("./muster-data/metro");
  }

  @Test
  void keepsAStoreFolderOrJdbcUrlAsWritten() throws Exception {
    McSystemConfig folder = ProvisioningYaml.parse(ProvisioningYaml.DIGEST_SYSTEM + "  store: data/metro\n");
    assertThat(folder.system().store()).isEqualTo("data/metro");
    assertThat(folder.system().storeIsJdbcUrl()).isFalse();
    String url = "jdbc:postgresql://127.0.0.1:5432/muster?user=muster";
    McSystemConfig jdbc = ProvisioningYaml.parse(ProvisioningYaml.DIGEST_SYSTEM + "  store: " + url + "\n");
    assertThat(jdbc.system().store()).isEqualTo(url);
    assertThat(jdbc.system().storeIsJdbcUrl()).isTrue();
  }

  @Test
  void aMinimalFileHasNoUsersGroupsPartnersNorHttp() throws Exception {
    McSystemConfig config = ProvisioningYaml.parse(ProvisioningYaml.SYSTEM);
    assertThat(config.users()).isEmpty();
    assertThat(config.groups()).isEmpty();
    assertThat(config.partners()).isEmpty();
    assertThat(config.system().http()).isEqualTo(Optional.empty());
  }

  @Test
  void emptySectionsAreAllowed() throws Exception {
    McSystemConfig config = ProvisioningYaml.parse(ProvisioningYaml.SYSTEM + "users:\ngroups: []\npartners: ~\n");
    assertThat(config.users()).isEmpty();
  }

  @Test
  void namesAMissingFile() {
    Path missing = dir.resolve("nope.yaml");
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> ProvisioningLoader.load(missing));
    assertThat(e.getMessage()).isEqualTo(missing + ": cannot read the provisioning file: no such file");
    assertThat(e.problems().get(0).line()).isZero();
  }

  @Test
  void refusesAFileThatIsNotUtf8() throws Exception {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, (ProvisioningYaml.SYSTEM + "# Zürich\n").getBytes(StandardCharsets.ISO_8859_1));
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> ProvisioningLoader.load(latin1));
    assertThat(e.getMessage()).isEqualTo(latin1 + ": cannot read the provisioning file: it is not UTF-8 text");
  }

  @Test
  void acceptsAByteOrderMark() throws Exception {
    Path bom = dir.resolve("bom.yaml");
    Files.writeString(bom, "\uFEFF" + ProvisioningYaml.SYSTEM);
    assertThat(ProvisioningLoader.load(bom).system().id()).isEqualTo("metro");
  }

  @Test
  void theResultIsImmutable() throws Exception {
    McSystemConfig config = ProvisioningLoader.load(fixture("valid.yaml"));
    assertThrows(UnsupportedOperationException.class, () -> config.users().clear());
    assertThrows(UnsupportedOperationException.class, () -> config.partners().add(config.partners().get(0)));
    List<McServiceId> members = config.groups().values().iterator().next().members();
    assertThrows(UnsupportedOperationException.class, () -> members.add(McServiceId.of("sip:a@metro.example")));
  }
}
