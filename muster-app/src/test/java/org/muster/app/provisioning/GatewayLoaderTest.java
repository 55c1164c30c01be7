package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.sip.gateway.GatewayConfig;
import org.muster.sip.gateway.RequestKind;

/** The gateway file of {@code muster gateway} (README "Trust domains"), and the sample three-process set-up in examples/. */
class GatewayLoaderTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "trust-domains");
  private static final String GOOD = """
      gateway: {id: gw, inside: 127.0.0.1:5280, outside: 127.0.0.1:5290}
      system: {id: harbor, domain: harbor.example, sip: 127.0.0.1:5260}
      partners:
        - {id: ridge, domain: ridge.example, sip: 127.0.0.1:5270, may: [group-regroup, member-report]}
      """;

  private static List<String> problems(String yaml) {
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> GatewayLoader.parse(yaml, "g.yaml", Path.of(".")));
    return e.problems().stream().map(Object::toString).toList();
  }

  @Test
  void theSampleSetUpLoadsAsTheReadmeDescribesIt() throws Exception {
    GatewayConfig gw = GatewayLoader.load(EXAMPLES.resolve("harbor-gateway.yaml"));
    McSystemConfig harbor = ProvisioningLoader.loadForServer(EXAMPLES.resolve("harbor.yaml"));
    McSystemConfig ridge = ProvisioningLoader.loadForServer(EXAMPLES.resolve("ridge.yaml"));

    // harbor reaches ridge only through the gateway's inside address, and the gateway takes harbor's requests from harbor's sip
    PartnerConfig ridgeAtHarbor = harbor.partner("ridge").orElseThrow();
    assertThat(ridgeAtHarbor.via()).contains(gw.inside());
    assertThat(ridgeAtHarbor.address()).isEqualTo(gw.inside());
    assertThat(gw.system().domain()).isEqualTo(harbor.domain());
    assertThat(gw.system().sip()).isEqualTo(harbor.system().sip());
    // ridge knows harbor as the gateway's outside address, and the gateway reaches ridge at ridge's sip
    assertThat(ridge.partner("harbor").orElseThrow().address()).isEqualTo(gw.outside());
    GatewayConfig.Partner ridgeAtGw = gw.partnerForDomain("ridge.example").orElseThrow();
    assertThat(ridgeAtGw.peer().sip()).isEqualTo(ridge.system().sip());
    assertThat(ridgeAtGw.may()).containsExactlyInAnyOrder(RequestKind.GROUP_REGROUP, RequestKind.CANCEL_REGROUP,
        RequestKind.MEMBER_REPORT, RequestKind.GROUP_CONFIGURATION);
    assertThat(gw.warnAgent()).isEqualTo("gw.harbor.example");
  }

  @Test
  void readsAGatewayFile() throws Exception {
    GatewayConfig gw = GatewayLoader.parse(GOOD, "g.yaml", Path.of("."));
    assertThat(gw.inside()).isEqualTo(new HostPort("127.0.0.1", 5280));
    assertThat(gw.outside()).isEqualTo(new HostPort("127.0.0.1", 5290));
    assertThat(gw.tls()).isEmpty();
    assertThat(gw.partners()).containsExactly(new GatewayConfig.Partner(
        new PartnerConfig("ridge", "ridge.example", new HostPort("127.0.0.1", 5270), Set.of(), Optional.empty()),
        EnumSet.of(RequestKind.GROUP_REGROUP, RequestKind.MEMBER_REPORT)));
  }

  @Test
  void mistakesAreNamedWithTheirLines() {
    assertThat(problems(GOOD.replace("may: [group-regroup, member-report]", "may: [group-regroup, everything], mayy: []")))
        .containsExactly(
            "g.yaml:4: partners[0] (ridge): unknown key 'mayy'; allowed: id, domain, sip, certificate, may (did you mean 'may'?)",
            "g.yaml:4: partners[0] (ridge).may[1]: unknown request kind 'everything'; allowed: group-regroup, user-regroup, "
                + "cancel-regroup, member-report, group-configuration, partner-release");
    assertThat(problems(GOOD.replace("ridge.example", "harbor.example")))
        .containsExactly("g.yaml:4: partners[0] (ridge).domain: partner domain harbor.example is the inside system's own domain (system.domain)");
    assertThat(problems(GOOD.replace("outside: 127.0.0.1:5290", "outside: nowhere")))
        .containsExactly("g.yaml:1: gateway.outside: 'nowhere' is not host:port (example: 127.0.0.1:5060)");
    assertThat(problems("gateway: {id: gw, inside: 127.0.0.1:1, outside: 127.0.0.1:2}\n"))
        .containsExactly("g.yaml:1: system is missing; it holds the MC system inside: id, domain and sip address",
            "g.yaml:1: partners is missing or empty; a gateway relays to at least one partner system");
  }

  @Test
  void aPinnedPeerNeedsTlsOnItsSide() {
    assertThat(problems(GOOD.replace("sip: 127.0.0.1:5270,", "sip: 127.0.0.1:5270, certificate: ../examples/trust-domains/ridge.yaml,")))
        .hasSize(1).allMatch(p -> p.contains("partners[0] (ridge).certificate") && p.contains("is not a PEM X.509 certificate"));
  }
}
