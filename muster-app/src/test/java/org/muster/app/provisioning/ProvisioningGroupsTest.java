package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.provisioning.ProvisioningYaml.NORTH;
import static org.muster.app.provisioning.ProvisioningYaml.SYSTEM;
import static org.muster.app.provisioning.ProvisioningYaml.parse;
import static org.muster.app.provisioning.ProvisioningYaml.problem;
import static org.muster.app.provisioning.ProvisioningYaml.problems;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.muster.core.config.GroupConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

class ProvisioningGroupsTest {
  /** Lines 5 to 7. */
  private static final String USERS = "users:\n  - id: sip:ff1@metro.example\n  - id: sip:ff2@metro.example\n";
  /** Line 8 starts the groups. */
  private static final String HEAD = SYSTEM + USERS + "groups:\n";

  private static GroupConfig fire(String yaml) throws ProvisioningException {
    return parse(yaml).group(McServiceGroupId.of("sip:fire@metro.example")).orElseThrow();
  }

  @Test
  void servicesDefaultToAllThreeAndFlagsToFalse() throws Exception {
    GroupConfig fire = fire(HEAD + "  - id: sip:fire@metro.example\n");
    assertThat(fire.services()).isEqualTo(EnumSet.allOf(McService.class));
    assertThat(fire.members()).isEmpty();
    assertThat(fire.preconfiguredRegroupOnly()).isFalse();
    assertThat(fire.broadcast()).isFalse();
  }

