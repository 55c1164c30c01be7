package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.provisioning.ProvisioningYaml.DIGEST_SYSTEM;
import static org.muster.app.provisioning.ProvisioningYaml.SYSTEM;
import static org.muster.app.provisioning.ProvisioningYaml.parse;
import static org.muster.app.provisioning.ProvisioningYaml.problems;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.config.McSystemConfig;
import org.muster.core.id.McServiceId;

/** Muster's migration and release keys: users[].served-by, partners[].migrated-users and partners[].release-after. */
class ProvisioningMigrationTest {
  private static final McServiceId FF1 = McServiceId.of("sip:ff1@metro.example");
  private static final McServiceId NF1 = McServiceId.of("sip:nf1@north.example");

  @Test
  void aUserOfOursServedByAPartner() throws Exception {
    McSystemConfig c = parse(SYSTEM + "users:\n  - {id: sip:ff1@metro.example, served-by: north}\n" + ProvisioningYaml.NORTH);
    assertThat(c.user(FF1).orElseThrow().servedBy()).contains("north");
  }

  @Test
  void servedByNamesAProvisionedPartnerAndOnlyForOurUsers() {
    assertThat(problems(SYSTEM + "users:\n  - {id: sip:ff1@metro.example, served-by: south}\n" + ProvisioningYaml.NORTH))
        .containsExactly("t.yaml:6: users[0] (sip:ff1@metro.example).served-by: 'south' is not a provisioned partner id (north)");
    assertThat(problems(SYSTEM + "users:\n  - {id: sip:nf1@north.example, served-by: north}\n" + ProvisioningYaml.NORTH))
        .containsExactly("t.yaml:6: users[0] (sip:nf1@north.example).served-by: only a user of this system's domain migrates to a partner;"
            + " sip:nf1@north.example is homed in a partner");
  }

  @Test
  void aPartnersMigratedUserIsServedHereWithItsCredentialAndReleaseAfter() throws Exception {
    McSystemConfig c = parse(DIGEST_SYSTEM + "users:\n  - {id: sip:nf1@north.example, password: nf1-secret}\n"
        + "  - {id: sip:nf2@north.example}\n" + ProvisioningYaml.NORTH + "    migrated-users: [sip:nf1@north.example]\n    release-after: 2h\n");
    assertThat(c.partner("north").orElseThrow().migratedUsers()).containsExactly(NF1);
    assertThat(c.partner("north").orElseThrow().releaseAfter()).contains(Duration.ofHours(2));
    assertThat(c.servesHere(NF1)).isTrue();
    assertThat(c.servesHere(McServiceId.of("sip:nf2@north.example"))).isFalse();
    assertThat(parse(SYSTEM + ProvisioningYaml.NORTH).partner("north").orElseThrow().releaseAfter()).isEqualTo(Optional.empty());
  }

  @Test
  void aMigratedUserNeedsACredentialAnEntryUnderUsersAndThePartnersDomain() {
    assertThat(problems(DIGEST_SYSTEM + "users:\n  - {id: sip:nf1@north.example}\n" + ProvisioningYaml.NORTH
        + "    migrated-users: [sip:nf1@north.example]\n"))
        .containsExactly("t.yaml:6: users[0] (sip:nf1@north.example): has no credential: give password (or password: ${ENV_NAME}),"
            + " ha1-md5 or ha1-sha256 (authentication: digest, the default)");
    assertThat(problems(SYSTEM + ProvisioningYaml.NORTH + "    migrated-users: [sip:nf9@north.example, sip:ff1@metro.example, nf1]\n"))
        .containsExactly(
            "t.yaml:9: partners[0] (north).migrated-users[1]: sip:ff1@metro.example is not in this partner's domain north.example:"
                + " only a partner's own users migrate from it",
            "t.yaml:9: partners[0] (north).migrated-users[2]: 'nf1' is not a SIP URI such as sip:ff1@metro.example",
            "t.yaml:9: partners[0] (north).migrated-users: sip:nf9@north.example is not listed under users:"
                + " add it there with its credential (a copy of its primary's profile)");
  }

  @Test
  void releaseAfterIsADurationFromAMinuteToThirtyDays() {
    for (String bad : Set.of("30", "9s", "31d", "soon")) {
      assertThat(problems(SYSTEM + ProvisioningYaml.NORTH + "    release-after: " + bad + "\n"))
          .containsExactly("t.yaml:9: partners[0] (north).release-after: expected a duration from 10s to 30d such as 30m, 2h or 1d, got '"
              + bad + "'");
    }
  }
}
