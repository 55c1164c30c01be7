package org.muster.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.config.UserConfig;
import org.muster.sip.stack.DigestAnswer;
import org.muster.sip.stack.DigestChallenge;

/**
 * Checks a digest answer against a user's credential (RFC 7616 3.4.1 with {@code qop=auth}, the
 * only quality of protection offered): response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":"
 * H(method ":" digest-uri)), compared in constant time; the nonce must be ours and fresh, and its
 * count must grow. Makes the challenges of a 401: one per offered algorithm, in order.
 */
public final class DigestVerifier {
  private static final Pattern NONCE_COUNT = Pattern.compile("[0-9a-fA-F]{8}");

  /** What an answer proved. */
  public enum Verdict {
    /** The user's credentials, over a fresh nonce, with a count never used before. */
    VALID,
    /** No answer for this user and realm (the request gets a first challenge). */
    MISSING,
    /** An answer that does not fit the user's credential, or a malformed one: a failed attempt. */
    WRONG,
    /** Right credentials over a nonce count answered before: a replay, a failed attempt. */
    REPLAYED,
    /** Right credentials over an expired nonce of ours: challenge again with {@code stale=true}. */
    STALE,
    /** Right credentials over a nonce that is not ours (another instance's, or before a restart). */
    FOREIGN_NONCE;

    /** True when the answer counts as a failed attempt against the source's limits. */
    public boolean isFailure() {
      return this == WRONG || this == REPLAYED;
    }
  }

  private final List<DigestAlgorithm> offered;
  private final Nonces nonces;

  public DigestVerifier(List<DigestAlgorithm> offered, Nonces nonces) {
    if (offered.isEmpty()) throw new IllegalArgumentException("no digest algorithm offered");
    this.offered = List.copyOf(offered);
    this.nonces = nonces;
  }

  /**
   * RFC 7616 3.4.1 with {@code qop=auth}: KD(HA1, nonce ":" nc ":" cnonce ":" qop ":" H(method ":"
   * digest-uri)) in lower-case hex, for the client's answer and the server's check alike.
   */
  public static String response(DigestAlgorithm a, String ha1, String method, String uri, String nonce, String nc, String cnonce,
      String qop) {
    String ha2 = Credential.hash(a, method + ":" + uri);
    return Credential.hash(a, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  /** The challenges of a 401 for {@code realm}: one per offered algorithm, each with a new nonce. */
  public List<DigestChallenge> challenges(String realm, boolean stale) {
    List<DigestChallenge> out = new ArrayList<>();
    for (DigestAlgorithm a : offered) {
      out.add(new DigestChallenge(realm, nonces.issue(), Optional.of(a.token()), Optional.of("auth"), stale, Optional.empty()));
    }
    return out;
  }

  /**
   * Checks the answers of a {@code method} request to {@code requestUri} from {@code user}. The
   * digest-uri must be the Request-URI (RFC 3261 22.4) or another URI of this server ({@code
   * ours}): clients such as sipp put the server's address there.
   */
  public Verdict verify(String method, String requestUri, Predicate<String> ours, UserConfig user, List<DigestAnswer> answers) {
    Optional<DigestAnswer> mine = answers.stream()
        .filter(a -> a.username().equals(user.digestUsername()) && a.realm().equalsIgnoreCase(user.realm()))
        .findFirst();
    if (mine.isEmpty()) return answers.isEmpty() ? Verdict.MISSING : Verdict.WRONG;
    DigestAnswer a = mine.get();
    Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(a.algorithm().orElse("MD5")).filter(offered::contains);
    Optional<Credential> credential = user.credential();
    if (algorithm.isEmpty() || credential.isEmpty() || credential.get().ha1(algorithm.get()).isEmpty()) return Verdict.WRONG;
    if (!a.qop().equalsIgnoreCase("auth") || a.cnonce().isEmpty() || !NONCE_COUNT.matcher(a.nc()).matches()) return Verdict.WRONG;
    if (!a.uri().trim().equalsIgnoreCase(requestUri.trim()) && !ours.test(a.uri().trim())) return Verdict.WRONG;
    DigestAlgorithm alg = algorithm.get();
    String expected = response(alg, credential.get().ha1(alg).get(), method, a.uri(), a.nonce(), a.nc(), a.cnonce(), a.qop());
    byte[] given = a.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given)) return Verdict.WRONG;
    return switch (nonces.check(a.nonce())) {
      case UNKNOWN -> Verdict.FOREIGN_NONCE;
      case EXPIRED -> Verdict.STALE;
      case FRESH -> nonces.countGrows(a.nonce(), Long.parseLong(a.nc(), 16)) ? Verdict.VALID : Verdict.REPLAYED;
    };
  }

}
