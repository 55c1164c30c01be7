package org.muster.app.interconnect;

import org.muster.app.Servers;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.app.testing.MusterCli;
import org.muster.app.testing.MusterCli.Run;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.TestCertificates;
import org.muster.app.testing.TestCertificates.Issued;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;
import org.muster.sip.server.MusterServer;
import org.muster.sip.stack.JainSipEndpoint;
import org.muster.sip.stack.JainSipOptions;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.PeerTrust;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;
import org.muster.sip.stack.TlsCredentials;
import org.muster.sip.stack.TlsSettings;

/**
 * WIRE.md, Authentication and identity binding, over real SIP on loopback: two systems in one JVM,
 * each with its own certificate (no JVM-wide TLS setting), offering SIP over TLS to clients and
 * recognising each other by mutual TLS; forgers of a partner identity get 403.
 *
 * <p>metro and north pin each other's certificate ({@code partners[].certificate}); metro also
 * knows west, provisioned without a certificate (recognised by its address, UDP port included),
 * and south, with a certificate that the server at south's address does not present.
 */
class TlsInterconnectIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PARTNER_TYPE = "application/vnd.3gpp.mcptt-regroup+xml";
  @TempDir static Path dir;
  static Issued ca;
  static MusterServer metro;
  static MusterServer north;
  static Path metroYaml;
  static int westPort;
  /** A server at south's address with a certificate of its own: metro must not talk to it. */
  static JainSipEndpoint fakeSouth;
  static final List<SipRequest> reachedFakeSouth = new CopyOnWriteArrayList<>();
  static final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    ca = TestCertificates.ca("Muster test CA");
    TestCertificates.issue(ca, "metro.example", false).write(dir, "metro");
    TestCertificates.issue(ca, "north.example", true).write(dir, "north");
    TestCertificates.selfSigned("south.example").write(dir, "south");
    int metroSip = FreePorts.udpAndTcp();
    int metroSips = FreePorts.udpAndTcp();
    int northSip = FreePorts.udpAndTcp();
    int northSips = FreePorts.udpAndTcp();
    westPort = FreePorts.udpAndTcp();
    fakeSouth = JainSipEndpoint.start("fake-south", "127.0.0.1", 0, r -> {
      reachedFakeSouth.add(r);
      r.respond(200, "OK");
    }, JainSipOptions.defaults(), Optional.of(TlsSettings.server("127.0.0.1", 0, TlsCredentials.selfSigned("impostor"),
        PeerTrust.anchoredAt(List.of(ca.certificate())))));
    closing.add(fakeSouth);
    metroYaml = Files.writeString(dir.resolve("metro.yaml"), """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, sips: 127.0.0.1:%d, tls: {certificate: metro.crt, key: metro.key}}
        users:
          - {id: sip:disp1@metro.example, may: [group-regroup, user-regroup, cancel-regroup], password: disp1-secret}
          - {id: sip:ff1@metro.example, password: ff1-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example]}
          - {id: sip:tmpl-incident@metro.example, preconfigured-regroup-only: true, members: [sip:ff1@metro.example]}
        partners:
          - {id: north, domain: north.example, sip: 127.0.0.1:%d, trust: [group-regroup, cancel-regroup], certificate: north.crt}
          - {id: west, domain: west.example, sip: 127.0.0.1:%d, trust: [group-regroup, cancel-regroup]}
          - {id: south, domain: south.example, sip: 127.0.0.1:%d, trust: [group-regroup, cancel-regroup], certificate: south.crt}
        """.formatted(metroSip, metroSips, northSips, westPort, fakeSouth.tlsPort().getAsInt()));
    Path northYaml = Files.writeString(dir.resolve("north.yaml"), """
        system: {id: north, domain: north.example, sip: 127.0.0.1:%d, sips: 127.0.0.1:%d, tls: {certificate: north.crt, key: north.key}}
        users:
          - {id: sip:nf1@north.example, password: nf1-secret}
        groups:
          - {id: sip:north-fire@north.example, members: [sip:nf1@north.example]}
          - {id: sip:tmpl-incident@metro.example, preconfigured-regroup-only: true, members: [sip:nf1@north.example]}
        partners:
          - {id: metro, domain: metro.example, sip: 127.0.0.1:%d, trust: [group-regroup, cancel-regroup], certificate: metro.crt}
        """.formatted(northSip, northSips, metroSips));
    metro = Servers.inMemory(ProvisioningLoader.load(metroYaml));
    closing.add(metro);
    north = Servers.inMemory(ProvisioningLoader.load(northYaml));
    closing.add(north);
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
  }

  /** An MC client of {@code server} over TLS, trusting the test CA, registered for MCPTT and affiliated to {@code groups}. */
  static McClient tlsClient(String uri, MusterServer server, String... groups) throws Exception {
    ClientOptions options = ClientOptions.loopback(McServiceId.of(uri), server.config().domain(), server.sipPort())
        .withPassword(Clients.password(uri))
        .withTls("127.0.0.1", server.sipsPort().getAsInt(), List.of(ca.certificate()));
    return Clients.registered(closing, options, groups);
  }

  static SipResponse get(CompletableFuture<SipResponse> f) throws Exception {
    return f.get(40, TimeUnit.SECONDS);
  }

  static RegroupTargets groups(String... uris) {
    return new RegroupTargets.Groups(Arrays.stream(uris).map(McServiceGroupId::of).toList());
  }

  @Test
  void aClientRegistersAndAffiliatesOverTlsAndIsReachedOverIt() throws Exception {
    McClient ff1 = tlsClient("sip:ff1@metro.example", metro, "sip:fire@metro.example");
    assertThat(ff1.contact()).endsWith(";transport=tls");
    McClient disp = tlsClient("sip:disp1@metro.example", metro);
    McServiceGroupId rg = McServiceGroupId.of("sip:rg-tls-local@metro.example");
    assertThat(get(disp.regroup(McService.MCPTT, rg, McServiceGroupId.of("sip:tmpl-incident@metro.example"),
        groups("sip:fire@metro.example"))).status()).isEqualTo(200);
    // the server connects to the client's TLS contact and shows the certificate the client trusts
    assertThat(ff1.awaitNotification(n -> n.regroupGroup().equals(rg) && !n.cancel(), WAIT)).isPresent();
    assertThat(get(disp.cancel(McService.MCPTT, rg)).status()).isEqualTo(200);
    assertThat(ff1.awaitNotification(n -> n.regroupGroup().equals(rg) && n.cancel(), WAIT)).isPresent();
  }

  @Test
  void aClientTrustingAnotherCaSendsNothing() throws Exception {
    Issued otherCa = TestCertificates.ca("another CA");
    McClient wary = McClient.start(ClientOptions.loopback(McServiceId.of("sip:ff1@metro.example"), "metro.example", metro.sipPort())
        .withTls("127.0.0.1", metro.sipsPort().getAsInt(), List.of(otherCa.certificate())));
    closing.add(wary);
    SipResponse r = get(wary.register(List.of(McService.MCPTT), 600));
    assertThat(r.status()).isEqualTo(503); // not sent: the handshake failed on the client's side
  }

  @Test
  void aCrossSystemRegroupOverMutualTlsTakesEffectInBothSystems() throws Exception {
    McClient disp = tlsClient("sip:disp1@metro.example", metro);
    McClient ff1 = tlsClient("sip:ff1@metro.example", metro, "sip:fire@metro.example");
    McClient nf1 = tlsClient("sip:nf1@north.example", north, "sip:north-fire@north.example");
    McServiceGroupId rg = McServiceGroupId.of("sip:rg-tls-joint@metro.example");

    // 10.xx.3.3.1: metro asks north over TLS, each side presenting its certificate; north accepts it as metro's
    SipResponse formed = get(disp.regroup(McService.MCPTT, rg, McServiceGroupId.of("sip:tmpl-incident@metro.example"),
        groups("sip:fire@metro.example", "sip:north-fire@north.example")));
    assertThat(formed.status()).as(formed.header("Warning").orElse("")).isEqualTo(200);
    RegroupNotification atNorth = nf1.awaitNotification(n -> n.regroupGroup().equals(rg) && !n.cancel(), WAIT).orElseThrow();
    assertThat(atNorth.requester()).contains(McServiceId.of("sip:disp1@metro.example"));
    assertThat(ff1.awaitNotification(n -> n.regroupGroup().equals(rg) && !n.cancel(), WAIT)).isPresent();

    // 10.xx.3.3.3: the cancel goes the same way
    assertThat(get(disp.cancel(McService.MCPTT, rg)).status()).isEqualTo(200);
    assertThat(nf1.awaitNotification(n -> n.regroupGroup().equals(rg) && n.cancel(), WAIT)).isPresent();
  }

  @Test
  void theCliReachesTheSystemOverTlsTrustingItsProvisionedCertificate() {
    // no --ca: the client trusts metro's tls.certificate from --config
    Run run = muster("cancel", "--config", metroYaml.toString(), "--user", "sip:disp1@metro.example", "--transport", "tls",
        "--regroup-group", "sip:rg-never-formed@metro.example");
    assertThat(run.out()).as(run.err()).contains("404");
    Run noCa = muster("cancel", "--config", metroYaml.toString(), "--user", "sip:disp1@metro.example", "--transport", "tls",
        "--ca", dir.resolve("nothing.crt").toString(), "--regroup-group", "sip:rg-never-formed@metro.example");
    assertThat(noCa.exit()).isEqualTo(2);
    assertThat(noCa.err()).contains("--ca: ").contains("nothing.crt");
  }

  @Test
  void aPartnerIdentityOverUdpOrTcpIsRefusedWhenThePartnerIsKnownByItsCertificate() throws Exception {
    for (String transport : List.of("UDP", "TCP")) {
      McClient forger = McClient.start(ClientOptions.loopback(McServiceId.of("sip:x@north.example"), "metro.example", metro.sipPort())
          .withTransport(transport));
      closing.add(forger);
      SipResponse r = get(forger.send("MESSAGE", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example",
          List.of(new SipRequest.Header("P-Asserted-Identity", "<sip:mcptt-server@north.example>")), PARTNER_TYPE, "<x/>".getBytes()));
      assertThat(r.status()).as(transport).isEqualTo(403);
      assertThat(r.header("Warning").orElseThrow()).contains("not authorized: sip:mcptt-server@north.example");
    }
  }

  @Test
  void aPartnerIdentityOverTlsWithAnotherCertificateOrNoneIsRefused() throws Exception {
    // a forger with a self-signed certificate of its own, presented as client certificate
    try (JainSipEndpoint forger = JainSipEndpoint.start("forger", "127.0.0.1", 0, r -> r.respond(200, "OK"), JainSipOptions.defaults(),
        Optional.of(TlsSettings.server("127.0.0.1", 0, TlsCredentials.selfSigned("north.example"),
            PeerTrust.anchoredAt(List.of(ca.certificate())))))) {
      SipResponse r = get(forger.send(partnerMessage("north.example", metro.sipsPort().getAsInt(), "TLS")));
      assertThat(r.status()).isEqualTo(403);
    }
    // a client over TLS (no client certificate) claiming north
    McClient noCertificate = McClient.start(ClientOptions.loopback(McServiceId.of("sip:x@north.example"), "metro.example", metro.sipPort())
        .withTls("127.0.0.1", metro.sipsPort().getAsInt(), List.of(ca.certificate())));
    closing.add(noCertificate);
    SipResponse r = get(noCertificate.send("MESSAGE", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example",
        List.of(new SipRequest.Header("P-Asserted-Identity", "<sip:mcptt-server@north.example>")), PARTNER_TYPE, "<x/>".getBytes()));
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void aPartnerWithoutCertificateIsRecognisedByItsHostAndUdpPort() throws Exception {
    // the right host, another UDP port: refused
    try (JainSipEndpoint elsewhere = JainSipEndpoint.start("west-elsewhere", "127.0.0.1", 0, r -> r.respond(200, "OK"))) {
      SipResponse r = get(elsewhere.send(partnerMessage("west.example", metro.sipPort(), "UDP")));
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Warning").orElseThrow()).contains("not authorized: sip:mcptt-server@west.example");
    }
    // from west's provisioned address: recognised, then judged on what it sent (not a regroup body: 415)
    try (JainSipEndpoint west = JainSipEndpoint.start("west", "127.0.0.1", westPort, r -> r.respond(200, "OK"))) {
      OutgoingRequest plain = partnerMessage("west.example", metro.sipPort(), "UDP");
      OutgoingRequest text = new OutgoingRequest(plain.method(), plain.requestUri(), plain.fromUri(), plain.toUri(), plain.destinationHost(),
          plain.destinationPort(), plain.transport(), plain.headers(), "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(get(west.send(text)).status()).isEqualTo(415);
    }
  }

  @Test
  void aServerAtThePartnersAddressWithoutItsCertificateIsNotTalkedTo() throws Exception {
    McClient disp = tlsClient("sip:disp1@metro.example", metro);
    SipResponse r = get(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-tls-south@metro.example"),
        McServiceGroupId.of("sip:tmpl-incident@metro.example"), groups("sip:south-fire@south.example")));
    // the handshake failed on metro's side: south counts as silent, and nothing reached the impostor
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.header("Warning").orElseThrow()).contains("partner south did not answer");
    assertThat(reachedFakeSouth).isEmpty();
  }

  /** A MESSAGE to metro's MCPTT PSI claiming the MCPTT server identity of {@code domain}. */
  static OutgoingRequest partnerMessage(String domain, int port, String transport) {
    String psi = "sip:mcptt-server@metro.example";
    return new OutgoingRequest("MESSAGE", psi, "sip:mcptt-server@" + domain, psi, "127.0.0.1", port, transport,
        List.of(new SipRequest.Header("P-Asserted-Identity", "<sip:mcptt-server@" + domain + ">")), PARTNER_TYPE, "<x/>".getBytes());
  }

  static Run muster(String... args) {
    return MusterCli.run(args);
  }
}
