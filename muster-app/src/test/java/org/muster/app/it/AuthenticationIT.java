package org.muster.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.muster.app.it.LoopbackSystem.get;
import static org.muster.app.it.LoopbackSystem.group;
import static org.muster.app.it.LoopbackSystem.user;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.sip.auth.DigestVerifier;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.DigestAnswer;
import org.muster.sip.stack.DigestChallenge;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;

/**
 * WIRE.md "Authentication and identity binding" over real sockets: each impersonation of issue 11
 * is tried as an attacker on the same network would, and fails; the legitimate users go on.
 */
class AuthenticationIT {
  /** The system clock, moved forward when a test says so (nonces then expire without waiting). */
  static final class MovableClock extends Clock {
    final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
      return Instant.now().plus(ahead.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final MovableClock clock = new MovableClock();
  LoopbackSystem sys;

  @BeforeEach
  void start() throws Exception {
    sys = new LoopbackSystem(LoopbackSystem.YAML, clock);
  }

  @AfterEach
  void stop() {
    sys.close();
  }

  private static String uriOf(McClient c) {
    return "sip:" + c.options().domain();
  }

  /** An Authorization value answering challenge {@code index} of {@code challenged} (a 401). */
  static String answer(SipResponse challenged, int index, String name, String password, String method, String uri, String nc) {
    DigestChallenge c = DigestChallenge.of(challenged).get(index);
    DigestAlgorithm a = DigestAlgorithm.fromToken(c.algorithm().orElseThrow()).orElseThrow();
    String ha1 = Credential.ha1(a, name, c.realm(), password);
    String cnonce = "c0ffee" + nc;
    return new DigestAnswer(name, c.realm(), c.nonce(), uri, DigestVerifier.response(a, ha1, method, uri, c.nonce(), nc, cnonce, "auth"),
        c.algorithm(), cnonce, nc, "auth", Optional.empty()).headerValue();
  }

  private static List<SipRequest.Header> register(McClient c, String expires) {
    return List.of(new SipRequest.Header("Contact", "<" + c.contact() + ">;+g.3gpp.mcptt"), new SipRequest.Header("Expires", expires));
  }

  private SipResponse registerOnce(McClient c, Optional<String> authorization) throws Exception {
    return get(c.sendOnce("REGISTER", uriOf(c), c.options().user().uri(), register(c, "600"), null, null, authorization));
  }

  private int registrations(String name) throws Exception {
    return sys.core(core -> core.registrationsOf(user(name)).size());
  }

  @Test
  void aRegisterWithoutCredentialsIsChallengedOncePerAlgorithmSha256First() throws Exception {
    McClient attacker = sys.client("disp1", null);
    SipResponse r = get(attacker.register(List.of(McService.MCPTT), 600));
    assertThat(r.status()).isEqualTo(401);
    List<DigestChallenge> challenges = DigestChallenge.of(r);
    assertThat(challenges).extracting(c -> c.algorithm().orElseThrow()).containsExactly("SHA-256", "MD5");
    assertThat(challenges).allSatisfy(c -> {
      assertThat(c.realm()).isEqualTo("metro.example");
      assertThat(c.qop()).contains("auth");
      assertThat(c.stale()).isFalse();
    });
    assertThat(registrations("disp1")).isZero();
  }

  @Test
  void aWrongPasswordGetsANewChallengeAndRegistersNothing() throws Exception {
    McClient guesser = sys.client("disp1", "disp1-guess");
    SipResponse r = get(guesser.register(List.of(McService.MCPTT), 600));
    assertThat(r.status()).isEqualTo(401);
    assertThat(DigestChallenge.of(r)).hasSize(2);
    assertThat(registrations("disp1")).isZero();
    assertThat(get(sys.client("disp1", "disp1-secret").register(List.of(McService.MCPTT), 600)).status()).isEqualTo(200);
    assertThat(registrations("disp1")).isOne();
  }

  @Test
  void bothAlgorithmsAuthenticateAndAReplayedAnswerIsRefused() throws Exception {
    McClient c = sys.client("ff1", null);
    SipResponse challenged = registerOnce(c, Optional.empty());
    String sha = answer(challenged, 0, "ff1", "ff1-secret", "REGISTER", uriOf(c), "00000001");
    assertThat(registerOnce(c, Optional.of(sha)).status()).isEqualTo(200);
    SipResponse replayed = registerOnce(c, Optional.of(sha));
    assertThat(replayed.status()).as("the same nonce and nc again").isEqualTo(401);
    assertThat(DigestChallenge.of(replayed)).noneMatch(DigestChallenge::stale);
    assertThat(registerOnce(c, Optional.of(answer(challenged, 0, "ff1", "ff1-secret", "REGISTER", uriOf(c), "00000002"))).status())
        .as("the same nonce with a higher count").isEqualTo(200);
    String md5 = answer(challenged, 1, "ff1", "ff1-secret", "REGISTER", uriOf(c), "00000001");
    assertThat(registerOnce(c, Optional.of(md5)).status()).isEqualTo(200);
  }

  @Test
  void anExpiredNonceIsStaleAndTheClientGoesOnWithoutAskingAgain() throws Exception {
    McClient c = sys.client("ff1", null);
    SipResponse challenged = registerOnce(c, Optional.empty());
    clock.ahead.set(Duration.ofMinutes(5).plusSeconds(5));
    SipResponse stale = registerOnce(c, Optional.of(answer(challenged, 0, "ff1", "ff1-secret", "REGISTER", uriOf(c), "00000001")));
    assertThat(stale.status()).isEqualTo(401);
    assertThat(DigestChallenge.of(stale)).hasSize(2).allMatch(DigestChallenge::stale);
    assertThat(registerOnce(c, Optional.of(answer(stale, 0, "ff1", "ff1-secret", "REGISTER", uriOf(c), "00000001"))).status())
        .isEqualTo(200);
  }

  @Test
  void aStrangerCannotLogAUserOffNorRemoveItsAffiliations() throws Exception {
    McClient ff1 = sys.affiliated("ff1", McService.MCPTT, "fire");
    McClient stranger = sys.client("ff1", null);
    SipResponse star = get(stranger.send("REGISTER", "sip:metro.example", user("ff1").uri(),
        List.of(new SipRequest.Header("Contact", "*"), new SipRequest.Header("Expires", "0")), null, null));
    assertThat(star.status()).isEqualTo(401);
    SipResponse logOff = get(stranger.send("REGISTER", "sip:metro.example", user("ff1").uri(),
        List.of(new SipRequest.Header("Contact", "<" + ff1.contact() + ">"), new SipRequest.Header("Expires", "0")), null, null));
    assertThat(logOff.status()).isEqualTo(401);
    SipResponse unpublish = get(stranger.deaffiliateAll(McService.MCPTT));
    assertThat(unpublish.status()).isEqualTo(401);
    assertThat(registrations("ff1")).isOne();
    assertThat(sys.affiliatedTo("fire", McService.MCPTT)).isOne();
    // the owner can: over its flow, without a new challenge
    assertThat(get(ff1.deaffiliateAll(McService.MCPTT)).status()).isEqualTo(200);
    assertThat(sys.affiliatedTo("fire", McService.MCPTT)).isZero();
  }

  @Test
  void aMessageFromASocketThatNeverRegisteredFormsNoRegroupAndCancelsNone() throws Exception {
    sys.affiliated("ff1", McService.MCPTT, "fire");
    McClient disp1 = sys.registered("disp1");
    McClient forger = sys.client("disp1", null);
    SipResponse forged = get(forger.regroup(McService.MCPTT, group("rg-forged"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("fire")))));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(sys.activeRegroups()).isZero();
    McClient guesser = sys.client("disp1", "disp1-guess");
    assertThat(get(guesser.regroup(McService.MCPTT, group("rg-forged"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("fire"))))).status()).isEqualTo(401);
    assertThat(sys.activeRegroups()).isZero();
    // the real dispatcher forms it; the forger cannot cancel it
    assertThat(get(disp1.regroup(McService.MCPTT, group("rg-real"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("fire"))))).status()).isEqualTo(200);
    assertThat(get(forger.cancel(McService.MCPTT, group("rg-real"))).status()).isEqualTo(401);
    assertThat(sys.activeRegroups()).isOne();
  }

  @Test
  void offFlowWithTheUsersCredentialsIsAcceptedAndAuthorizationStillApplies() throws Exception {
    sys.affiliated("ff1", McService.MCPTT, "fire");
    sys.registered("disp1");
    McClient elsewhere = sys.client("disp1", "disp1-secret"); // another socket, never registered itself
    assertThat(get(elsewhere.regroup(McService.MCPTT, group("rg-1"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("fire"))))).status()).isEqualTo(200);
    McClient ff1Elsewhere = sys.client("ff1", "ff1-secret");
    SipResponse r = get(ff1Elsewhere.cancel(McService.MCPTT, group("rg-1")));
    assertThat(r.status()).as("authenticated, but without the right").isEqualTo(403);
    assertThat(r.header("Warning").orElse("")).contains("not authorized: ");
    assertThat(sys.activeRegroups()).isOne();
  }

  @Test
  void aPublishOverAFlowActsForThatClientOnly() throws Exception {
    McClient radio1 = sys.affiliated("ff1", McService.MCPTT, "fire");
    McClient radio2 = sys.affiliated("ff1", McService.MCPTT, "fire");
    assertThat(sys.affiliatedTo("fire", McService.MCPTT)).isEqualTo(2);
    // radio2 names radio1's Contact: the flow decides, not the header
    SipResponse r = get(radio2.send("PUBLISH", McService.MCPTT.psi("metro.example"), McService.MCPTT.psi("metro.example"),
        List.of(new SipRequest.Header("Event", "presence"), new SipRequest.Header("Expires", "0"),
            new SipRequest.Header("Contact", "<" + radio1.contact() + ">")), null, null));
    assertThat(r.status()).isEqualTo(200);
    List<McServiceClient> left = sys.core(core -> List.copyOf(core.affiliatedTo(group("fire"), McService.MCPTT)));
    assertThat(left).extracting(McServiceClient::contact).containsExactly(radio1.contact());
  }

  @Test
  void aFloodOfUnauthenticatedRegistersFromOneAddressDoesNotStopAnotherClient() throws Exception {
    int port = sys.server.sipPort();
    AtomicInteger answered = new AtomicInteger();
    int sent = 3000;
    try (DatagramSocket flood = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
      flood.setSoTimeout(200);
      Thread reader = new Thread(() -> {
        byte[] buf = new byte[4096];
        while (!flood.isClosed()) {
          try {
            flood.receive(new DatagramPacket(buf, buf.length));
            answered.incrementAndGet();
          } catch (SocketTimeoutException e) {
            // keep reading until closed
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      reader.start();
      for (int i = 0; i < sent; i++) {
        byte[] m = ("REGISTER sip:metro.example SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:" + flood.getLocalPort() + ";branch=z9hG4bKflood" + i
            + "\r\nMax-Forwards: 70\r\nFrom: <sip:disp1@metro.example>;tag=f" + i + "\r\nTo: <sip:disp1@metro.example>\r\nCall-ID: flood-" + i
            + "\r\nCSeq: 1 REGISTER\r\nContact: <sip:disp1@127.0.0.2:" + flood.getLocalPort() + ">\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        flood.send(new DatagramPacket(m, m.length, InetAddress.getLoopbackAddress(), port));
        if (i == sent / 2) {
          // meanwhile, on 127.0.0.1, the real dispatcher registers
          long t0 = System.nanoTime();
          McClient disp1 = sys.client("disp1", "disp1-secret");
          assertThat(get(disp1.register(List.of(McService.MCPTT), 600)).status()).isEqualTo(200);
          assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > 0);
      flood.close();
      reader.join(2000);
    }
    assertThat(registrations("disp1")).isOne();
    // 40 at once, then 20 a second: far fewer answers than requests
    assertThat(answered.get()).isBetween(1, sent / 4);
  }
}
