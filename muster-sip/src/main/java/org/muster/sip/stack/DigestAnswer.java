package org.muster.sip.stack;

import gov.nist.javax.sip.header.Authorization;
import gov.nist.javax.sip.parser.AuthorizationParser;
import java.text.ParseException;
import java.util.Optional;

/**
 * One {@code Authorization: Digest} header (RFC 3261 22.4, RFC 7616 3.4): the client's answer to a
 * challenge. Read and written with JAIN-SIP's header classes, so quoting and escaping follow the
 * RI's grammar; the values are kept exactly as sent, since the digest is computed over them.
 *
 * @param algorithm absent means MD5 (RFC 7616 3.3)
 * @param nc the nonce count as sent, eight hex digits
 */
public record DigestAnswer(
    String username, String realm, String nonce, String uri, String response, Optional<String> algorithm, String cnonce,
    String nc, String qop, Optional<String> opaque) {

  /** Parses one header value ({@code Digest username="...", ...}); empty when it is not a digest answer. */
  public static Optional<DigestAnswer> parse(String value) {
    try {
      Authorization h = (Authorization) new AuthorizationParser("Authorization: " + value.trim() + "\n").parse();
      return of(h);
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The answer in a parsed header; empty when it is not a digest answer. */
  static Optional<DigestAnswer> of(Authorization h) {
    if (h.getScheme() == null || !h.getScheme().equalsIgnoreCase("Digest")) return Optional.empty();
    return Optional.of(new DigestAnswer(text(h, "username"), text(h, "realm"), text(h, "nonce"), text(h, "uri"), text(h, "response"),
        Optional.ofNullable(h.getParameter("algorithm")), text(h, "cnonce"), text(h, "nc"), text(h, "qop"),
        Optional.ofNullable(h.getParameter("opaque"))));
  }

  private static String text(Authorization h, String name) {
    String v = h.getParameter(name);
    return v == null ? "" : v;
  }

  /** The header value, built with JAIN-SIP's {@code Authorization} header. */
  public String headerValue() {
    try {
      Authorization h = new Authorization();
      h.setScheme("Digest");
      h.setUsername(username);
      h.setRealm(realm);
      h.setNonce(nonce);
      h.setParameter("uri", uri);
      h.setResponse(response);
      if (algorithm.isPresent()) h.setAlgorithm(algorithm.get());
      h.setCNonce(cnonce);
      h.setQop(qop);
      h.setParameter("nc", nc);
      if (opaque.isPresent()) h.setOpaque(opaque.get());
      return h.encodeBody(new StringBuilder()).toString();
    } catch (ParseException e) {
      throw new IllegalArgumentException("cannot write a digest answer: " + e.getMessage(), e);
    }
  }
}
