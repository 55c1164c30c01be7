package org.muster.sip.stack;

import gov.nist.javax.sip.header.WWWAuthenticate;
import gov.nist.javax.sip.parser.WWWAuthenticateParser;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate: Digest} challenge of a 401 (RFC 3261 22.1, RFC 7616 3.3), read and
 * written with JAIN-SIP's header classes.
 *
 * @param algorithm absent means MD5
 * @param stale true when the previous answer was right but its nonce had expired
 */
public record DigestChallenge(String realm, String nonce, Optional<String> algorithm, Optional<String> qop, boolean stale,
    Optional<String> opaque) {
  public static final String HEADER = "WWW-Authenticate";

  /** The header value, such as {@code Digest realm="metro.example",nonce="...",qop="auth",algorithm=SHA-256}. */
  public String headerValue() {
    try {
      WWWAuthenticate h = new WWWAuthenticate();
      h.setScheme("Digest");
      h.setRealm(realm);
      h.setNonce(nonce);
      if (qop.isPresent()) h.setQop(qop.get());
      if (algorithm.isPresent()) h.setAlgorithm(algorithm.get());
      if (opaque.isPresent()) h.setOpaque(opaque.get());
      if (stale) h.setStale(true);
      return h.encodeBody(new StringBuilder()).toString();
    } catch (ParseException e) {
      throw new IllegalArgumentException("cannot write a digest challenge: " + e.getMessage(), e);
    }
  }

  /** The digest challenges of an answer, in order (other schemes and unparsable ones are skipped). */
  public static List<DigestChallenge> of(SipResponse answer) {
    List<DigestChallenge> out = new ArrayList<>();
    for (SipRequest.Header h : answer.headers()) {
      if (h.name().equalsIgnoreCase(HEADER)) parse(h.value()).ifPresent(out::add);
    }
    return out;
  }

  /** Parses one header value; empty when it is not a digest challenge. */
  public static Optional<DigestChallenge> parse(String value) {
    try {
      WWWAuthenticate h = (WWWAuthenticate) new WWWAuthenticateParser(HEADER + ": " + value.trim() + "\n").parse();
      if (h.getScheme() == null || !h.getScheme().equalsIgnoreCase("Digest") || h.getNonce() == null) return Optional.empty();
      return Optional.of(new DigestChallenge(h.getRealm() == null ? "" : h.getRealm(), h.getNonce(), Optional.ofNullable(h.getAlgorithm()),
          Optional.ofNullable(h.getQop()), h.isStale(), Optional.ofNullable(h.getOpaque())));
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
