package org.muster.app.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.muster.core.config.HostPort;

/**
 * Who may use the admin API. With a token ({@code system.admin-token}, or the environment
 * variable {@value #TOKEN_VARIABLE} when the file has none), every route needs {@code
 * Authorization: Bearer TOKEN}. Without one, the API must listen on a loopback address; there,
 * reading ({@code GET}, {@code HEAD}) is open to the processes of this host and changing
 * anything ({@code POST}, {@code PUT}, {@code DELETE}, any other method) is refused.
 */
public final class AdminAccess {
  /** Where the admin token comes from when the provisioning file has no {@code system.admin-token}. */
  public static final String TOKEN_VARIABLE = "MUSTER_ADMIN_TOKEN";
  static final String REALM = "muster-admin";

  /** What a request may do. */
  public enum Verdict {
    /** Go ahead. */
    ALLOWED,
    /** 401: a token is configured and the request has none. */
    NO_TOKEN,
    /** 401: the request's token is not the configured one (or not a Bearer token). */
    WRONG_TOKEN,
    /** 403: no token is configured, and the request would change something. */
    READ_ONLY
  }

  /** SHA-256 of the token: compared digest to digest, so the time taken tells nothing of its length or content. */
  private final Optional<byte[]> tokenDigest;

  private AdminAccess(Optional<byte[]> tokenDigest) {
    this.tokenDigest = tokenDigest;
  }

  /**
   * The access rule of an admin API listening on {@code address}; refuses (with the operator's
   * message) a non-loopback address without a token.
   *
   * @throws IllegalArgumentException when {@link #exposureProblem} finds one
   */
  public static AdminAccess of(HostPort address, Optional<String> token) {
    Objects.requireNonNull(token, "token");
    Optional<String> problem = exposureProblem(address, token);
    if (problem.isPresent()) throw new IllegalArgumentException("system.http: " + problem.get());
    return new AdminAccess(token.map(AdminAccess::digest));
  }

  /**
   * Why the admin API must not listen on {@code address} with {@code token}: a non-loopback
   * address (any interface, a LAN address, a name that does not resolve to loopback) without a
   * token. Empty when it may.
   */
  public static Optional<String> exposureProblem(HostPort address, Optional<String> token) {
    if (token.isPresent() || isLoopback(address.host())) return Optional.empty();
    return Optional.of(address + " is not a loopback address, and no admin token is configured: set system.admin-token"
        + " (at least 16 characters, or ${NAME} of an environment variable) or the environment variable " + TOKEN_VARIABLE
        + ", or listen on 127.0.0.1");
  }

  /** True when {@code host} is (or resolves to) a loopback address; false for the wildcard, other addresses and unknown names. */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean hasToken() {
    return tokenDigest.isPresent();
  }

  /** The verdict on a request with {@code method} and its {@code Authorization} header (null when absent). */
  public Verdict check(String method, String authorization) {
    if (tokenDigest.isEmpty()) return isReadOnly(method) ? Verdict.ALLOWED : Verdict.READ_ONLY;
    if (authorization == null || authorization.isBlank()) return Verdict.NO_TOKEN;
    Optional<String> presented = bearer(authorization);
    if (presented.isEmpty()) return Verdict.WRONG_TOKEN;
    return MessageDigest.isEqual(tokenDigest.get(), digest(presented.get())) ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
  }

  static boolean isReadOnly(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  /** The token of {@code Bearer TOKEN} (RFC 6750 2.1; the scheme is case-insensitive, RFC 7235 2.1). */
  static Optional<String> bearer(String authorization) {
    String a = authorization.trim();
    int space = a.indexOf(' ');
    if (space < 0 || !a.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) return Optional.empty();
    String token = a.substring(space + 1).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e); // mandatory in every JDK
    }
  }
}
