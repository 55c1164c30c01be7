package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.muster.app.provisioning.ProvisioningYaml.DIGEST_SYSTEM;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.core.config.Authentication;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.Security;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McServiceId;

/** PROVISIONING.md: system.authentication, digest-algorithms, sips, tls, admin-token; users' credentials. */
class ProvisioningAuthenticationTest {
  private static final McServiceId FF1 = McServiceId.of("sip:ff1@metro.example");
  private static final Map<String, String> ENV = Map.of("FF1_PASSWORD", "from-the-env", "ADMIN_TOKEN", "0123456789abcdef0123");
  @TempDir Path dir;

  private McSystemConfig parse(String yaml) throws ProvisioningException {
    return ProvisioningLoader.parse(yaml, "t.yaml", dir, name -> Optional.ofNullable(ENV.get(name)));
  }

  private List<String> problems(String yaml) {
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> parse(yaml));
    return e.problems().stream().map(Object::toString).toList();
  }

  private UserConfig ff1(String yaml) throws ProvisioningException {
    return parse(yaml).user(FF1).orElseThrow();
  }

  /** Lines 5 and 6: users: and the ff1 entry; {@code more} continues the entry. */
  private static String ff1With(String more) {
    return DIGEST_SYSTEM + "users:\n  - id: sip:ff1@metro.example\n" + more;
  }

  @Test
  void digestWithSha256ThenMd5IsTheDefault() throws Exception {
    Security s = parse(ff1With("    password: ff1-secret\n")).system().security();
    assertThat(s.authentication()).isEqualTo(Authentication.DIGEST);
    assertThat(s.digestAlgorithms()).containsExactly(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
    assertThat(s.sips()).isEmpty();
    assertThat(s.adminToken()).isEmpty();
  }

  @Test
  void aPasswordIsKeptAsHa1ForEveryAlgorithm() throws Exception {
    Credential c = ff1(ff1With("    password: \"ff1-secret\"\n")).credential().orElseThrow();
    assertThat(c.ha1(DigestAlgorithm.MD5)).contains("268af0b8668a21683e965ceb36b54734"); // PROVISIONING.md's example
    assertThat(c.ha1(DigestAlgorithm.SHA_256)).contains(Credential.ha1(DigestAlgorithm.SHA_256, "ff1", "metro.example", "ff1-secret"));
    assertThat(c.toString()).doesNotContain("268af0b8").doesNotContain("ff1-secret");
  }

  @Test
  void aPasswordMayComeFromTheEnvironment() throws Exception {
    Credential c = ff1(ff1With("    password: ${FF1_PASSWORD}\n")).credential().orElseThrow();
    assertThat(c.ha1(DigestAlgorithm.MD5)).contains(Credential.ha1(DigestAlgorithm.MD5, "ff1", "metro.example", "from-the-env"));
    assertThat(problems(ff1With("    password: ${NOT_SET}\n")))
        .containsExactly("t.yaml:7: users[0] (sip:ff1@metro.example).password: environment variable NOT_SET is not set");
    assertThat(problems(ff1With("    password: pre${FF1_PASSWORD}\n")))
        .containsExactly("t.yaml:7: users[0] (sip:ff1@metro.example).password: write an environment reference alone, as ${NAME} (letters, digits, '_')");
  }

  @Test
  void ha1ValuesAreTakenAsHexOfTheirAlgorithm() throws Exception {
    String md5 = Credential.ha1(DigestAlgorithm.MD5, "ff1", "metro.example", "x");
    String sha = Credential.ha1(DigestAlgorithm.SHA_256, "ff1", "metro.example", "x");
    Credential both = ff1(ff1With("    ha1-md5: " + md5.toUpperCase() + "\n    ha1-sha256: " + sha + "\n")).credential().orElseThrow();
    assertThat(both.ha1(DigestAlgorithm.MD5)).contains(md5);
    assertThat(both.ha1(DigestAlgorithm.SHA_256)).contains(sha);
    assertThat(problems(ff1With("    ha1-md5: " + sha + "\n"))).containsExactly("t.yaml:7: users[0] (sip:ff1@metro.example).ha1-md5: "
        + "expected 32 hex digits, MD5(\"ff1:metro.example:PASSWORD\"), got '" + sha + "'");
  }

  @Test
  void aUserWithoutCredentialIsNamed() {
    assertThat(problems(DIGEST_SYSTEM + "users:\n  - id: sip:ff1@metro.example\n    may: [group-regroup]\n")).containsExactly(
        "t.yaml:6: users[0] (sip:ff1@metro.example): has no credential: give password (or password: ${ENV_NAME}), ha1-md5 or ha1-sha256"
            + " (authentication: digest, the default)");
  }

  @Test
  void passwordAndHa1TogetherAreRefused() {
    assertThat(problems(ff1With("    password: x\n    ha1-md5: 268af0b8668a21683e965ceb36b54734\n")))
        .containsExactly("t.yaml:7: users[0] (sip:ff1@metro.example).password: give either password or ha1-md5/ha1-sha256, not both");
  }

  @Test
  void anHa1ThatNoOfferedAlgorithmUsesIsRefused() {
    String yaml = DIGEST_SYSTEM + "  digest-algorithms: [SHA-256]\nusers:\n  - id: sip:ff1@metro.example\n"
        + "    ha1-md5: 268af0b8668a21683e965ceb36b54734\n";
    assertThat(problems(yaml)).containsExactly("t.yaml:8: users[0] (sip:ff1@metro.example).ha1-md5: answers none of "
        + "system.digest-algorithms [SHA-256]: this user could never authenticate");
  }

  @Test
  void labModeNeedsNoCredentialsAndPartnerUsersNeverDo() throws Exception {
    McSystemConfig lab = parse(DIGEST_SYSTEM + "  authentication: none\nusers:\n  - id: sip:ff1@metro.example\n");
    assertThat(lab.system().security().authenticates()).isFalse();
    assertThat(lab.user(FF1).orElseThrow().credential()).isEmpty();
    McSystemConfig partnerUser = parse(DIGEST_SYSTEM + "users:\n  - {id: sip:nguest@north.example, may: [cancel-regroup]}\n"
        + "partners:\n  - {id: north, domain: north.example, sip: 127.0.0.1:5070}\n");
    assertThat(partnerUser.user(McServiceId.of("sip:nguest@north.example")).orElseThrow().credential()).isEmpty();
  }

  @Test
  void unknownModesAndAlgorithmsAreNamedWithTheAllowedWords() {
    assertThat(problems(DIGEST_SYSTEM + "  authentication: basic\n  digest-algorithms: [SHA-512, md5]\n")).containsExactly(
        "t.yaml:5: system.authentication: unknown mode 'basic'; allowed: digest, none",
        "t.yaml:6: system.digest-algorithms[0]: unknown digest algorithm 'SHA-512'; allowed: SHA-256, MD5");
    assertThat(problems(DIGEST_SYSTEM + "  digest-algorithms: []\n"))
        .containsExactly("t.yaml:5: system.digest-algorithms: lists no algorithm; allowed: SHA-256, MD5");
  }

  @Test
  void sipsNeedsTlsAndTlsFilesMustExistBesideTheFile() throws Exception {
    assertThat(problems(DIGEST_SYSTEM + "  sips: 127.0.0.1:5061\n"))
        .containsExactly("t.yaml:5: system.sips: SIP over TLS needs tls: {certificate: FILE, key: FILE} (PEM files)");
    assertThat(problems(DIGEST_SYSTEM + "  sips: 127.0.0.1:5061\n  tls: {certificate: metro.crt, key: metro.key}\n")).containsExactly(
        "t.yaml:6: system.tls.certificate: no such file: " + dir.resolve("metro.crt"),
        "t.yaml:6: system.tls.key: no such file: " + dir.resolve("metro.key"));
    Files.writeString(dir.resolve("metro.crt"), "x");
    Files.writeString(dir.resolve("metro.key"), "x");
    assertThat(problems(DIGEST_SYSTEM + "  sips: 127.0.0.1:5061\n  tls: {certificate: metro.crt, key: metro.key}\n"))
        .containsExactly("t.yaml:6: system.tls.key: " + dir.resolve("metro.key")
            + " holds no PEM private key (-----BEGIN PRIVATE KEY-----, RSA or EC PRIVATE KEY)");
  }

  @Test
  void theAdminTokenMayComeFromTheEnvironmentAndMustNotBeShort() throws Exception {
    String lab = DIGEST_SYSTEM + "  authentication: none\n";
    assertThat(parse(lab + "  admin-token: ${ADMIN_TOKEN}\n").system().security().adminToken()).contains("0123456789abcdef0123");
    assertThat(problems(lab + "  admin-token: secret\n"))
        .containsExactly("t.yaml:6: system.admin-token: is shorter than 16 characters: too easy to guess");
    assertThat(parse(lab + "  admin-token: ${ADMIN_TOKEN}\n").system().security().toString()).doesNotContain("0123456789abcdef");
  }

  @Test
  void theLimitForUnauthenticatedRequestsIsAPositiveRate() throws Exception {
    assertThat(parse(ff1With("    password: x\n")).system().security().unauthenticatedPerSecond()).isEqualTo(200);
    String lab = DIGEST_SYSTEM + "  authentication: none\n";
    assertThat(parse(lab + "  unauthenticated-limit: 20\n").system().security().unauthenticatedPerSecond()).isEqualTo(20);
    assertThat(problems(lab + "  unauthenticated-limit: 0\n")).containsExactly(
        "t.yaml:6: system.unauthenticated-limit: expected requests per second and source address, 1 to 1000000, got '0'");
    assertThat(problems(lab + "  unauthenticated-limit: lots\n")).hasSize(1);
    assertThat(parse(lab).system().security().clientsPerUser()).isEqualTo(10);
    assertThat(parse(lab + "  clients-per-user: 3\n").system().security().clientsPerUser()).isEqualTo(3);
    assertThat(problems(lab + "  clients-per-user: 0\n")).containsExactly(
        "t.yaml:6: system.clients-per-user: expected clients one user may register, 1 to 10000, got '0'");
    assertThat(parse(lab).system().security().clientsPerSource()).isEqualTo(10_000);
    assertThat(parse(lab + "  clients-per-source: 50\n").system().security().clientsPerSource()).isEqualTo(50);
    assertThat(problems(lab + "  clients-per-source: lots\n")).containsExactly(
        "t.yaml:6: system.clients-per-source: expected clients registered from one source address, 1 to 1000000, got 'lots'");
  }

  @Test
  void proxiesAreTheAddressesOfTheSipProxiesInFront() throws Exception {
    String lab = DIGEST_SYSTEM + "  authentication: none\n";
    assertThat(parse(lab).system().security().proxies()).isEmpty();
    var proxies = parse(lab + "  proxies: [127.0.0.1:5060, '[::1]:5070']\n").system().security().proxies();
    assertThat(proxies).containsExactly(new HostPort("127.0.0.1", 5060), new HostPort("::1", 5070));
    assertThat(parse(lab + "  proxies: [127.0.0.1:5060]\n").system().security().fromProxy("127.0.0.1", 5060, "UDP")).isTrue();
    assertThat(parse(lab + "  proxies: [127.0.0.1:5060]\n").system().security().fromProxy("127.0.0.1", 5061, "UDP")).isFalse();
    assertThat(parse(lab + "  proxies: [127.0.0.1:5060]\n").system().security().fromProxy("127.0.0.1", 40000, "TCP")).isTrue();
    assertThat(problems(lab + "  proxies: 127.0.0.1:5060\n")).containsExactly(
        "t.yaml:6: system.proxies: expected a list, got the string '127.0.0.1:5060'; write [127.0.0.1:5060]");
    assertThat(problems(lab + "  proxies: [proxy.metro.example:5060]\n")).containsExactly(
        "t.yaml:6: system.proxies[0]: 'proxy.metro.example:5060' is not IP:PORT of a SIP proxy such as 127.0.0.1:5060"
            + " (the address its requests come from)");
    assertThat(problems(lab + "  proxies: [127.0.0.1]\n")).containsExactly(
        "t.yaml:6: system.proxies[0]: '127.0.0.1' is not host:port; expected IP:PORT of a SIP proxy such as 127.0.0.1:5060");
    assertThat(problems(lab + "  proxies: [127.0.0.1:5060, 127.0.0.1:5060]\n")).containsExactly(
        "t.yaml:6: system.proxies[1]: '127.0.0.1:5060' is listed twice");
  }

  @Test
  void aPartnerCertificateMustBeAPemCertificate() throws Exception {
    Files.writeString(dir.resolve("north.crt"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    String yaml = DIGEST_SYSTEM + "  authentication: none\npartners:\n  - {id: north, domain: north.example, sip: 127.0.0.1:5070, certificate: north.crt}\n";
    assertThat(problems(yaml)).containsExactly("t.yaml:7: partners[0] (north).certificate: " + dir.resolve("north.crt")
        + " is not a PEM X.509 certificate (-----BEGIN CERTIFICATE-----)");
    assertThat(problems(yaml.replace("north.crt", "missing.crt")))
        .containsExactly("t.yaml:7: partners[0] (north).certificate: no such file: " + dir.resolve("missing.crt"));
  }
}
