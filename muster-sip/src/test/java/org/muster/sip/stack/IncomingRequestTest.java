package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Raw requests from a plain socket: compact header forms, retransmissions, CANCEL, ACK. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncomingRequestTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final RecordingHandler handler = RecordingHandler.answering(200, "OK");
  private JainSipEndpoint server;
  private RawSip raw;

  @BeforeAll
  void start() throws Exception {
    server = JainSipEndpoint.start("incoming", "127.0.0.1", 0, handler);
    raw = new RawSip();
  }

  @AfterAll
  void stop() {
    raw.close();
    server.close();
  }

  @BeforeEach
  void reset() throws Exception {
    handler.clear();
    handler.answerWith(r -> r.respond(200, "OK"));
    raw.drain();
  }

  @Test
  void compactHeaderFormsAreUnderstood() throws Exception {
    String message =
        "MESSAGE sip:mcptt-server@metro.example SIP/2.0\r\n"
            + "v: SIP/2.0/UDP 127.0.0.1:" + raw.port() + ";branch=z9hG4bK-compact-1;rport\r\n"
            + "f: <sip:ff1@metro.example>;tag=abc\r\n"
            + "t: <sip:mcptt-server@metro.example>\r\n"
            + "i: compact-1@127.0.0.1\r\n"
            + "CSeq: 1 MESSAGE\r\n"
            + "m: <sip:ff1@127.0.0.1:" + raw.port() + ">;+g.3gpp.mcptt;Expires=300\r\n"
            + "Max-Forwards: 70\r\n"
            + "o: presence\r\n"
            + "c: text/plain;charset=utf-8\r\n"
            + "l: 5\r\n"
            + "\r\n"
            + "hello";
    assertThat(raw.exchangeUdp(bytes(message), server.port(), WAIT)).containsExactly("SIP/2.0 200 OK");

    SipRequest r = handler.next(WAIT);
    assertThat(r.callId()).isEqualTo("compact-1@127.0.0.1");
    assertThat(r.header("Call-ID")).contains("compact-1@127.0.0.1");
    assertThat(r.header("i")).contains("compact-1@127.0.0.1");
    assertThat(r.header("CALL-ID")).contains("compact-1@127.0.0.1");
    assertThat(r.header("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(r.header("c")).isEqualTo(r.header("Content-Type"));
    assertThat(r.contentType().orElseThrow()).startsWith("text/plain").contains("charset=utf-8");
    assertThat(r.header("l")).contains("5");
    assertThat(r.header("Event")).contains("presence");
    assertThat(r.header("f").orElseThrow()).contains("sip:ff1@metro.example").contains("tag=abc");
    assertThat(r.header("t").orElseThrow()).contains("sip:mcptt-server@metro.example");
    assertThat(r.headers("v")).singleElement().asString().contains("z9hG4bK-compact-1");
    assertThat(r.fromUri()).isEqualTo("sip:ff1@metro.example");
    assertThat(r.toUri()).isEqualTo("sip:mcptt-server@metro.example");
    assertThat(r.contacts()).singleElement().satisfies(c -> {
      assertThat(c.uri()).isEqualTo("sip:ff1@127.0.0.1:" + raw.port());
      assertThat(c.hasParam("+g.3gpp.mcptt")).isTrue();
      assertThat(c.params()).containsEntry("expires", "300");
      assertThat(c.expires()).contains(300);
    });
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(r.header("Subject")).isEmpty();
    assertThat(r.headers("Subject")).isEmpty();
  }

  @Test
  void aTypicalMcpttRequestPassesTheStrictChecks() throws Exception {
    String message =
        "MESSAGE sip:mcptt-server@metro.example SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:" + raw.port() + ";branch=z9hG4bK-mcptt-1;rport\r\n"
            + "From: \"Fire Chief\" <sip:ff1@metro.example>;tag=1\r\n"
            + "To: <sip:mcptt-server@metro.example>\r\n"
            + "Call-ID: mcptt-1@127.0.0.1\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\n"
            + "Accept-Contact: *;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mcptt\""
            + ";require;explicit\r\n"
            + "P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.mcptt\r\n"
            + "P-Asserted-Identity: <sip:primary@metro.example>, <tel:+123>\r\n"
            + "Resource-Priority: mcpttp.4\r\n"
            + "Supported: path, gruu\r\n"
            + "Contact: <sip:ff1@127.0.0.1:" + raw.port() + ">;+g.3gpp.mcptt;expires=600"
            + ";+sip.instance=\"<urn:gsma:imei:35-123456-789012-0>\"\r\n"
            + "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n"
            + "Content-Type: application/vnd.3gpp.mcptt-info+xml\r\n"
            + "Content-Length: 0\r\n\r\n";
    assertThat(raw.exchangeUdp(bytes(message), server.port(), WAIT)).containsExactly("SIP/2.0 200 OK");
    SipRequest r = handler.next(WAIT);
    assertThat(r.assertedIdentity()).contains("sip:primary@metro.example");
    assertThat(r.header("Accept-Contact").orElseThrow()).contains("require");
    assertThat(r.contacts()).singleElement()
        .satisfies(c -> assertThat(c.params()).containsKeys("+g.3gpp.mcptt", "expires", "+sip.instance"));
  }

  @Test
  void aRetransmissionReachesTheHandlerOnceAndGetsTheSameAnswer() throws Exception {
    byte[] message = bytes(request("MESSAGE", "z9hG4bK-retrans-1", "retrans-1", 1));
    assertThat(raw.exchangeUdp(message, server.port(), WAIT)).containsExactly("SIP/2.0 200 OK");
    assertThat(raw.exchangeUdp(message, server.port(), WAIT)).containsExactly("SIP/2.0 200 OK");
    assertThat(handler.next(WAIT).callId()).isEqualTo("retrans-1");
    assertThat(handler.nothingReceived()).isTrue();
  }

  @Test
  void cancelEndsAPendingRequestWith487() throws Exception {
    handler.answerWith(r -> {});
    raw.sendUdp(bytes(request("MESSAGE", "z9hG4bK-cancel-1", "cancel-1", 7)), server.port());
    SipRequest invite = handler.next(WAIT);
    raw.sendUdp(bytes(request("CANCEL", "z9hG4bK-cancel-1", "cancel-1", 7)), server.port());

    List<String> got = new ArrayList<>();
    while (!(got.contains("SIP/2.0 200 OK") && got.contains("SIP/2.0 487 Request Terminated"))) {
      Optional<String> answer = raw.receiveUdp(WAIT);
      assertThat(answer).as("answers so far: %s", got).isPresent();
      got.add(RawSip.firstLine(answer.get()));
    }
    // The handler's late answer is ignored: the MESSAGE was answered 487 already (an INVITE is answered statelessly, so never pending).
    invite.respond(200, "OK");
    assertThat(handler.nothingReceived()).isTrue();
  }

  @Test
  void cancelWithoutAMatchingRequestGets481() throws Exception {
    byte[] cancel = bytes(request("CANCEL", "z9hG4bK-cancel-none", "cancel-none", 1));
    assertThat(raw.exchangeUdp(cancel, server.port(), WAIT))
        .containsExactly("SIP/2.0 481 Call/Transaction Does Not Exist");
    assertThat(handler.nothingReceived()).isTrue();
  }

  @Test
  void ackIsNotHandedToTheHandler() throws Exception {
    raw.sendUdp(bytes(request("ACK", "z9hG4bK-ack-1", "ack-1", 1)), server.port());
    // A later request on the same socket is answered: the ACK was read and dropped before it.
    byte[] options = bytes(request("OPTIONS", "z9hG4bK-ack-2", "ack-2", 1));
    assertThat(raw.exchangeUdp(options, server.port(), WAIT)).containsExactly("SIP/2.0 200 OK");
    assertThat(handler.next(WAIT).method()).isEqualTo("OPTIONS");
    assertThat(handler.nothingReceived()).isTrue();
  }

  private String request(String method, String branch, String callId, int cseq) {
    return method + " sip:mcptt-server@metro.example SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + raw.port() + ";branch=" + branch + "\r\n"
        + "From: <sip:ff1@metro.example>;tag=t1\r\n"
        + "To: <sip:mcptt-server@metro.example>\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + cseq + " " + method + "\r\n"
        + "Contact: <sip:ff1@127.0.0.1:" + raw.port() + ">\r\n"
        + "Max-Forwards: 70\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
