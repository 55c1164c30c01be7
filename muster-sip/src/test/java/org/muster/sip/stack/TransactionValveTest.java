package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over raw sockets: an INVITE is answered once, statelessly (no retransmitted 405); a true
 * retransmission of another request still reaches the handler once, while a request that only
 * shares its branch (another method or sent-by) is a new one; a request without a mandatory
 * header or with a mangled one is answered 400 on UDP and TCP; an answer that belongs to no
 * transaction is dropped and the real one still completes its request.
 */
class TransactionValveTest {
  private final AtomicInteger handled = new AtomicInteger();
  private JainSipEndpoint server;

  @BeforeEach
  void start() {
    server = JainSipEndpoint.start("valve", "127.0.0.1", 0, r -> {
      handled.incrementAndGet();
      if (r.method().equals("INVITE")) {
        r.respond(405, "Method Not Allowed");
      } else {
        r.respond(200, "OK");
      }
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void inviteIsAnsweredOnceWithoutRetransmissions() throws Exception {
    try (RawSip raw = new RawSip()) {
      raw.sendUdp(request("INVITE", raw.port(), "z9hG4bK-invite-1"), server.port());
      // Timer G would resend a stateful 405 after 500 ms, then 1 s, 2 s: listen for 2.5 s.
      List<String> got = receiveFor(raw, Duration.ofMillis(2500));
      assertThat(got).containsExactly("SIP/2.0 405 Method Not Allowed");
    }
  }

  @Test
  void aRetransmissionIsStillAbsorbed() throws Exception {
    try (RawSip raw = new RawSip()) {
      byte[] options = request("OPTIONS", raw.port(), "z9hG4bK-again");
      assertThat(raw.exchangeUdp(options, server.port(), Duration.ofSeconds(5))).containsExactly("SIP/2.0 200 OK");
      // The stack answers the retransmission from its transaction: the handler is not called again.
      assertThat(raw.exchangeUdp(options, server.port(), Duration.ofSeconds(5))).containsExactly("SIP/2.0 200 OK");
      assertThat(handled).hasValue(1);
    }
  }

  @Test
  void aRequestWithTheBranchOfAnotherMethodIsANewRequest() throws Exception {
    try (RawSip raw = new RawSip()) {
      byte[] options = request("OPTIONS", raw.port(), "z9hG4bK-shared");
      byte[] message = request("MESSAGE", raw.port(), "z9hG4bK-shared");
      assertThat(raw.exchangeUdp(options, server.port(), Duration.ofSeconds(5))).containsExactly("SIP/2.0 200 OK");
      // RFC 3261 17.2.3: same branch and sent-by, another method: not a retransmission.
      assertThat(raw.exchangeUdp(message, server.port(), Duration.ofSeconds(5))).containsExactly("SIP/2.0 200 OK");
      assertThat(handled).hasValue(2);
    }
  }

  @Test
  void aRequestWithTheBranchOfAnotherSentByIsANewRequest() throws Exception {
    try (RawSip raw = new RawSip()) {
      byte[] first = request("OPTIONS", raw.port(), "z9hG4bK-shared");
      byte[] second = new String(first, StandardCharsets.US_ASCII)
          .replace("Via: SIP/2.0/UDP 127.0.0.1:" + raw.port(), "Via: SIP/2.0/UDP other.example.com:5070")
          .getBytes(StandardCharsets.US_ASCII);
      assertThat(raw.exchangeUdp(first, server.port(), Duration.ofSeconds(5))).containsExactly("SIP/2.0 200 OK");
      assertThat(raw.exchangeUdp(second, server.port(), Duration.ofSeconds(5))).containsExactly("SIP/2.0 200 OK");
      assertThat(handled).hasValue(2);
    }
  }

  @Test
  void aRequestWithoutFromIsAnswered400OnUdpAndTcpWithTheReason() throws Exception {
    byte[] noFrom = new String(request("OPTIONS", 5060, "z9hG4bK-nofrom"), StandardCharsets.US_ASCII)
        .replaceFirst("From: [^\r]*\r\n", "").getBytes(StandardCharsets.US_ASCII);
    try (RawSip raw = new RawSip()) {
      raw.sendUdp(noFrom, server.port());
      String udp = raw.receiveUdp(Duration.ofSeconds(5)).orElseThrow();
      assertThat(RawSip.firstLine(udp)).isEqualTo("SIP/2.0 400 Bad Request (missing From header)");
      assertThat(udp).contains("Warning: 399 127.0.0.1 \"missing From header\"").contains("CSeq: 1 OPTIONS");
    }
    assertThat(RawSip.exchangeTcp(noFrom, server.port(), Duration.ofSeconds(5)))
        .containsExactly("SIP/2.0 400 Bad Request (missing From header)");
    assertThat(handled).hasValue(0);
  }

  @Test
  void aMangledToIsAnswered400OverTcpAndTheConnectionStaysUsable() throws Exception {
    String good = new String(request("OPTIONS", 5060, "z9hG4bK-tcp-1"), StandardCharsets.US_ASCII);
    String mangled = new String(request("OPTIONS", 5060, "z9hG4bK-tcp-2"), StandardCharsets.US_ASCII)
        .replace("To: <sip:valve@127.0.0.1>", "To: <sip:valve@127.0.0.1");
    byte[] both = (mangled + good).getBytes(StandardCharsets.US_ASCII);
    List<String> answers = RawSip.exchangeTcp(both, server.port(), Duration.ofSeconds(5), 2);
    assertThat(answers).hasSize(2);
    assertThat(answers.get(0)).startsWith("SIP/2.0 400 Bad Request");
    assertThat(answers.get(1)).isEqualTo("SIP/2.0 200 OK");
    assertThat(handled).hasValue(1);
  }

  @Test
  void aStrayAnswerIsDroppedAndTheRealOneStillMatches() throws Exception {
    try (RawSip raw = new RawSip()) {
      var answer = server.send(new OutgoingRequest("MESSAGE", "sip:peer@127.0.0.1:" + raw.port(), "sip:valve@127.0.0.1",
          "sip:peer@127.0.0.1", "127.0.0.1", raw.port(), "UDP", List.of(), "text/plain", "x".getBytes(StandardCharsets.US_ASCII)));
      String request = raw.receiveUdp(Duration.ofSeconds(5)).orElseThrow();
      String stray = answerTo(request).replaceFirst("branch=z9hG4bK[^;\r]*", "branch=z9hG4bK-nobody");
      raw.sendUdp(stray.getBytes(StandardCharsets.US_ASCII), server.port());
      raw.sendUdp(answerTo(request).getBytes(StandardCharsets.US_ASCII), server.port());
      assertThat(answer.get(5, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
    }
  }

  /** A 200 to {@code request} with its Via, From, To, Call-ID and CSeq. */
  private static String answerTo(String request) {
    StringBuilder out = new StringBuilder("SIP/2.0 200 OK\r\n");
    for (String line : request.split("\r\n")) {
      if (line.isEmpty()) break;
      String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(java.util.Locale.ROOT);
      if (List.of("via", "v", "from", "f", "to", "t", "call-id", "i", "cseq").contains(name)) out.append(line).append("\r\n");
    }
    return out.append("Content-Length: 0\r\n\r\n").toString();
  }

  private static List<String> receiveFor(RawSip raw, Duration window) throws Exception {
    List<String> lines = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      Optional<String> got = raw.receiveUdp(Duration.ofNanos(left));
      if (got.isEmpty()) break;
      lines.add(RawSip.firstLine(got.get()));
    }
    return lines;
  }

  private static byte[] request(String method, int port, String branch) {
    String text = method + " sip:valve@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=" + branch + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:a@127.0.0.1>;tag=" + port + "\r\n"
        + "To: <sip:valve@127.0.0.1>\r\n"
        + "Call-ID: " + branch + "-" + method + "-" + port + "\r\n"
        + "CSeq: 1 " + method + "\r\n"
        + "Content-Length: 0\r\n\r\n";
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