  @Test
  void regroupExpiresIsReadInShortOrIsoFormAndWrongValuesAreNamed() throws Exception {
    assertThat(fire(HEAD + "  - id: sip:fire@metro.example\n").regroupExpires()).isEmpty();
    assertThat(fire(HEAD + "  - id: sip:fire@metro.example\n    regroup-expires: 30m\n").regroupExpires()).contains(java.time.Duration.ofMinutes(30));
    assertThat(fire(HEAD + "  - id: sip:fire@metro.example\n    regroup-expires: 2d\n").regroupExpires()).contains(java.time.Duration.ofDays(2));
    assertThat(fire(HEAD + "  - id: sip:fire@metro.example\n    regroup-expires: PT1H30M\n").regroupExpires())
        .contains(java.time.Duration.ofMinutes(90));
    for (String bad : new String[] {"soon", "0m", "400d", "-PT1M"}) {
      assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    regroup-expires: " + bad + "\n")).isEqualTo(
          "t.yaml:10: groups[0] (sip:fire@metro.example).regroup-expires: expected how long a regroup lasts, from 1 second to 366 days,"
              + " such as 30m, 8h, 1d or PT30M, got '" + bad + "'");
    }
  }

  @Test
  void readsServicesMembersAndFlags() throws Exception {
    GroupConfig fire =
        fire(HEAD + "  - id: sip:fire@metro.example\n    services: [mcvideo, mcdata]\n    members: [sip:ff2@metro.example, sip:ff1@metro.example]\n"
            + "    preconfigured-regroup-only: true\n    broadcast: true\n");
    assertThat(fire.services()).containsExactlyInAnyOrder(McService.MCVIDEO, McService.MCDATA);
    assertThat(fire.members()).containsExactly(McServiceId.of("sip:ff2@metro.example"), McServiceId.of("sip:ff1@metro.example"));
    assertThat(fire.preconfiguredRegroupOnly()).isTrue();
    assertThat(fire.broadcast()).isTrue();
  }

  @Test
  void anUnknownServiceIsNamedWithTheAllowedWords() {
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    services: [mcptt, video]\n"))
        .isEqualTo("t.yaml:10: groups[0] (sip:fire@metro.example).services[1]: unknown service 'video'; allowed: mcptt, mcvideo, mcdata");
  }

  @Test
  void anEmptyServiceListIsRefused() {
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    services: []\n"))
        .isEqualTo("t.yaml:10: groups[0] (sip:fire@metro.example).services: empty list; name at least one of mcptt, mcvideo, mcdata, or leave services out for all three");
  }

  @Test
  void aMemberThatIsNotAProvisionedUserIsNamed() {
    assertThat(problems(HEAD + "  - id: sip:fire@metro.example\n  - id: sip:police@metro.example\n    members: [sip:ff1@metro.example, sip:pol1@metro.example]\n"))
        .containsExactly("t.yaml:11: groups[1] (sip:police@metro.example).members[1]: sip:pol1@metro.example is not a provisioned user; add it under users:");
  }

  @Test
  void aMemberOfAnUnknownDomainIsNamed() {
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    members:\n      - sip:ff1@other.example\n"))
        .isEqualTo("t.yaml:11: groups[0] (sip:fire@metro.example).members[0]: sip:ff1@other.example is not a provisioned user nor in a partner domain");
  }

  @Test
  void aMemberInAPartnerDomainNeedNotBeProvisioned() throws Exception {
    GroupConfig fire = fire(HEAD + "  - id: sip:fire@metro.example\n    members: [sip:ff1@metro.example, sip:nf1@north.example]\n" + NORTH);
    assertThat(fire.members()).contains(McServiceId.of("sip:nf1@north.example"));
  }

  @Test
  void aMalformedMemberIsReported() {
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    members: [ff1]\n"))
        .isEqualTo("t.yaml:10: groups[0] (sip:fire@metro.example).members[0]: 'ff1' is not a SIP URI such as sip:ff1@metro.example");
  }

  @Test
  void aMemberListedTwiceIsReported() {
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    members: [sip:ff1@metro.example, sip:ff2@metro.example, sip:ff1@metro.example]\n"))
        .isEqualTo("t.yaml:10: groups[0] (sip:fire@metro.example).members[2]: sip:ff1@metro.example is listed twice (also members[0])");
  }

  @Test
  void anUnnamedEntryIsNamedByItsPosition() {
    assertThat(problem(HEAD + "  - members: [sip:ff9@metro.example]\n"))
        .isEqualTo("t.yaml:9: groups[0]: id is missing");
    assertThat(problems(HEAD + "  - members: [sip:ff9@metro.example]\n"))
        .contains("t.yaml:9: groups[0].members[0]: sip:ff9@metro.example is not a provisioned user; add it under users:");
  }

  @Test
  void aDuplicateGroupIsReported() {
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n  - id: sip:fire@metro.example\n"))
        .isEqualTo("t.yaml:10: groups[1] (sip:fire@metro.example): duplicate group ID sip:fire@metro.example; first at groups[0] (sip:fire@metro.example), line 9");
  }

  @Test
  void aGroupIdThatIsAUserIdIsRefused() {
    assertThat(problem(HEAD + "  - id: sip:ff2@metro.example\n"))
        .isEqualTo("t.yaml:9: groups[0] (sip:ff2@metro.example): group ID sip:ff2@metro.example is also a user ID, at users[1] (sip:ff2@metro.example), line 7");
  }

  @Test
  void aGroupInAPartnerDomainIsAllowed() throws Exception {
    McServiceGroupId northFire = McServiceGroupId.of("sip:north-fire@north.example");
    assertThat(parse(HEAD + "  - id: sip:north-fire@north.example\n" + NORTH).group(northFire)).isPresent();
  }

  @Test
  void aGroupOutsideOurAndThePartnersDomainsIsRefused() {
    assertThat(problem(HEAD + "  - id: sip:fire@other.example\n"))
        .isEqualTo("t.yaml:9: groups[0] (sip:fire@other.example): group sip:fire@other.example is not in domain metro.example nor a partner domain (none is provisioned)");
  }

  @Test
  void flagsAreTrueOrFalseOnly() {
    assertThat(problems(HEAD + "  - id: sip:fire@metro.example\n    broadcast: yes\n    preconfigured-regroup-only: 1\n"))
        .containsExactly(
            "t.yaml:10: groups[0] (sip:fire@metro.example).broadcast: expected true or false, got the string 'yes'",
            "t.yaml:11: groups[0] (sip:fire@metro.example).preconfigured-regroup-only: expected true or false, got the number 1");
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    broadcast: True\n"))
        .isEqualTo("t.yaml:10: groups[0] (sip:fire@metro.example).broadcast: expected true or false, got True");
  }

  @Test
  void aMisspeltKeyIsNamed() {
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    member: [sip:ff1@metro.example]\n"))
        .isEqualTo("t.yaml:10: groups[0] (sip:fire@metro.example): unknown key 'member'; allowed: id, services, members, preconfigured-regroup-only, broadcast, regroup-expires (did you mean 'members'?)");
  }

  @Test
  void membersMustBeAListOfUris() {
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    members: sip:ff1@metro.example\n"))
        .isEqualTo("t.yaml:10: groups[0] (sip:fire@metro.example).members: expected a list, got the string 'sip:ff1@metro.example'; write [sip:ff1@metro.example]");
    assertThat(problem(HEAD + "  - id: sip:fire@metro.example\n    members:\n      - id: sip:ff1@metro.example\n"))
        .isEqualTo("t.yaml:11: groups[0] (sip:fire@metro.example).members[0]: expected a string, got a map");
  }
}
