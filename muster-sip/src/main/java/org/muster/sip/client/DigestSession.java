package org.muster.sip.client;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McServiceId;
import org.muster.sip.auth.DigestVerifier;
import org.muster.sip.stack.DigestAnswer;
import org.muster.sip.stack.DigestChallenge;

/**
 * A client's side of SIP digest (RFC 3261 22.2, RFC 7616 3.4 with {@code qop=auth}): answers the
 * first challenge it has a credential for (the server lists its preferred algorithm first), then
 * reuses that nonce with a growing nonce count for the next requests, so that a refresh costs one
 * round trip, until the server challenges again. {@link McClient} uses it; so do the benchmark's
 * simulated clients, which build their requests themselves.
 */
public final class DigestSession {
  private final McServiceId user;
  private final Credential credential;
  private final SecureRandom random = new SecureRandom();
  private DigestChallenge current;
  private long count;

  public DigestSession(McServiceId user, Credential credential) {
    this.user = user;
    this.credential = credential;
  }

  /** Takes the challenges of a 401; false when none can be answered with this credential. */
  public synchronized boolean challenged(List<DigestChallenge> challenges) {
    for (DigestChallenge c : challenges) {
      Optional<DigestAlgorithm> a = DigestAlgorithm.fromToken(c.algorithm().orElse("MD5"));
      if (a.isPresent() && credential.ha1(a.get()).isPresent() && c.qop().map(q -> q.toLowerCase().contains("auth")).orElse(false)) {
        current = c;
        count = 0;
        return true;
      }
    }
    return false;
  }

  /** Forgets the nonce, as a client that starts afresh does. */
  public synchronized void forget() {
    current = null;
    count = 0;
  }

  /** The Authorization header value for a {@code method} request to {@code uri}, once challenged. */
  public synchronized Optional<String> authorization(String method, String uri) {
    if (current == null) return Optional.empty();
    DigestAlgorithm a = DigestAlgorithm.fromToken(current.algorithm().orElse("MD5")).orElseThrow();
    String nc = String.format("%08x", ++count);
    byte[] c = new byte[8];
    random.nextBytes(c);
    String cnonce = HexFormat.of().formatHex(c);
    String ha1 = credential.ha1(a).orElseThrow();
    String response = DigestVerifier.response(a, ha1, method, uri, current.nonce(), nc, cnonce, "auth");
    return Optional.of(new DigestAnswer(UserConfig.digestUsername(user), current.realm(), current.nonce(), uri, response,
        current.algorithm(), cnonce, nc, "auth", current.opaque()).headerValue());
  }
}
