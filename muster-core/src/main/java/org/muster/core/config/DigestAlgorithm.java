package org.muster.core.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The digest algorithms of HTTP digest authentication that the server offers (RFC 7616 3.3,
 * RFC 8760 for SIP): each names the hash used for HA1, HA2 and the response. PROVISIONING.md
 * {@code system.digest-algorithms}.
 */
public enum DigestAlgorithm {
  SHA_256("SHA-256", "SHA-256", 64),
  MD5("MD5", "MD5", 32);

  private final String token;
  private final String jdkName;
  private final int hexLength;

  DigestAlgorithm(String token, String jdkName, int hexLength) {
    this.token = token;
    this.jdkName = jdkName;
    this.hexLength = hexLength;
  }

  /** The {@code algorithm=} token on the wire and in provisioning: {@code SHA-256}, {@code MD5}. */
  public String token() {
    return token;
  }

  /** The name of the JDK's {@link java.security.MessageDigest} for it. */
  public String jdkName() {
    return jdkName;
  }

  /** How many hex digits one hash of this algorithm has (32 for MD5, 64 for SHA-256). */
  public int hexLength() {
    return hexLength;
  }

  /** The algorithm named {@code token}, case-insensitive (RFC 7616: algorithm tokens are). */
  public static Optional<DigestAlgorithm> fromToken(String token) {
    if (token == null) return Optional.empty();
    String t = token.trim().toUpperCase(Locale.ROOT);
    for (DigestAlgorithm a : values()) if (a.token.equals(t)) return Optional.of(a);
    return Optional.empty();
  }
}
