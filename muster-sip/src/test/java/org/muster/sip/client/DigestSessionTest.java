package org.muster.sip.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McServiceId;
import org.muster.sip.auth.DigestVerifier;
import org.muster.sip.auth.Nonces;
import org.muster.sip.stack.DigestAnswer;
import org.muster.sip.stack.DigestChallenge;

/** The client's side of digest against the server's check: the first answerable challenge, then a growing nc. */
class DigestSessionTest {
  private static final McServiceId FF1 = McServiceId.of("sip:ff1@metro.example");
  private final DigestVerifier server = new DigestVerifier(List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5),
      new Nonces(Clock.systemUTC(), new SecureRandom()));
  private final UserConfig ff1 = new UserConfig(FF1, Set.of(), Optional.of(Credential.ofPassword("ff1", "metro.example", "ff1-secret")));

  private DigestVerifier.Verdict check(String authorization) {
    return server.verify("REGISTER", "sip:metro.example", u -> false, ff1, List.of(DigestAnswer.parse(authorization).orElseThrow()));
  }

  @Test
  void answersTheFirstChallengeAndReusesItsNonceWithAGrowingCount() {
    DigestSession s = new DigestSession(FF1, Credential.ofPassword("ff1", "metro.example", "ff1-secret"));
    assertThat(s.authorization("REGISTER", "sip:metro.example")).as("nothing before a challenge").isEmpty();
    assertThat(s.challenged(server.challenges("metro.example", false))).isTrue();
    String first = s.authorization("REGISTER", "sip:metro.example").orElseThrow();
    String second = s.authorization("REGISTER", "sip:metro.example").orElseThrow();
    assertThat(DigestAnswer.parse(first).orElseThrow().algorithm()).contains("SHA-256");
    assertThat(DigestAnswer.parse(first).orElseThrow().nc()).isEqualTo("00000001");
    assertThat(DigestAnswer.parse(second).orElseThrow().nc()).isEqualTo("00000002");
    assertThat(check(first)).isEqualTo(DigestVerifier.Verdict.VALID);
    assertThat(check(second)).isEqualTo(DigestVerifier.Verdict.VALID);
    assertThat(check(first)).isEqualTo(DigestVerifier.Verdict.REPLAYED);
    s.forget();
    assertThat(s.authorization("REGISTER", "sip:metro.example")).isEmpty();
  }

  @Test
  void withOnlyAnMd5CredentialItTakesTheMd5ChallengeAndRefusesOthers() {
    String md5 = Credential.ha1(DigestAlgorithm.MD5, "ff1", "metro.example", "ff1-secret");
    DigestSession s = new DigestSession(FF1, Credential.ofHa1(java.util.Map.of(DigestAlgorithm.MD5, md5)));
    assertThat(s.challenged(server.challenges("metro.example", false))).isTrue();
    assertThat(DigestAnswer.parse(s.authorization("REGISTER", "sip:metro.example").orElseThrow()).orElseThrow().algorithm()).contains("MD5");
    DigestSession shaOnly = new DigestSession(FF1, Credential.ofHa1(java.util.Map.of(DigestAlgorithm.SHA_256,
        Credential.ha1(DigestAlgorithm.SHA_256, "ff1", "metro.example", "x"))));
    assertThat(shaOnly.challenged(List.of(server.challenges("metro.example", false).get(1)))).isFalse();
    assertThat(shaOnly.challenged(List.of(DigestChallenge.parse("Digest realm=\"metro.example\",nonce=\"n\",algorithm=SHA-256").orElseThrow())))
        .as("no qop=auth offered").isFalse();
  }
}
