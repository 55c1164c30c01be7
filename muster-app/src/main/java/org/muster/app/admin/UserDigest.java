package org.muster.app.admin;

import com.sun.net.httpserver.HttpExchange;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.muster.core.config.UserConfig;
import org.muster.core.config.McSystemConfig;
import org.muster.sip.auth.DigestVerifier;
import org.muster.sip.auth.Nonces;
import org.muster.sip.stack.DigestAnswer;
import org.muster.sip.stack.DigestChallenge;

/**
 * An MC user signing in over HTTP with its SIP credentials: HTTP Digest (RFC 7616, {@code
 * qop=auth}), realm = the user's domain, username = the user part of its MC service ID, the
 * algorithms of {@code system.digest-algorithms} ({@link ClientGroupsRoute}, the console's actions).
 */
final class UserDigest {
  private final DigestVerifier verifier;

  UserDigest(McSystemConfig config) {
    this.verifier = new DigestVerifier(config.system().security().digestAlgorithms(), new Nonces(Clock.systemUTC(), new SecureRandom()));
  }

  /**
   * True for {@code user}'s own valid answer to a request for {@code path}; else a 401 with fresh
   * challenges ({@code stale=true} for an old nonce) and a JSON error is sent.
   */
  boolean authenticated(HttpExchange ex, UserConfig user, String path) throws java.io.IOException {
    return authenticated(ex, user, path, DigestChallenge.HEADER);
  }

  /**
   * As {@link #authenticated(HttpExchange, UserConfig, String)}, the challenges in {@code
   * challengeHeader}: the console's page answers them itself, so they must not be in {@code
   * WWW-Authenticate}, where the browser would take them and ask for a password in its own dialog.
   */
  boolean authenticated(HttpExchange ex, UserConfig user, String path, String challengeHeader) throws java.io.IOException {
    List<DigestAnswer> answers = new ArrayList<>();
    for (String h : ex.getRequestHeaders().getOrDefault("Authorization", List.of())) DigestAnswer.parse(h).ifPresent(answers::add);
    DigestVerifier.Verdict v = verifier.verify(ex.getRequestMethod(), path, p -> false, user, answers);
    if (v == DigestVerifier.Verdict.VALID) return true;
    boolean stale = v == DigestVerifier.Verdict.STALE || v == DigestVerifier.Verdict.FOREIGN_NONCE;
    for (DigestChallenge c : verifier.challenges(user.realm(), stale)) ex.getResponseHeaders().add(challengeHeader, c.headerValue());
    String error = v == DigestVerifier.Verdict.MISSING ? "authenticate as " + user.id().uri() + " (HTTP Digest, your SIP credentials)"
        : stale ? "the nonce is old or used: answer the new challenge" : "wrong credentials for " + user.id().uri();
    AdminHttp.send(ex, 401, "application/json", AdminHttp.json(Map.of("error", error, "username", user.digestUsername(), "stale", stale)));
    return false;
  }
}
