package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Requests that get no answer or cannot be sent complete the future normally, in time. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendFailuresTest {
  private final RecordingHandler silent = RecordingHandler.silent();
  private JainSipEndpoint server;
  private JainSipEndpoint client;

  @BeforeAll
  void start() {
    server = JainSipEndpoint.start("silent", "127.0.0.1", 0, silent);
    client = JainSipEndpoint.start("impatient", "127.0.0.1", 0, r -> {},
        JainSipOptions.defaults().withTransactionTimeout(Duration.ofMillis(700)));
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void anUnansweredRequestTimesOutAfterTheConfiguredTime() throws Exception {
    for (String transport : new String[] {"UDP", "TCP"}) {
      long start = System.nanoTime();
      SipResponse answer = client.send(Requests.message(server, transport, "x")).get(5, TimeUnit.SECONDS);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(answer.status()).as(transport).isEqualTo(408);
      assertThat(answer.reason()).as(transport).isEqualTo(SipResponse.timeout().reason());
      assertThat(ms).as(transport).isBetween(600L, 3_000L);
    }
    assertThat(client.pendingRequests()).isZero();
  }

  @Test
  void aTimeoutCanBeGivenPerRequest() throws Exception {
    SipResponse answer =
        client.send(Requests.message(server, "UDP", "x"), Duration.ofMillis(100)).get(2, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(408);
  }

  @Test
  void udpToAPortNobodyListensOnTimesOut() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      port = s.getLocalPort();
    }
    SipResponse answer =
        client.send(Requests.options("127.0.0.1", port, "UDP")).get(5, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(408);
  }

  @Test
  void tcpToAClosedPortIsAnswered503NamingTheDestination() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    SipResponse answer =
        client.send(Requests.options("127.0.0.1", port, "TCP")).get(5, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.reason()).contains("127.0.0.1:" + port);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(600L);
  }

  @Test
  void anUnknownTransportIsAnswered503() throws Exception {
    SipResponse answer =
        client.send(Requests.options("127.0.0.1", server.port(), "SCTP")).get(1, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.reason()).contains("SCTP");
  }
}
