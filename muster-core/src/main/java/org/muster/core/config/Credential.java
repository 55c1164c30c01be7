package org.muster.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A user's digest credential as the server keeps it (PROVISIONING.md {@code password}, {@code
 * ha1-md5}, {@code ha1-sha256}): only HA1 = H(username ":" realm ":" password) per algorithm,
 * lower-case hex (RFC 7616 3.4.2). The password itself is never kept, and {@link #toString()}
 * shows no hash.
 */
public final class Credential {
  private final Map<DigestAlgorithm, String> ha1;

  private Credential(Map<DigestAlgorithm, String> ha1) {
    if (ha1.isEmpty()) throw new IllegalArgumentException("a credential needs at least one HA1");
    this.ha1 = Map.copyOf(ha1);
  }

  /** HA1 of {@code password} for every algorithm. */
  public static Credential ofPassword(String username, String realm, String password) {
    Objects.requireNonNull(password, "password");
    Map<DigestAlgorithm, String> m = new EnumMap<>(DigestAlgorithm.class);
    for (DigestAlgorithm a : DigestAlgorithm.values()) m.put(a, ha1(a, username, realm, password));
    return new Credential(m);
  }

  /**
   * Provisioned HA1 values, one per algorithm: hex of the algorithm's length (checked), kept in
   * lower case.
   */
  public static Credential ofHa1(Map<DigestAlgorithm, String> hexByAlgorithm) {
    Map<DigestAlgorithm, String> m = new EnumMap<>(DigestAlgorithm.class);
    hexByAlgorithm.forEach((a, hex) -> {
      if (!isHex(hex, a.hexLength())) {
        throw new IllegalArgumentException("HA1 for " + a.token() + " must be " + a.hexLength() + " hex digits");
      }
      m.put(a, hex.toLowerCase(java.util.Locale.ROOT));
    });
    return new Credential(m);
  }

  /** True when {@code text} is exactly {@code length} hex digits. */
  public static boolean isHex(String text, int length) {
    if (text == null || text.length() != length) return false;
    for (int i = 0; i < text.length(); i++) if (Character.digit(text.charAt(i), 16) < 0) return false;
    return true;
  }

  /** H(username ":" realm ":" password) in lower-case hex. */
  public static String ha1(DigestAlgorithm a, String username, String realm, String password) {
    return hash(a, username + ":" + realm + ":" + password);
  }

  /** The algorithm's hash of {@code text} (UTF-8) in lower-case hex. */
  public static String hash(DigestAlgorithm a, String text) {
    try {
      byte[] d = MessageDigest.getInstance(a.jdkName()).digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + a.jdkName(), e); // both are mandatory in every JDK
    }
  }

  /** HA1 for {@code a}, when this credential has one. */
  public Optional<String> ha1(DigestAlgorithm a) {
    return Optional.ofNullable(ha1.get(a));
  }

  /** The algorithms this credential can answer. */
  public Set<DigestAlgorithm> algorithms() {
    return ha1.keySet();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credential c && c.ha1.equals(ha1);
  }

  @Override
  public int hashCode() {
    return ha1.hashCode();
  }

  @Override
  public String toString() {
    return "Credential" + algorithms();
  }
}
