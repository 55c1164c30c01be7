package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.muster.app.provisioning.ProvisioningYaml.SYSTEM;
import static org.muster.app.provisioning.ProvisioningYaml.problem;
import static org.muster.app.provisioning.ProvisioningYaml.problems;

import org.junit.jupiter.api.Test;

/** Problems of the file as a whole: YAML syntax, shape, top-level keys. */
class ProvisioningFileTest {
  @Test
  void anEmptyFileIsRefused() {
    assertThat(problems("")).containsExactly("t.yaml:1: the file is empty; it needs at least a system: section");
    assertThat(problem("# nothing yet\n")).isEqualTo("t.yaml:1: the file is empty; it needs at least a system: section");
  }

  @Test
  void aFileThatIsNotAMapIsRefused() {
    assertThat(problems("- system\n")).containsExactly("t.yaml:1: expected a map with keys system, users, groups, partners, got a list");
    assertThat(problem("metro\n")).isEqualTo("t.yaml:1: expected a map with keys system, users, groups, partners, got the string 'metro'");
  }

  @Test
  void anUnknownTopLevelKeyIsNamed() {
    assertThat(problems(SYSTEM + "userz: []\n"))
        .containsExactly("t.yaml:5: unknown key 'userz'; allowed: system, users, groups, partners (did you mean 'users'?)");
    assertThat(problem(SYSTEM + "options: {}\n")).isEqualTo("t.yaml:5: unknown key 'options'; allowed: system, users, groups, partners");
  }

  @Test
  void aSyntaxErrorNamesItsLine() {
    String yaml = SYSTEM + "users:\n  - id: sip:ff1@metro.example\n    may: [group-regroup\n  - id: sip:ff2@metro.example\n";
    assertThat(problems(yaml))
        .containsExactly("t.yaml:8: not valid YAML: while parsing a flow sequence, expected ',' or ']', but got :");
  }

  @Test
  void aBadIndentationIsASyntaxError() {
    assertThat(problem("system:\n  id: metro\n   domain: metro.example\n")).startsWith("t.yaml:3: not valid YAML: ");
  }

  @Test
  void aDuplicateKeyIsReported() {
    assertThat(problems(SYSTEM + "users:\n  - id: sip:ff1@metro.example\n    may: [group-regroup]\n    may: []\n"))
        .containsExactly("t.yaml:8: users[0]: key 'may' appears twice (first at line 7)");
  }

  @Test
  void aliasesAreRefused() {
    String yaml = SYSTEM + "users:\n  - id: &ff1 sip:ff1@metro.example\ngroups:\n  - id: sip:fire@metro.example\n    members: [*ff1]\n";
    assertThat(problems(yaml)).containsExactly("t.yaml:9: groups[0].members[0]: YAML aliases (*ff1) are not supported; write the value out");
  }

  @Test
  void aSecondDocumentIsRefused() {
    assertThat(problems(SYSTEM + "---\n" + SYSTEM))
        .containsExactly("t.yaml:6: a second YAML document starts here; one file describes one MC system");
  }

  @Test
  void aListWhereAMapIsExpectedIsNamed() {
    assertThat(problem("system:\n  - id: metro\n")).isEqualTo("t.yaml:2: system: expected a map with keys id, domain, sip, http, store, retention, authentication, digest-algorithms, sips, tls, admin-token, unauthenticated-limit, clients-per-user, clients-per-source, proxies, got a list");
  }

  @Test
  void aStringWhereAListIsExpectedShowsTheListToWrite() {
    assertThat(problem(SYSTEM + "users:\n  - id: sip:ff1@metro.example\n    may: group-regroup\n"))
        .isEqualTo("t.yaml:7: users[0] (sip:ff1@metro.example).may: expected a list, got the string 'group-regroup'; write [group-regroup]");
  }

  @Test
  void aListItemMustBeAString() {
    assertThat(problem(SYSTEM + "users:\n  - id: sip:ff1@metro.example\n    may: [[group-regroup]]\n"))
        .isEqualTo("t.yaml:7: users[0] (sip:ff1@metro.example).may[0]: expected a string, got a list");
  }

  @Test
  void problemsOfAllSectionsAreReportedTogetherInLineOrder() {
    String yaml =
        "partners:\n  - id: north\n    domain: north.example\n    sip: nowhere\n"
            + "users:\n  - id: sip:ff1@metro.example\n    may: [all]\n"
            + "system:\n  id: metro\n  domain: metro.example\n";
    assertThat(problems(yaml))
        .containsExactly(
            "t.yaml:4: partners[0] (north).sip: 'nowhere' is not host:port (example: 127.0.0.1:5060)",
            "t.yaml:6: users[0] (sip:ff1@metro.example): has no credential: give password (or password: ${ENV_NAME}), ha1-md5 or"
                + " ha1-sha256 (authentication: digest, the default)",
            "t.yaml:7: users[0] (sip:ff1@metro.example).may[0]: unknown authorization 'all'; allowed: group-regroup, user-regroup, cancel-regroup",
            "t.yaml:9: system: sip is missing");
  }

  @Test
  void theExceptionMessageHoldsOneProblemPerLine() {
    ProvisioningException e =
        assertThrows(ProvisioningException.class, () -> ProvisioningYaml.parse("system:\n  id: metro\n"));
    assertThat(e.getMessage()).isEqualTo("t.yaml:2: system: domain is missing\nt.yaml:2: system: sip is missing");
  }
}
