package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An answered MESSAGE over UDP keeps its client transaction for {@link
 * JainSipOptions#answeredLinger()} (500 ms by default) instead of the RI's Timer K (T4, 5 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnsweredLingerTest {
  private final RecordingHandler answering = RecordingHandler.silent();
  private JainSipEndpoint server;
  private JainSipEndpoint brief;
  private JainSipEndpoint lingering;

  @BeforeAll
  void start() {
    answering.answerWith(r -> r.respond(200, "OK"));
    server = JainSipEndpoint.start("answering", "127.0.0.1", 0, answering);
    brief = JainSipEndpoint.start("brief", "127.0.0.1", 0, r -> {});
    lingering = JainSipEndpoint.start("lingering", "127.0.0.1", 0, r -> {},
        JainSipOptions.defaults().withAnsweredLinger(JainSipOptions.T4));
  }

  @AfterAll
  void stop() {
    lingering.close();
    brief.close();
    server.close();
  }

  @Test
  void byDefaultAnsweredTransactionsEndSoonAfterTheirAnswers() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(brief.send(Requests.message(server, "UDP", "x" + i)).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(4)).until(() -> brief.clientTransactions() == 0);
  }

  @Test
  void withALingerTheAnsweredTransactionStaysForTimerK() throws Exception {
    assertThat(lingering.send(Requests.message(server, "UDP", "y")).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(lingering.clientTransactions()).isEqualTo(1);
  }

  @Test
  void theLingerIsOneTickToT4() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JainSipOptions.defaults().withAnsweredLinger(Duration.ofSeconds(6)))
        .hasMessage("answeredLinger must be 500 ms to 5 s, was PT6S");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JainSipOptions.defaults().withAnsweredLinger(Duration.ZERO))
        .hasMessage("answeredLinger must be 500 ms to 5 s, was PT0S");
  }
}
