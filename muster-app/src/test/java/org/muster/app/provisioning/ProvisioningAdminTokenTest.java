package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.muster.core.config.McSystemConfig;

/**
 * {@code system.admin-token}, its fallback {@code MUSTER_ADMIN_TOKEN}, and the server's refusal of
 * an admin API beyond loopback without either (issue 11, part 4).
 */
class ProvisioningAdminTokenTest {
  static final String TOKEN = "0123456789abcdef-admin";

  /** A lab-mode system (no credentials needed) whose line 5 is {@code http: ADDRESS} and, when given, line 6 the token. */
  static String system(String http, String tokenLine) {
    return "system:\n  authentication: none\n  id: metro\n  domain: metro.example\n  http: " + http + "\n"
        + (tokenLine == null ? "" : "  admin-token: " + tokenLine + "\n") + "  sip: 127.0.0.1:0\n";
  }

  static McSystemConfig forServer(String yaml, Map<String, String> env) throws ProvisioningException {
    return ProvisioningLoader.parseForServer(yaml, "t.yaml", Path.of("."), name -> Optional.ofNullable(env.get(name)));
  }

  static McSystemConfig forClient(String yaml, Map<String, String> env) throws ProvisioningException {
    return ProvisioningLoader.parse(yaml, "t.yaml", Path.of("."), name -> Optional.ofNullable(env.get(name)));
  }

  static List<String> serverProblems(String yaml, Map<String, String> env) {
    return assertThrows(ProvisioningException.class, () -> forServer(yaml, env)).problems().stream().map(Object::toString).toList();
  }

  @Test
  void theEnvironmentVariableIsTheTokenWhenTheFileHasNone() throws Exception {
    assertThat(forClient(system("127.0.0.1:8080", null), Map.of("MUSTER_ADMIN_TOKEN", TOKEN)).system().security().adminToken())
        .contains(TOKEN);
    assertThat(forClient(system("127.0.0.1:8080", null), Map.of()).system().security().adminToken()).isEmpty();
    assertThat(forClient(system("127.0.0.1:8080", null), Map.of("MUSTER_ADMIN_TOKEN", "")).system().security().adminToken()).isEmpty();
  }

  @Test
  void theFileWinsOverTheEnvironmentVariable() throws Exception {
    assertThat(forClient(system("127.0.0.1:8080", "from-the-file-0123456"), Map.of("MUSTER_ADMIN_TOKEN", TOKEN))
        .system().security().adminToken()).contains("from-the-file-0123456");
  }

  @Test
  void aShortTokenInTheEnvironmentIsNamed() {
    ProvisioningException e = assertThrows(ProvisioningException.class,
        () -> forClient(system("127.0.0.1:8080", null), Map.of("MUSTER_ADMIN_TOKEN", "short")));
    assertThat(e.problems().stream().map(Object::toString)).containsExactly("t.yaml:2: system: the environment variable"
        + " MUSTER_ADMIN_TOKEN (the admin token, as system.admin-token is not set) is shorter than 16 characters: too easy to guess");
    assertThat(e.getMessage()).doesNotContain("short\n").doesNotContain("'short'");
  }

  @Test
  void aServerRefusesAnAdminApiOnEveryInterfaceWithoutAToken() {
    assertThat(serverProblems(system("0.0.0.0:8080", null), Map.of())).containsExactly("t.yaml:5: system.http: 0.0.0.0:8080 is not a"
        + " loopback address, and no admin token is configured: set system.admin-token (at least 16 characters, or ${NAME} of an"
        + " environment variable) or the environment variable MUSTER_ADMIN_TOKEN, or listen on 127.0.0.1");
  }

  @Test
  void aServerRefusesAnAdminApiOnALanAddressWithoutAToken() {
    assertThat(serverProblems(system("192.0.2.10:8080", null), Map.of())).singleElement().asString()
        .startsWith("t.yaml:5: system.http: 192.0.2.10:8080 is not a loopback address").contains("system.admin-token");
    assertThat(serverProblems(system("\"[::]:8080\"", null), Map.of())).singleElement().asString()
        .startsWith("t.yaml:5: system.http: [::]:8080 is not a loopback address");
  }

  @Test
  void aServerOnLoopbackNeedsNoToken() throws Exception {
    for (String loopback : List.of("127.0.0.1:8080", "127.0.0.2:8080", "localhost:8080", "\"[::1]:8080\"")) {
      assertThat(forServer(system(loopback, null), Map.of()).system().security().adminToken()).as(loopback).isEmpty();
    }
  }

  @Test
  void aServerBeyondLoopbackStartsWithATokenFromTheFileOrTheEnvironment() throws Exception {
    assertThat(forServer(system("0.0.0.0:8080", TOKEN), Map.of()).system().security().adminToken()).contains(TOKEN);
    assertThat(forServer(system("0.0.0.0:8080", "${ADMIN}"), Map.of("ADMIN", TOKEN)).system().security().adminToken()).contains(TOKEN);
    assertThat(forServer(system("0.0.0.0:8080", null), Map.of("MUSTER_ADMIN_TOKEN", TOKEN)).system().security().adminToken()).contains(TOKEN);
  }

  @Test
  void clientsReadingTheFileAreNotHeldToTheServersRule() throws Exception {
    // a dispatcher's CLI on another host may read a file whose server has its token in its own environment
    assertThat(forClient(system("0.0.0.0:8080", null), Map.of()).system().http()).isPresent();
  }
}
