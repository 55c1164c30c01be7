package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.provisioning.ProvisioningYaml.SYSTEM;
import static org.muster.app.provisioning.ProvisioningYaml.parse;
import static org.muster.app.provisioning.ProvisioningYaml.problem;
import static org.muster.app.provisioning.ProvisioningYaml.problems;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Authorization;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;

class ProvisioningPartnersTest {
  /** Line 6 starts the first partner. */
  private static final String HEAD = SYSTEM + "partners:\n";

  private static String partner(String id, String domain, String sip) {
    return "  - id: " + id + "\n    domain: " + domain + "\n    sip: " + sip + "\n";
  }

  @Test
  void readsAPartnerWithTrust() throws Exception {
    String yaml = HEAD + partner("north", "north.example", "127.0.0.1:5070") + "    trust: [user-regroup]\n";
    assertThat(parse(yaml).partners())
        .containsExactly(new PartnerConfig("north", "north.example", new HostPort("127.0.0.1", 5070), Set.of(Authorization.USER_REGROUP)));
  }

  @Test
  void trustDefaultsToNothing() throws Exception {
    assertThat(parse(HEAD + partner("north", "north.example", "127.0.0.1:5070")).partners().get(0).trust()).isEmpty();
  }

  @Test
  void anUnknownTrustWordIsNamed() {
    assertThat(problem(HEAD + partner("north", "north.example", "127.0.0.1:5070") + "    trust: [everything]\n"))
        .isEqualTo("t.yaml:9: partners[0] (north).trust[0]: unknown authorization 'everything'; allowed: group-regroup, user-regroup, cancel-regroup");
  }

  @Test
  void ourOwnDomainIsNotAPartnerDomain() {
    assertThat(problems(HEAD + partner("north", "Metro.Example", "127.0.0.1:5070")))
        .containsExactly("t.yaml:7: partners[0] (north): partner domain metro.example is this system's own domain (system.domain)");
  }

  @Test
  void ourOwnIdIsNotAPartnerId() {
    assertThat(problem(HEAD + partner("metro", "north.example", "127.0.0.1:5070")))
        .isEqualTo("t.yaml:6: partners[0] (metro): partner id metro is this system's own id (system.id)");
  }

  @Test
  void aDuplicatePartnerIdIsReported() {
    assertThat(problems(HEAD + partner("north", "north.example", "127.0.0.1:5070") + partner("north", "south.example", "127.0.0.1:5080")))
        .containsExactly("t.yaml:9: partners[1] (north): duplicate partner id north; first at partners[0] (north), line 6");
  }

  @Test
  void aDuplicatePartnerDomainIsReported() {
    assertThat(problems(HEAD + partner("north", "north.example", "127.0.0.1:5070") + partner("south", "North.example", "127.0.0.1:5080")))
        .containsExactly("t.yaml:10: partners[1] (south): duplicate partner domain north.example; first at partners[0] (north), line 7");
  }

  @Test
  void idDomainAndSipAreRequired() {
    assertThat(problems(HEAD + "  - trust: [group-regroup]\n"))
        .containsExactly("t.yaml:6: partners[0]: id is missing", "t.yaml:6: partners[0]: domain is missing", "t.yaml:6: partners[0]: sip is missing");
  }

  @Test
  void fieldsAreChecked() {
    assertThat(problems(HEAD + partner("North", "north_example", "north.example")))
        .containsExactly(
            "t.yaml:6: partners[0] (North).id: 'North' is not a short name: lower-case letters, digits and '-', such as metro",
            "t.yaml:7: partners[0] (North).domain: 'north_example' is not a DNS name such as metro.example",
            "t.yaml:8: partners[0] (North).sip: 'north.example' is not host:port (example: 127.0.0.1:5060)");
  }

  @Test
  void anUnknownKeyIsNamed() {
    assertThat(problem(HEAD + partner("north", "north.example", "127.0.0.1:5070") + "    trusts: [group-regroup]\n"))
        .isEqualTo("t.yaml:9: partners[0] (north): unknown key 'trusts'; allowed: id, domain, sip, trust, certificate, via, migrated-users, release-after (did you mean 'trust'?)");
  }

  @Test
  void aPartnerEntryMustBeAMap() {
    assertThat(problem(HEAD + "  - [north, north.example]\n"))
        .isEqualTo("t.yaml:6: partners[0]: expected a map, got a list; write it as - id: north, with domain:, sip: and trust:");
  }

  /** Muster: a partner in another trust domain, reached through an MC gateway server (docs/gateway.md). */
  @Test
  void aPartnerViaAGatewayIsProvisionedWithItsAddress() throws Exception {
    McSystemConfig c = parse(SYSTEM
        + "partners:\n  - {id: north, domain: north.example, sip: 192.0.2.1:5070, via: 127.0.0.1:5280, trust: [cancel-regroup]}\n");
    PartnerConfig north = c.partners().get(0);
    assertThat(north.via()).contains(new HostPort("127.0.0.1", 5280));
    assertThat(north.address()).isEqualTo(new HostPort("127.0.0.1", 5280));
    assertThat(north.trust()).containsExactly(Authorization.CANCEL_REGROUP);
    assertThat(problem(SYSTEM
        + "partners:\n  - {id: north, domain: north.example, sip: 192.0.2.1:5070, via: gateway}\n"))
        .isEqualTo("t.yaml:6: partners[0] (north).via: 'gateway' is not host:port (example: 127.0.0.1:5060)");
  }
}
