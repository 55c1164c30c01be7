package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two endpoints on loopback: requests and answers both ways, over UDP and TCP. The endpoints live
 * for the whole class (a stack takes the RI's fixed second to stop); each test sets the answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JainSipEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final RecordingHandler serverHandler = RecordingHandler.silent();
  private JainSipEndpoint server;
  private JainSipEndpoint client;

  @BeforeAll
  void start() {
    server = JainSipEndpoint.start("server", "127.0.0.1", 0, serverHandler);
    client = JainSipEndpoint.start("client", "127.0.0.1", 0, RecordingHandler.silent());
  }

  @BeforeEach
  void answerOkWithHeaders() {
    serverHandler.clear();
    serverHandler.answerWith(
        r -> r.respond(200, "OK", List.of(
            new SipRequest.Header("Warning", "399 muster.test \"148 group is regrouped\""),
            new SipRequest.Header("SIP-ETag", "etag-1"),
            new SipRequest.Header("Expires", "3600"),
            new SipRequest.Header("Contact", "<sip:mcptt-server@127.0.0.1>;expires=3600"))));
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"UDP", "TCP"})
  void messageWithBodyRoundTrips(String transport) throws Exception {
    String body = "<mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\">é</mcpttinfo>";
    SipResponse answer =
        client
            .send(
                Requests.message(
                    server,
                    transport,
                    body,
                    new SipRequest.Header("P-Asserted-Identity", "<sip:primary@metro.example>"),
                    new SipRequest.Header("X-Muster-Test", "yes")))
            .get(5, TimeUnit.SECONDS);

    SipRequest seen = serverHandler.next(WAIT);
    assertThat(seen.method()).isEqualTo("MESSAGE");
    assertThat(seen.requestUri()).isEqualTo("sip:mcptt-server@metro.example");
    assertThat(seen.fromUri()).isEqualTo("sip:ff1@metro.example");
    assertThat(seen.toUri()).isEqualTo("sip:mcptt-server@metro.example");
    assertThat(seen.transport()).isEqualTo(transport);
    assertThat(seen.sourceAddress()).isEqualTo("127.0.0.1");
    assertThat(seen.sourcePort()).isPositive();
    assertThat(new String(seen.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(seen.contentType()).contains("application/vnd.3gpp.mcptt-info+xml");
    assertThat(seen.assertedIdentity()).contains("sip:primary@metro.example");
    assertThat(seen.header("x-muster-test")).contains("yes");
    assertThat(seen.header("Max-Forwards")).contains("70");
    assertThat(seen.header("Via").orElseThrow()).contains("branch=z9hG4bK");
    assertThat(seen.header("From").orElseThrow()).contains("tag=");
    assertThat(seen.header("i")).isEqualTo(seen.header("Call-ID")).isPresent();
    assertThat(seen.contacts()).singleElement()
        .satisfies(c -> assertThat(c.uri()).contains("127.0.0.1:" + client.port()));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.isSuccess()).isTrue();
    assertThat(answer.header("Warning")).contains("399 muster.test \"148 group is regrouped\"");
    assertThat(answer.header("SIP-ETag")).contains("etag-1");
    assertThat(answer.header("Expires")).contains("3600");
    assertThat(answer.header("Contact").orElseThrow()).contains("expires=3600");
    assertThat(answer.header("To").orElseThrow()).contains("tag=");
  }

  @Test
  void registerContactFeatureTagsAndExpiresAreReadable() throws Exception {
    OutgoingRequest register =
        new OutgoingRequest(
            "REGISTER",
            "sip:metro.example",
            "sip:ff1@metro.example",
            "sip:ff1@metro.example",
            server.host(),
            server.port(),
            "UDP",
            List.of(
                new SipRequest.Header(
                    "Contact",
                    "<sip:ff1@127.0.0.1:" + client.port() + ">;+g.3gpp.mcptt;+G.3GPP.MCData;expires=600"),
                new SipRequest.Header("Expires", "600")),
            null,
            null);
    assertThat(client.send(register).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);

    SipRequest seen = serverHandler.next(WAIT);
    assertThat(seen.expires()).contains(600);
    assertThat(seen.contacts()).singleElement().satisfies(c -> {
      assertThat(c.uri()).isEqualTo("sip:ff1@127.0.0.1:" + client.port());
      assertThat(c.hasParam("+g.3gpp.mcptt")).isTrue();
      assertThat(c.hasParam("+g.3gpp.mcdata")).isTrue();
      assertThat(c.hasParam("+g.3gpp.mcvideo")).isFalse();
      assertThat(c.expires()).contains(600);
    });
    assertThat(seen.body()).isEmpty();
    assertThat(seen.contentType()).isEmpty();
  }

  @Test
  void answersFromOtherThreadsOnlyTheFirstCounts() throws Exception {
    serverHandler.answerWith(
        r -> new Thread(() -> {
          r.respond(403, "Forbidden", List.of(new SipRequest.Header("Warning", "399 h \"no\"")));
          r.respond(200, "OK");
        }).start());
    SipResponse answer = client.send(Requests.message(server, "UDP", "x")).get(5, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.reason()).isEqualTo("Forbidden");
    assertThat(answer.header("warning")).contains("399 h \"no\"");
  }

  @Test
  void unknownMethodReachesTheHandler() throws Exception {
    serverHandler.answerWith(r -> r.respond(405, "Method Not Allowed",
        List.of(new SipRequest.Header("Allow", "REGISTER, PUBLISH, MESSAGE, OPTIONS"))));
    OutgoingRequest odd =
        new OutgoingRequest("FOOBAR", "sip:mcptt-server@metro.example", "sip:ff1@metro.example",
            "sip:mcptt-server@metro.example", server.host(), server.port(), "UDP", List.of(), null, null);
    SipResponse answer = client.send(odd).get(5, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.headers())
        .filteredOn(h -> h.name().equals("Allow"))
        .extracting(SipRequest.Header::value)
        .containsExactly("REGISTER", "PUBLISH", "MESSAGE", "OPTIONS");
    assertThat(serverHandler.next(WAIT).method()).isEqualTo("FOOBAR");
  }

  @Test
  void aFailingHandlerAnswers500() throws Exception {
    serverHandler.answerWith(r -> {
      throw new IllegalStateException("boom");
    });
    assertThat(client.send(Requests.message(server, "UDP", "x")).get(5, TimeUnit.SECONDS).status())
        .isEqualTo(500);
  }

  @Test
  void aBadExtraHeaderIsNotSentAndAnswered503() throws Exception {
    SipResponse answer =
        client.send(Requests.message(server, "UDP", "x", new SipRequest.Header("Expires", "soon")))
            .get(1, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.reason()).contains("Expires");
    assertThat(serverHandler.nothingReceived()).isTrue();
  }

  @Test
  void sendAfterCloseIsAnswered503() throws Exception {
    JainSipEndpoint closed = JainSipEndpoint.start("closed", "127.0.0.1", 0, serverHandler);
    closed.close();
    SipResponse answer = closed.send(Requests.message(server, "UDP", "x")).get(1, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.reason()).contains("closed");
  }
}
