package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.provisioning.ProvisioningYaml.parse;
import static org.muster.app.provisioning.ProvisioningYaml.problem;
import static org.muster.app.provisioning.ProvisioningYaml.problems;

import org.junit.jupiter.api.Test;
import org.muster.core.config.HostPort;

class ProvisioningSystemTest {
  @Test
  void systemIsRequired() {
    assertThat(problems("users: []\n"))
        .containsExactly("t.yaml:1: system is missing; it holds this MC system's id, domain and sip address");
  }

  @Test
  void systemWithoutValueIsMissing() {
    assertThat(problem("users: []\nsystem:\n"))
        .isEqualTo("t.yaml:2: system is missing; it holds this MC system's id, domain and sip address");
  }

  @Test
  void systemMustBeAMap() {
    assertThat(problem("system: metro\n"))
        .isEqualTo("t.yaml:1: system: expected a map with keys id, domain, sip, http, store, retention, authentication, digest-algorithms, sips, tls, admin-token, unauthenticated-limit, clients-per-user, clients-per-source, proxies, got the string 'metro'");
  }

  @Test
  void eachRequiredFieldIsNamedWhenMissing() {
    assertThat(problems("system:\n  http: 127.0.0.1:8080\n"))
        .containsExactly("t.yaml:2: system: id is missing", "t.yaml:2: system: domain is missing", "t.yaml:2: system: sip is missing");
  }

  @Test
  void aFieldWithoutValueIsMissing() {
    assertThat(problems("system:\n  id: metro\n  domain:\n  sip: 127.0.0.1:0\n"))
        .containsExactly("t.yaml:3: system: domain is missing");
  }

  @Test
  void unknownKeyInSystemIsNamed() {
    assertThat(problems(ProvisioningYaml.DIGEST_SYSTEM + "  htpp: 127.0.0.1:8080\n"))
        .containsExactly("t.yaml:5: system: unknown key 'htpp'; allowed: id, domain, sip, http, store, retention, authentication, digest-algorithms, sips, tls, admin-token, unauthenticated-limit, clients-per-user, clients-per-source, proxies (did you mean 'http'?)");
  }

  @Test
  void idIsAShortName() {
    assertThat(problem("system:\n  id: metro_1\n  domain: metro.example\n  sip: 127.0.0.1:0\n"))
        .isEqualTo("t.yaml:2: system.id: 'metro_1' is not a short name: lower-case letters, digits and '-', such as metro");
  }

  @Test
  void domainIsADnsName() {
    assertThat(problem("system:\n  id: metro\n  domain: metro..example\n  sip: 127.0.0.1:0\n"))
        .isEqualTo("t.yaml:3: system.domain: 'metro..example' is not a DNS name such as metro.example");
    assertThat(problem("system:\n  id: metro\n  domain: sip:metro.example\n  sip: 127.0.0.1:0\n"))
        .isEqualTo("t.yaml:3: system.domain: 'sip:metro.example' is not a DNS name such as metro.example");
  }

  @Test
  void domainIsLowerCased() throws Exception {
    assertThat(parse("system:\n  id: metro\n  domain: Metro.Example\n  sip: 127.0.0.1:0\n").domain()).isEqualTo("metro.example");
  }

  @Test
  void sipIsHostAndPort() {
    assertThat(problem("system:\n  id: metro\n  domain: metro.example\n  sip: 127.0.0.1\n"))
        .isEqualTo("t.yaml:4: system.sip: '127.0.0.1' is not host:port (example: 127.0.0.1:5060)");
    assertThat(problem("system:\n  id: metro\n  domain: metro.example\n  sip: 127.0.0.1:70000\n"))
        .isEqualTo("t.yaml:4: system.sip: port 70000 is out of range 0..65535 (example: 127.0.0.1:5060)");
    assertThat(problem("system:\n  id: metro\n  domain: metro.example\n  sip: 5060\n"))
        .isEqualTo("t.yaml:4: system.sip: '5060' is not host:port (example: 127.0.0.1:5060)");
    assertThat(problem("system:\n  id: metro\n  domain: metro.example\n  sip: local host:5060\n"))
        .isEqualTo("t.yaml:4: system.sip: 'local host' is not a host name or IP address (example: 127.0.0.1:5060)");
  }

  @Test
  void sipPortZeroMeansAnyFreePort() throws Exception {
    assertThat(parse(ProvisioningYaml.SYSTEM).system().sip()).isEqualTo(new HostPort("127.0.0.1", 0));
  }

  @Test
  void sipAcceptsAHostNameAndAnIpv6Address() throws Exception {
    assertThat(parse("system:\n  id: metro\n  domain: metro.example\n  sip: localhost:5060\n").system().sip())
        .isEqualTo(new HostPort("localhost", 5060));
    assertThat(parse("system:\n  id: metro\n  domain: metro.example\n  sip: '[::1]:5060'\n").system().sip())
        .isEqualTo(new HostPort("::1", 5060));
  }

  @Test
  void httpIsOptionalButMustBeHostAndPort() throws Exception {
    assertThat(parse(ProvisioningYaml.DIGEST_SYSTEM + "  http: 127.0.0.1:8080\n").system().http()).contains(new HostPort("127.0.0.1", 8080));
    assertThat(problem(ProvisioningYaml.DIGEST_SYSTEM + "  http: [127.0.0.1:8080]\n"))
        .isEqualTo("t.yaml:5: system.http: expected a string, got a list");
  }

  @Test
  void aJdbcStoreMustBeAJdbcUrl() {
    assertThat(problem(ProvisioningYaml.DIGEST_SYSTEM + "  store: 'jdbc:'\n"))
        .isEqualTo("t.yaml:5: system.store: 'jdbc:' is not a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/muster");
  }

  @Test
  void aStoreFolderMustBeAPath() {
    assertThat(problem(ProvisioningYaml.DIGEST_SYSTEM + "  store: \"a\\0b\"\n")).startsWith("t.yaml:5: system.store: 'a\0b' is not a folder path: ");
  }
}
