package org.muster.bench;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;

/**
 * The client side of SIP digest (RFC 3261 22.4, RFC 7616 with {@code qop=auth}, RFC 8760) for the
 * simulated clients, which build their requests themselves: reads the server's {@code
 * WWW-Authenticate: Digest} challenges, takes the first one whose algorithm it knows (the server
 * offers them in its order of preference), and answers
 * {@code response = H(H(user:realm:password):nonce:nc:cnonce:auth:H(METHOD:uri))}. A {@link Session}
 * keeps the nonce, so that a later request can reuse it with a growing {@code nc} instead of
 * taking a new challenge.
 */
final class DigestClient {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DigestClient() {}

  /** One challenge: {@code Digest realm="...", nonce="...", qop="auth", algorithm=SHA-256, opaque="..."}. */
  record Challenge(DigestAlgorithm algorithm, String realm, String nonce, Optional<String> opaque, boolean qopAuth) {}

  /** The first challenge of {@code answer} (a 401) with an algorithm this client knows. */
  static Optional<Challenge> challenge(SipResponse answer) {
    for (SipRequest.Header h : answer.headers()) {
      if (!h.name().equalsIgnoreCase("WWW-Authenticate")) continue;
      Optional<Challenge> c = parse(h.value());
      if (c.isPresent()) return c;
    }
    return Optional.empty();
  }

  /** {@code Digest} followed by {@code name=token} or {@code name="quoted"} pairs (RFC 7616 3.3); empty if not digest or incomplete. */
  static Optional<Challenge> parse(String value) {
    String v = value.trim();
    if (v.length() < 7 || !v.substring(0, 6).equalsIgnoreCase("Digest") || !Character.isWhitespace(v.charAt(6))) return Optional.empty();
    Map<String, String> p = params(v.substring(7));
    Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(p.getOrDefault("algorithm", "MD5")); // RFC 7616 3.3: MD5 when absent
    if (algorithm.isEmpty() || !p.containsKey("realm") || !p.containsKey("nonce")) return Optional.empty();
    boolean auth = p.containsKey("qop") && List.of(p.get("qop").split(",")).stream().anyMatch(q -> q.trim().equalsIgnoreCase("auth"));
    return Optional.of(new Challenge(algorithm.get(), p.get("realm"), p.get("nonce"), Optional.ofNullable(p.get("opaque")), auth));
  }

  private static Map<String, String> params(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) i++;
      int eq = s.indexOf('=', i);
      if (eq < 0) break;
      String name = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
      StringBuilder val = new StringBuilder();
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < s.length()) i++; // quoted-pair
          val.append(s.charAt(i++));
        }
        i++; // closing quote
      } else {
        while (i < s.length() && s.charAt(i) != ',') val.append(s.charAt(i++));
      }
      out.put(name, val.toString().trim());
    }
    return out;
  }

  /** RFC 7616 3.4.1 with {@code qop=auth}: H(HA1 ":" nonce ":" nc ":" cnonce ":auth:" H(method ":" uri)). */
  static String response(DigestAlgorithm a, String ha1, String nonce, String nc, String cnonce, String method, String uri) {
    return Credential.hash(a, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + Credential.hash(a, method + ":" + uri));
  }

  /** What one client keeps between requests: the current challenge and the nonce count used with it. */
  static final class Session {
    private final String username;
    private final String password;
    private volatile Challenge challenge;
    private String ha1; // of the current challenge's realm and algorithm, as a client caches it
    private final AtomicInteger nc = new AtomicInteger();

    Session(String username, String password) {
      this.username = username;
      this.password = password;
    }

    /** Starts over with {@code c} (a fresh or stale-renewed challenge): nc restarts at 1. */
    synchronized void challenged(Challenge c) {
      challenge = c;
      ha1 = Credential.ha1(c.algorithm(), username, c.realm(), password);
      nc.set(0);
    }

    /** Forgets the nonce, as a client that starts afresh does. */
    synchronized void forget() {
      challenge = null;
      ha1 = null;
      nc.set(0);
    }

    boolean hasNonce() {
      return challenge != null;
    }

    /** The {@code Authorization} header for {@code method} to {@code uri} with the next nc; empty before the first challenge. */
    synchronized Optional<SipRequest.Header> authorization(String method, String uri) {
      Challenge c = challenge;
      if (c == null) return Optional.empty();
      StringBuilder b = new StringBuilder(320).append("Digest username=\"").append(username).append("\", realm=\"").append(c.realm())
          .append("\", nonce=\"").append(c.nonce()).append("\", uri=\"").append(uri).append("\", algorithm=").append(c.algorithm().token());
      String response;
      if (c.qopAuth()) {
        String count = String.format("%08x", nc.incrementAndGet());
        String cnonce = HexFormat.of().formatHex(nextBytes());
        response = response(c.algorithm(), ha1, c.nonce(), count, cnonce, method, uri);
        b.append(", qop=auth, nc=").append(count).append(", cnonce=\"").append(cnonce).append('"');
      } else {
        response = Credential.hash(c.algorithm(), ha1 + ":" + c.nonce() + ":" + Credential.hash(c.algorithm(), method + ":" + uri)); // RFC 2617, no qop
      }
      b.append(", response=\"").append(response).append('"');
      c.opaque().ifPresent(o -> b.append(", opaque=\"").append(o).append('"'));
      return Optional.of(new SipRequest.Header("Authorization", b.toString()));
    }

    private static byte[] nextBytes() {
      byte[] bytes = new byte[8];
      RANDOM.nextBytes(bytes);
      return bytes;
    }
  }
}
