package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 4475 and RFC 5118 torture messages sent raw to an endpoint whose handler answers 200 to
 * everything; the answers must match {@link TortureTable} exactly, so a change of behaviour shows.
 * Each message goes to a fresh endpoint per transport: the messages reuse Via branches (most use
 * {@code z9hG4bKkdjuw}), and one stack would absorb later ones as retransmissions for 32 s.
 */
class TortureMessagesTest {
  /** How long to wait where no answer is expected; an expected answer may take up to 5 s. */
  private static final Duration SILENCE = Duration.ofMillis(300);
  private static final Duration ANSWER = Duration.ofSeconds(5);
  /** The RI needs a fixed second to stop a stack; stops run beside the test. */
  private static final ExecutorService STOPS = Executors.newFixedThreadPool(16);

  static Stream<String> files() {
    return TortureData.files().stream();
  }

  @Test
  void everyFileHasAnExpectedAnswer() {
    assertThat(TortureTable.EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(TortureData.files());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void answersAsRecorded(String file) throws Exception {
    byte[] message = TortureData.bytes(file);
    String expected = TortureTable.EXPECTED.get(file);
    String[] expectedPerTransport = expected.split(" / ");
    String udp;
    String tcp;
    JainSipEndpoint overUdp = start();
    try (RawSip raw = new RawSip()) {
      udp = TortureTable.finalStatus(
          raw.exchangeUdp(message, overUdp.port(), waitFor(expectedPerTransport[0])));
    } finally {
      STOPS.submit(overUdp::close);
    }
    JainSipEndpoint overTcp = start();
    try {
      tcp = TortureTable.finalStatus(
          RawSip.exchangeTcp(message, overTcp.port(), waitFor(expectedPerTransport[1])));
    } finally {
      STOPS.submit(overTcp::close);
    }
    assertThat(udp + " / " + tcp).as(file + " (UDP / TCP)").isEqualTo(expected);
  }

  @Test
  void oneEndpointSurvivesAllOfThemOverUdpAndTcp() throws Exception {
    JainSipEndpoint server = JainSipEndpoint.start("torture", "127.0.0.1", 0, r -> r.respond(200, "OK"));
    JainSipEndpoint client = JainSipEndpoint.start("torture-client", "127.0.0.1", 0, r -> {});
    try (RawSip raw = new RawSip()) {
      assertThat(options(client, server, "UDP")).isEqualTo(200);
      int threadsBefore = Thread.activeCount();
      for (String file : TortureData.files()) {
        raw.exchangeUdp(TortureData.bytes(file), server.port(), Duration.ofMillis(50));
        RawSip.exchangeTcp(TortureData.bytes(file), server.port(), Duration.ofMillis(50));
      }
      assertThat(options(client, server, "UDP")).isEqualTo(200);
      assertThat(options(client, server, "TCP")).isEqualTo(200);
      // TCP connection threads end once the RI notices the closed sockets.
      await().atMost(Duration.ofSeconds(10)).until(() -> Thread.activeCount() <= threadsBefore + 4);
    } finally {
      client.close();
      server.close();
    }
  }

  private static Duration waitFor(String expectedStatus) {
    return expectedStatus.equals("-") ? SILENCE : ANSWER;
  }

  private static int options(SipEndpoint from, SipEndpoint to, String transport) throws Exception {
    return from.send(Requests.options(to.host(), to.port(), transport)).get(5, TimeUnit.SECONDS).status();
  }

  private static JainSipEndpoint start() {
    return JainSipEndpoint.start(
        "torture", "127.0.0.1", 0, r -> r.respond(200, "OK"),
        JainSipOptions.defaults().withThreadPoolSize(2));
  }

  @AfterAll
  static void awaitStops() throws InterruptedException {
    STOPS.shutdown();
    assertThat(STOPS.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
  }
}
