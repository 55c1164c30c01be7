package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.provisioning.ProvisioningYaml.NORTH;
import static org.muster.app.provisioning.ProvisioningYaml.SYSTEM;
import static org.muster.app.provisioning.ProvisioningYaml.parse;
import static org.muster.app.provisioning.ProvisioningYaml.problem;
import static org.muster.app.provisioning.ProvisioningYaml.problems;

import org.junit.jupiter.api.Test;
import org.muster.core.config.Authorization;
import org.muster.core.id.McServiceId;

class ProvisioningUsersTest {
  private static final McServiceId FF1 = McServiceId.of("sip:ff1@metro.example");

  @Test
  void mayDefaultsToNone() throws Exception {
    assertThat(parse(SYSTEM + "users:\n  - id: sip:ff1@metro.example\n").user(FF1).orElseThrow().may()).isEmpty();
  }

  @Test
  void mayHoldsTheListedAuthorizations() throws Exception {
    String yaml = SYSTEM + "users:\n  - id: sip:ff1@metro.example\n    may: [user-regroup, cancel-regroup]\n";
    assertThat(parse(yaml).user(FF1).orElseThrow().may()).containsExactlyInAnyOrder(Authorization.USER_REGROUP, Authorization.CANCEL_REGROUP);
  }

  @Test
  void aMisspeltMayIsAnUnknownKeyNotASilentlyDroppedPermission() {
    String yaml = SYSTEM + "users:\n  - id: sip:ff1@metro.example\n  - id: sip:ff2@metro.example\n  - id: sip:ff9@metro.example\n    mayy: [group-regroup]\n";
    assertThat(problems(yaml))
        .containsExactly("t.yaml:9: users[2] (sip:ff9@metro.example): unknown key 'mayy'; allowed: id, may, password, ha1-md5, ha1-sha256, served-by (did you mean 'may'?)");
  }

  @Test
  void anUnknownAuthorizationIsNamedWithTheAllowedWords() {
    String yaml = SYSTEM + "users:\n  - id: sip:ff1@metro.example\n    may: [group-regroup, regroup-all]\n";
    assertThat(problem(yaml))
        .isEqualTo(
            "t.yaml:7: users[0] (sip:ff1@metro.example).may[1]: unknown authorization 'regroup-all'; allowed: group-regroup, user-regroup, cancel-regroup");
  }

  @Test
  void anAuthorizationListedTwiceIsReported() {
    String yaml = SYSTEM + "users:\n  - id: sip:ff1@metro.example\n    may: [cancel-regroup, cancel-regroup]\n";
    assertThat(problem(yaml)).isEqualTo("t.yaml:7: users[0] (sip:ff1@metro.example).may[1]: 'cancel-regroup' is listed twice (also may[0])");
  }

  @Test
  void aDuplicateUserNamesBothPositions() {
    String yaml = SYSTEM + "users:\n  - id: sip:ff1@metro.example\n  - id: sip:ff2@metro.example\n  - id: sip:ff1@metro.example\n";
    assertThat(problems(yaml))
        .containsExactly(
            "t.yaml:8: users[2] (sip:ff1@metro.example): duplicate user ID sip:ff1@metro.example; first at users[0] (sip:ff1@metro.example), line 6");
  }

  @Test
  void aMalformedSipUriIsReported() {
    assertThat(problem(SYSTEM + "users:\n  - id: ff1@metro.example\n"))
        .isEqualTo("t.yaml:6: users[0] (ff1@metro.example).id: 'ff1@metro.example' is not a SIP URI such as sip:ff1@metro.example");
    assertThat(problem(SYSTEM + "users:\n  - id: <sip:ff1@metro.example>\n"))
        .isEqualTo("t.yaml:6: users[0] (<sip:ff1@metro.example>).id: '<sip:ff1@metro.example>' is not a SIP URI such as sip:ff1@metro.example");
  }

  @Test
  void theIdIsRequired() {
    assertThat(problem(SYSTEM + "users:\n  - may: [group-regroup]\n")).isEqualTo("t.yaml:6: users[0]: id is missing");
  }

  @Test
  void aUserOutsideOurAndThePartnersDomainsIsRefused() {
    assertThat(problem(SYSTEM + "users:\n  - id: sip:x@other.example\n" + NORTH))
        .isEqualTo("t.yaml:6: users[0] (sip:x@other.example): user sip:x@other.example is not in domain metro.example nor a partner domain (north.example)");
  }

  @Test
  void aUserInAPartnerDomainIsAllowed() throws Exception {
    McServiceId guest = McServiceId.of("sip:nf1@north.example");
    String yaml = SYSTEM + "users:\n  - id: sip:nf1@north.example\n    may: [group-regroup]\n" + NORTH;
    assertThat(parse(yaml).user(guest).orElseThrow().may()).containsExactly(Authorization.GROUP_REGROUP);
  }

  @Test
  void theDomainIsComparedWithoutCase() throws Exception {
    assertThat(parse(SYSTEM + "users:\n  - id: sip:ff1@METRO.example\n").users()).hasSize(1);
  }

  @Test
  void aUserEntryMustBeAMap() {
    assertThat(problem(SYSTEM + "users:\n  - sip:ff1@metro.example\n"))
        .isEqualTo("t.yaml:6: users[0]: expected a map, got the string 'sip:ff1@metro.example'; write it as - id: sip:ff1@metro.example");
  }

  @Test
  void usersMustBeAList() {
    assertThat(problem(SYSTEM + "users:\n  id: sip:ff1@metro.example\n"))
        .isEqualTo("t.yaml:6: users: expected a list of entries, each starting with '- id:', got a map");
  }
}
