package org.muster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;

class DigestClientTest {
  @Test
  void responsesMatchTheExamplesOfRfc7616() {
    // RFC 7616 3.9.1: Mufasa, "Circle of Life", GET /dir/index.html
    String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    String realm = "http-auth@example.org";
    assertThat(DigestClient.response(DigestAlgorithm.MD5, Credential.ha1(DigestAlgorithm.MD5, "Mufasa", realm, "Circle of Life"), nonce,
        "00000001", cnonce, "GET", "/dir/index.html")).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    assertThat(DigestClient.response(DigestAlgorithm.SHA_256, Credential.ha1(DigestAlgorithm.SHA_256, "Mufasa", realm, "Circle of Life"),
        nonce, "00000001", cnonce, "GET", "/dir/index.html")).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void takesTheFirstChallengeItKnowsAsTheServerOffersThem() {
    SipResponse challenge = new SipResponse(401, "Unauthorized", List.of(
        new SipRequest.Header("WWW-Authenticate", "Digest realm=\"metro.example\", nonce=\"abc,def\", qop=\"auth\", algorithm=SHA-256"),
        new SipRequest.Header("WWW-Authenticate", "Digest realm=\"metro.example\", nonce=\"abc,def\", qop=\"auth\", algorithm=MD5")),
        new byte[0]);
    assertThat(DigestClient.challenge(challenge)).contains(
        new DigestClient.Challenge(DigestAlgorithm.SHA_256, "metro.example", "abc,def", Optional.empty(), true));
    assertThat(DigestClient.parse("Digest realm=\"r\",nonce=\"n\",algorithm=SHA-512-256,qop=\"auth\"")).isEmpty();
    assertThat(DigestClient.parse("Bearer realm=\"r\"")).isEmpty();
    assertThat(DigestClient.parse("Digest realm=\"r\",nonce=\"n\",opaque=\"o\"")).contains(
        new DigestClient.Challenge(DigestAlgorithm.MD5, "r", "n", Optional.of("o"), false));
  }

  @Test
  void answersWithAGrowingNonceCountUntilForgotten() {
    DigestClient.Session s = new DigestClient.Session("ff1", "ff1-secret");
    assertThat(s.authorization("REGISTER", "sip:metro.example")).isEmpty();
    s.challenged(new DigestClient.Challenge(DigestAlgorithm.SHA_256, "metro.example", "n0nce", Optional.empty(), true));
    Map<String, String> first = params(s.authorization("REGISTER", "sip:metro.example").orElseThrow().value());
    Map<String, String> second = params(s.authorization("REGISTER", "sip:metro.example").orElseThrow().value());
    assertThat(first.get("nc")).isEqualTo("00000001");
    assertThat(second.get("nc")).isEqualTo("00000002");
    for (Map<String, String> a : List.of(first, second)) {
      assertThat(a).containsEntry("username", "ff1").containsEntry("realm", "metro.example").containsEntry("nonce", "n0nce")
          .containsEntry("uri", "sip:metro.example").containsEntry("algorithm", "SHA-256").containsEntry("qop", "auth");
      String ha1 = Credential.ha1(DigestAlgorithm.SHA_256, "ff1", "metro.example", "ff1-secret");
      assertThat(a.get("response")).isEqualTo(Credential.hash(DigestAlgorithm.SHA_256, ha1 + ":n0nce:" + a.get("nc") + ":" + a.get("cnonce")
          + ":auth:" + Credential.hash(DigestAlgorithm.SHA_256, "REGISTER:sip:metro.example")));
    }
    assertThat(first.get("cnonce")).isNotEqualTo(second.get("cnonce"));
    s.forget();
    assertThat(s.hasNonce()).isFalse();
    assertThat(s.authorization("REGISTER", "sip:metro.example")).isEmpty();
  }

  private static Map<String, String> params(String authorization) {
    assertThat(authorization).startsWith("Digest ");
    Map<String, String> m = new java.util.HashMap<>();
    Matcher x = Pattern.compile("([a-z]+)=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(authorization);
    while (x.find()) m.put(x.group(1), x.group(2) != null ? x.group(2) : x.group(3));
    return m;
  }
}
