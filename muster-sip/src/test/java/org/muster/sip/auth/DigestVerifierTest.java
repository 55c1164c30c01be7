package org.muster.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McServiceId;
import org.muster.sip.auth.DigestVerifier.Verdict;
import org.muster.sip.stack.DigestAnswer;
import org.muster.sip.stack.DigestChallenge;

class DigestVerifierTest {
  private static final String URI = "sip:metro.example";
  private final StepClock clock = new StepClock();
  private final DigestVerifier verifier = new DigestVerifier(List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5),
      new Nonces(clock, new SecureRandom()));
  private final UserConfig ff1 = user("ff1", "ff1-secret");

  private static UserConfig user(String name, String password) {
    return new UserConfig(McServiceId.of("sip:" + name + "@metro.example"), Set.of(),
        Optional.of(Credential.ofPassword(name, "metro.example", password)));
  }

  /** RFC 7616 3.9.1: the published example, for both algorithms. */
  @Test
  void responsesMatchTheRfc7616Example() {
    String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    String md5 = Credential.ha1(DigestAlgorithm.MD5, "Mufasa", "http-auth@example.org", "Circle of Life");
    String sha = Credential.ha1(DigestAlgorithm.SHA_256, "Mufasa", "http-auth@example.org", "Circle of Life");
    assertThat(DigestVerifier.response(DigestAlgorithm.MD5, md5, "GET", "/dir/index.html", nonce, "00000001", cnonce, "auth"))
        .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    assertThat(DigestVerifier.response(DigestAlgorithm.SHA_256, sha, "GET", "/dir/index.html", nonce, "00000001", cnonce, "auth"))
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void oneChallengePerAlgorithmInTheOfferedOrderEachWithItsOwnNonce() {
    List<DigestChallenge> c = verifier.challenges("metro.example", false);
    assertThat(c).extracting(x -> x.algorithm().orElseThrow()).containsExactly("SHA-256", "MD5");
    assertThat(c).allSatisfy(x -> {
      assertThat(x.realm()).isEqualTo("metro.example");
      assertThat(x.qop()).contains("auth");
      assertThat(x.stale()).isFalse();
    });
    assertThat(c.get(0).nonce()).isNotEqualTo(c.get(1).nonce());
    assertThat(verifier.challenges("metro.example", true)).allMatch(DigestChallenge::stale);
  }

  private DigestAnswer answer(DigestChallenge c, String user, String password, String method, String uri, String nc) {
    DigestAlgorithm a = DigestAlgorithm.fromToken(c.algorithm().orElseThrow()).orElseThrow();
    String ha1 = Credential.ha1(a, user, c.realm(), password);
    String cnonce = "0a4f113b";
    return new DigestAnswer(user, c.realm(), c.nonce(), uri, DigestVerifier.response(a, ha1, method, uri, c.nonce(), nc, cnonce, "auth"),
        c.algorithm(), cnonce, nc, "auth", Optional.empty());
  }

  private Verdict verify(DigestAnswer a) {
    return verifier.verify("REGISTER", URI, u -> u.equals("sip:127.0.0.1:5060"), ff1, List.of(a));
  }

  @Test
  void theRightPasswordPassesWithEitherAlgorithm() {
    for (DigestChallenge c : verifier.challenges("metro.example", false)) {
      assertThat(verify(answer(c, "ff1", "ff1-secret", "REGISTER", URI, "00000001"))).isEqualTo(Verdict.VALID);
    }
  }

  @Test
  void aWrongPasswordUserRealmMethodOrUriFails() {
    DigestChallenge c = verifier.challenges("metro.example", false).get(0);
    assertThat(verify(answer(c, "ff1", "ff1-guess", "REGISTER", URI, "00000001"))).isEqualTo(Verdict.WRONG);
    assertThat(verify(answer(c, "ff2", "ff1-secret", "REGISTER", URI, "00000001"))).as("another user's name").isEqualTo(Verdict.WRONG);
    assertThat(verify(answer(c, "ff1", "ff1-secret", "PUBLISH", URI, "00000001"))).as("computed for another method").isEqualTo(Verdict.WRONG);
    assertThat(verify(answer(c, "ff1", "ff1-secret", "REGISTER", "sip:north.example", "00000001"))).as("another server").isEqualTo(Verdict.WRONG);
    DigestChallenge otherRealm = new DigestChallenge("north.example", c.nonce(), c.algorithm(), c.qop(), false, Optional.empty());
    assertThat(verify(answer(otherRealm, "ff1", "ff1-secret", "REGISTER", URI, "00000001"))).isEqualTo(Verdict.WRONG);
    assertThat(verifier.verify("REGISTER", URI, u -> false, ff1, List.of())).isEqualTo(Verdict.MISSING);
  }

  @Test
  void theServersOwnAddressIsAcceptedAsDigestUri() {
    DigestChallenge c = verifier.challenges("metro.example", false).get(1);
    assertThat(verify(answer(c, "ff1", "ff1-secret", "REGISTER", "sip:127.0.0.1:5060", "00000001"))).isEqualTo(Verdict.VALID);
  }

  @Test
  void theSameAnswerTwiceIsAReplay() {
    DigestAnswer a = answer(verifier.challenges("metro.example", false).get(0), "ff1", "ff1-secret", "REGISTER", URI, "00000001");
    assertThat(verify(a)).isEqualTo(Verdict.VALID);
    assertThat(verify(a)).isEqualTo(Verdict.REPLAYED);
    assertThat(Verdict.REPLAYED.isFailure()).isTrue();
  }

  @Test
  void aRightAnswerOverAnExpiredNonceIsStale() {
    DigestChallenge c = verifier.challenges("metro.example", false).get(0);
    clock.advance(Nonces.LIFETIME.plus(Duration.ofSeconds(1)));
    assertThat(verify(answer(c, "ff1", "ff1-secret", "REGISTER", URI, "00000001"))).isEqualTo(Verdict.STALE);
    assertThat(verify(answer(c, "ff1", "ff1-guess", "REGISTER", URI, "00000002"))).as("stale only with the right password")
        .isEqualTo(Verdict.WRONG);
  }

  @Test
  void anAlgorithmNotOfferedOrWithoutHa1Fails() {
    DigestVerifier md5Only = new DigestVerifier(List.of(DigestAlgorithm.MD5), new Nonces(clock, new SecureRandom()));
    DigestChallenge sha = verifier.challenges("metro.example", false).get(0);
    DigestChallenge forged = new DigestChallenge("metro.example", md5Only.challenges("metro.example", false).get(0).nonce(),
        sha.algorithm(), sha.qop(), false, Optional.empty());
    assertThat(md5Only.verify("REGISTER", URI, u -> false, ff1, List.of(answer(forged, "ff1", "ff1-secret", "REGISTER", URI, "00000001"))))
        .isEqualTo(Verdict.WRONG);
    UserConfig md5User = new UserConfig(ff1.id(), Set.of(), Optional.of(Credential.ofHa1(
        java.util.Map.of(DigestAlgorithm.MD5, Credential.ha1(DigestAlgorithm.MD5, "ff1", "metro.example", "ff1-secret")))));
    assertThat(verifier.verify("REGISTER", URI, u -> false, md5User,
        List.of(answer(sha, "ff1", "ff1-secret", "REGISTER", URI, "00000001")))).isEqualTo(Verdict.WRONG);
  }
}
