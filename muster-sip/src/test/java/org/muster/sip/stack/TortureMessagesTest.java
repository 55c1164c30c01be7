package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RFC 4475 and RFC 5118 torture messages sent raw and byte-exact to an endpoint whose handler
 * answers 200 to everything; the answers must match {@link TortureTable} exactly, so a change of
 * behaviour shows. All messages go in file order to one endpoint over UDP and to another over TCP
 * (one connection each), as a server in service would get them: the messages reuse Via branches
 * (most use {@code z9hG4bKkdjuw}), and each must still be told apart from an earlier one by its
 * sent-by and method (RFC 3261 17.2.3) and answered.
 */
class TortureMessagesTest {
  /** How long to wait where no answer is expected; an expected answer may take up to 5 s. */
  private static final Duration SILENCE = Duration.ofMillis(300);
  private static final Duration ANSWER = Duration.ofSeconds(5);

  @Test
  void everyFileHasAnExpectedAnswer() {
    assertThat(TortureTable.EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(TortureData.files());
  }

  @Test
  void eachIsAnsweredAsRecordedOnOneEndpointPerTransport() throws Exception {
    JainSipEndpoint overUdp = start("torture-udp");
    JainSipEndpoint overTcp = start("torture-tcp");
    Map<String, String> answers = new LinkedHashMap<>();
    try (RawSip raw = new RawSip()) {
      for (String file : TortureData.files()) {
        byte[] message = TortureData.bytes(file);
        String[] expected = TortureTable.EXPECTED.get(file).split(" / ");
        String udp = TortureTable.finalStatus(raw.exchangeUdp(message, overUdp.port(), waitFor(expected[0])));
        String tcp = TortureTable.finalStatus(RawSip.exchangeTcp(message, overTcp.port(), waitFor(expected[1])));
        answers.put(file, udp + " / " + tcp);
      }
    } finally {
      overUdp.close();
      overTcp.close();
    }
    assertThat(answers).as("answers per file (UDP / TCP)").isEqualTo(TortureTable.EXPECTED);
  }

  @Test
  void oneEndpointSurvivesAllOfThemOverUdpAndTcp() throws Exception {
    JainSipEndpoint server = JainSipEndpoint.start("torture", "127.0.0.1", 0, r -> r.respond(200, "OK"));
    JainSipEndpoint client = JainSipEndpoint.start("torture-client", "127.0.0.1", 0, r -> {});
    try (RawSip raw = new RawSip()) {
      assertThat(options(client, server, "UDP")).isEqualTo(200);
      assertThat(options(client, server, "TCP")).isEqualTo(200); // its connection's threads count in
      int threadsBefore = Thread.activeCount();
      for (String file : TortureData.files()) {
        raw.exchangeUdp(TortureData.bytes(file), server.port(), Duration.ofMillis(50));
        RawSip.exchangeTcp(TortureData.bytes(file), server.port(), Duration.ofMillis(50));
      }
      assertThat(options(client, server, "UDP")).isEqualTo(200);
      assertThat(options(client, server, "TCP")).isEqualTo(200);
      // TCP connection threads end once the RI notices the closed sockets.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.activeCount())
          .as(() -> "live threads: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList())
          .isLessThanOrEqualTo(threadsBefore + 4));
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

  private static JainSipEndpoint start(String name) {
    return JainSipEndpoint.start(
        name, "127.0.0.1", 0, r -> r.respond(200, "OK"), JainSipOptions.defaults().withThreadPoolSize(2));
  }
}
