package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SIP over TLS between endpoints of one JVM, each with its own certificate: the receiver sees the
 * transport and the certificate the sender presented; a peer the trust refuses gets nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private final TlsCredentials serverIdentity = TlsCredentials.selfSigned("server.test");
  private final TlsCredentials peerIdentity = TlsCredentials.selfSigned("peer.test");
  private final RecordingHandler serverHandler = RecordingHandler.answering(200, "OK");
  private JainSipEndpoint server;
  private JainSipEndpoint peer;
  private JainSipEndpoint client;

  @BeforeAll
  void start() {
    PeerTrust anyClient = new PeerTrust() {
      @Override
      public void checkServer(java.security.cert.X509Certificate[] chain, String authType, java.net.InetSocketAddress s) {}

      @Override
      public void checkClient(java.security.cert.X509Certificate[] chain, String authType, java.net.InetSocketAddress c) {}
    };
    server = JainSipEndpoint.start("tls-server", "127.0.0.1", 0, serverHandler, JainSipOptions.defaults(),
        Optional.of(TlsSettings.server("127.0.0.1", 0, serverIdentity, anyClient)));
    PeerTrust pinServer = PeerTrust.anchoredAt(List.of(serverIdentity.certificate()));
    peer = JainSipEndpoint.start("tls-peer", "127.0.0.1", 0, RecordingHandler.silent(), JainSipOptions.defaults(),
        Optional.of(TlsSettings.server("127.0.0.1", 0, peerIdentity, pinServer)));
    client = JainSipEndpoint.start("tls-client", "127.0.0.1", 0, RecordingHandler.silent(), JainSipOptions.defaults(),
        Optional.of(TlsSettings.client("127.0.0.1", pinServer)));
  }

  @BeforeEach
  void clear() {
    serverHandler.clear();
  }

  @AfterAll
  void stop() {
    client.close();
    peer.close();
    server.close();
  }

  private OutgoingRequest messageToServer() {
    return new OutgoingRequest("MESSAGE", "sip:mcptt-server@server.test", "sip:peer@peer.test", "sip:mcptt-server@server.test",
        "127.0.0.1", server.tlsPort().getAsInt(), "TLS", List.of(), "text/plain", "over TLS".getBytes());
  }

  @Test
  void aServerListensForTlsOnItsOwnPort() {
    assertThat(server.tlsPort()).isPresent();
    assertThat(server.tlsPort().getAsInt()).isNotEqualTo(server.port());
  }

  @Test
  void aPeerPresentingItsCertificateIsSeenWithIt() throws Exception {
    SipResponse answer = peer.send(messageToServer()).get(10, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(200);
    SipRequest received = serverHandler.next(WAIT);
    assertThat(received.transport()).isEqualTo("TLS");
    assertThat(received.peerCertificate()).contains(peerIdentity.certificate());
    assertThat(new String(received.body())).isEqualTo("over TLS");
  }

  @Test
  void aClientConnectsWithoutACertificateAndAdvertisesItsTlsContact() throws Exception {
    SipResponse answer = client.send(messageToServer()).get(10, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(200);
    SipRequest received = serverHandler.next(WAIT);
    assertThat(received.transport()).isEqualTo("TLS");
    assertThat(received.peerCertificate()).isEmpty();
    assertThat(received.header("Contact").orElseThrow()).contains(":" + client.tlsPort().getAsInt()).contains("transport=tls");
  }

  @Test
  void overTcpThereIsNoCertificate() throws Exception {
    OutgoingRequest tls = messageToServer();
    OutgoingRequest tcp = new OutgoingRequest(tls.method(), tls.requestUri(), tls.fromUri(), tls.toUri(), "127.0.0.1", server.port(), "TCP",
        tls.headers(), tls.contentType(), tls.body());
    assertThat(peer.send(tcp).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    SipRequest received = serverHandler.next(WAIT);
    assertThat(received.transport()).isEqualTo("TCP");
    assertThat(received.peerCertificate()).isEmpty();
  }

  @Test
  void aServerWhoseCertificateIsNotTrustedIsNotSentAnything() throws Exception {
    try (JainSipEndpoint wary = JainSipEndpoint.start("tls-wary", "127.0.0.1", 0, RecordingHandler.silent(), JainSipOptions.defaults(),
        Optional.of(TlsSettings.client("127.0.0.1", PeerTrust.anchoredAt(List.of(peerIdentity.certificate())))))) {
      SipResponse answer = wary.send(messageToServer()).get(10, TimeUnit.SECONDS);
      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.reason()).isNotBlank();
    }
    assertThat(serverHandler.nothingReceived()).isTrue();
  }

  @Test
  void anEndpointWithoutTlsSaysSoInsteadOfSending() throws Exception {
    try (JainSipEndpoint plain = JainSipEndpoint.start("plain", "127.0.0.1", 0, RecordingHandler.silent())) {
      assertThat(plain.tlsPort()).isEmpty();
      assertThat(plain.send(messageToServer()).get(10, TimeUnit.SECONDS).status()).isEqualTo(503);
    }
  }
}
