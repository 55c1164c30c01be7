package org.muster.app.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.Servers;
import org.muster.app.provisioning.GatewayLoader;
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
import org.muster.sip.gateway.MusterGateway;
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
 * The MC gateway server with mutual TLS on both sides (issue 16), over real SIP stacks on loopback
 * in one JVM: harbor pins the gateway's certificate (its partner ridge {@code via} the gateway's
 * inside TLS address), the gateway pins harbor's and ridge's, ridge pins the gateway's. A regroup
 * and its cancel go through; a forger at the gateway's outside claiming ridge, with a certificate
 * of its own or over UDP, gets 403.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayTlsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir static Path dir;
  static Issued ca;
  static MusterServer harbor;
  static MusterServer ridge;
  static MusterGateway gateway;
  static final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    ca = TestCertificates.ca("Muster test CA");
    TestCertificates.issue(ca, "harbor.example", false).write(dir, "harbor");
    TestCertificates.issue(ca, "ridge.example", true).write(dir, "ridge");
    TestCertificates.issue(ca, "gw.harbor.example", false).write(dir, "gw");
    int harborSip = FreePorts.udpAndTcp();
    int harborSips = FreePorts.udpAndTcp();
    int ridgeSip = FreePorts.udpAndTcp();
    int ridgeSips = FreePorts.udpAndTcp();
    int gwIn = FreePorts.udpAndTcp();
    int gwInSips = FreePorts.udpAndTcp();
    int gwOut = FreePorts.udpAndTcp();
    int gwOutSips = FreePorts.udpAndTcp();
    gateway = MusterGateway.start(GatewayLoader.parse("""
        gateway: {id: gw, inside: 127.0.0.1:%d, outside: 127.0.0.1:%d, inside-sips: 127.0.0.1:%d, outside-sips: 127.0.0.1:%d,
                  tls: {certificate: gw.crt, key: gw.key}}
        system: {id: harbor, domain: harbor.example, sip: 127.0.0.1:%d, certificate: harbor.crt}
        partners:
          - {id: ridge, domain: ridge.example, sip: 127.0.0.1:%d, certificate: ridge.crt,
             may: [group-regroup, cancel-regroup, member-report, group-configuration]}
        """.formatted(gwIn, gwOut, gwInSips, gwOutSips, harborSips, ridgeSips), "gw.yaml", dir));
    closing.add(gateway);
    ridge = Servers.inMemory(ProvisioningLoader.load(Files.writeString(dir.resolve("ridge.yaml"), """
        system: {id: ridge, domain: ridge.example, sip: 127.0.0.1:%d, sips: 127.0.0.1:%d, tls: {certificate: ridge.crt, key: ridge.key}}
        users:
          - {id: sip:rf1@ridge.example, password: rf1-secret}
        groups:
          - {id: sip:rescue@ridge.example, members: [sip:rf1@ridge.example]}
        partners:
          - {id: harbor, domain: harbor.example, sip: 127.0.0.1:%d, certificate: gw.crt, trust: [group-regroup, cancel-regroup]}
        """.formatted(ridgeSip, ridgeSips, gwOutSips))));
    closing.add(ridge);
    harbor = Servers.inMemory(ProvisioningLoader.load(Files.writeString(dir.resolve("harbor.yaml"), """
        system: {id: harbor, domain: harbor.example, sip: 127.0.0.1:%d, sips: 127.0.0.1:%d, tls: {certificate: harbor.crt, key: harbor.key}}
        users:
          - {id: sip:hdisp@harbor.example, may: [group-regroup, cancel-regroup], password: hdisp-secret}
          - {id: sip:hf1@harbor.example, password: hf1-secret}
        groups:
          - {id: sip:docks@harbor.example, members: [sip:hf1@harbor.example]}
          - {id: sip:tmpl-storm@harbor.example, preconfigured-regroup-only: true, members: [sip:hf1@harbor.example]}
        partners:
          - {id: ridge, domain: ridge.example, sip: 192.0.2.10:5071, via: 127.0.0.1:%d, certificate: gw.crt,
             trust: [group-regroup, cancel-regroup]}
        """.formatted(harborSip, harborSips, gwInSips))));
    closing.add(harbor);
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
  }

  static McClient client(String uri, MusterServer server, String domain, String... groups) throws Exception {
    return Clients.registered(closing, ClientOptions.loopback(McServiceId.of(uri), domain, server.sipPort())
        .withPassword(Clients.password(uri)), groups);
  }

  static SipResponse get(CompletableFuture<SipResponse> f) throws Exception {
    return f.get(40, TimeUnit.SECONDS);
  }

  @Test
  @Order(1)
  void aRegroupAndItsCancelCrossTheGatewayOverMutualTls() throws Exception {
    McClient hdisp = client("sip:hdisp@harbor.example", harbor, "harbor.example");
    McClient rf1 = client("sip:rf1@ridge.example", ridge, "ridge.example", "sip:rescue@ridge.example");
    McServiceGroupId rg = McServiceGroupId.of("sip:rg-tls@harbor.example");
    SipResponse formed = get(hdisp.regroup(McService.MCPTT, rg, McServiceGroupId.of("sip:tmpl-storm@harbor.example"),
        new RegroupTargets.Groups(List.of(McServiceGroupId.of("sip:docks@harbor.example"), McServiceGroupId.of("sip:rescue@ridge.example")))));
    assertThat(formed.status()).as(formed.toString()).isEqualTo(200);
    RegroupNotification n = rf1.awaitNotification(x -> !x.cancel(), WAIT).orElseThrow();
    assertThat(n.from()).isEqualTo("sip:mcptt-server@ridge.example");
    assertThat(get(hdisp.cancel(McService.MCPTT, rg)).status()).isEqualTo(200);
    assertThat(rf1.awaitNotification(RegroupNotification::cancel, WAIT)).isPresent();
    assertThat(gateway.relayed()).isGreaterThanOrEqualTo(2);
  }

  @Test
  @Order(2)
  void aForgerOfTheTlsPartnerIsRefusedAtTheGateway() throws Exception {
    long refusedBefore = gateway.refused();
    // a certificate of its own over TLS, claiming ridge
    try (JainSipEndpoint forger = JainSipEndpoint.start("forger", "127.0.0.1", 0, r -> r.respond(200, "OK"), JainSipOptions.defaults(),
        Optional.of(TlsSettings.server("127.0.0.1", 0, TlsCredentials.selfSigned("ridge.example"),
            PeerTrust.anchoredAt(List.of(ca.certificate())))))) {
      SipResponse r = get(forger.send(ridgeClaim(gateway.outsideTlsPort().getAsInt(), "TLS")));
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Warning").orElseThrow())
          .isEqualTo("399 gw.harbor.example \"not authorized: sip:mcptt-server@ridge.example is not recognised as a partner of harbor.example\"");
      // ridge is known by its certificate only: over UDP, even from its host, refused
      assertThat(get(forger.send(ridgeClaim(gateway.outside().port(), "UDP"))).status()).isEqualTo(403);
    }
    assertThat(gateway.refused()).isEqualTo(refusedBefore + 2);
  }

  /**
   * A flood of forged requests from one address: 5 s worth of refusals are answered (250), the rest
   * dropped unanswered. Last: it leaves 127.0.0.1 without refusals for a few seconds.
   */
  @Test
  @Order(3)
  void aFloodOfForgedRequestsFromOneAddressIsDroppedBeyondItsBudget() throws Exception {
    try (JainSipEndpoint flooder = JainSipEndpoint.start("flooder", "127.0.0.1", 0, r -> r.respond(200, "OK"),
        JainSipOptions.defaults().withTransactionTimeout(Duration.ofSeconds(3)))) {
      List<CompletableFuture<SipResponse>> sent = new ArrayList<>();
      for (int i = 0; i < 600; i++) sent.add(flooder.send(ridgeClaim(gateway.outside().port(), "UDP")));
      int answered = 0;
      int unanswered = 0;
      for (CompletableFuture<SipResponse> f : sent) {
        int status = get(f).status();
        if (status == 403) answered++;
        else if (status == 408) unanswered++;
        else throw new AssertionError("unexpected " + status);
      }
      assertThat(answered).isBetween(250, 599);
      assertThat(unanswered).isEqualTo(600 - answered);
    }
  }

  static OutgoingRequest ridgeClaim(int port, String transport) {
    String psi = "sip:mcptt-server@harbor.example";
    return new OutgoingRequest("MESSAGE", psi, "sip:mcptt-server@ridge.example", psi, "127.0.0.1", port, transport,
        List.of(new SipRequest.Header("P-Asserted-Identity", "<sip:mcptt-server@ridge.example>")),
        "application/vnd.3gpp.mcptt-regroup+xml", "<x/>".getBytes());
  }
}
