package org.muster.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;

/**
 * One preconfigured group as its home group management server (GMS) shares it with the GMS of a
 * partner MC system (TS 23.280 10.2.7, 10.xx.3.3.1), an entry of a {@link
 * GroupConfigurationDocument}.
 *
 * <p>The key material is kept as a {@code byte[]}, copied on the way in and on the way out
 * ({@link #keyMaterial()} returns a fresh copy), so an entry is immutable. {@link #equals} and
 * {@link #hashCode} compare the material's content, not the array's identity, and {@link
 * #toString} shows only its length: an entry can be logged without its key.
 *
 * @param uri the MC service group ID
 * @param services the MC services of the group, 1 to 3 (kept in {@link McService} order)
 * @param preconfiguredRegroupOnly the group is only used by preconfigured regrouping (a template)
 * @param broadcast the group is a broadcast group
 * @param version the group configuration's version at its home GMS ({@link #isToken})
 * @param keyId the identifier of the group's security parameters ({@link #isToken}); present
 *     exactly when {@code keyMaterial} is
 * @param keyMaterial the key material, {@link #MIN_KEY_BYTES} to {@link #MAX_KEY_BYTES} bytes
 */
public record SharedGroupEntry(
    McServiceGroupId uri,
    Set<McService> services,
    boolean preconfiguredRegroupOnly,
    boolean broadcast,
    String version,
    Optional<String> keyId,
    Optional<byte[]> keyMaterial) {
  /** Shortest key material in bytes (128 bits). */
  public static final int MIN_KEY_BYTES = 16;
  /** Longest key material in bytes. */
  public static final int MAX_KEY_BYTES = 64;

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public SharedGroupEntry {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(services, "services");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(keyMaterial, "keyMaterial");
    if (services.isEmpty()) throw new IllegalArgumentException("a shared group has at least one MC service: " + uri);
    services = Collections.unmodifiableSet(EnumSet.copyOf(services));
    if (!isToken(version)) throw new IllegalArgumentException("not a version token: '" + version + "'");
    if (keyId.isPresent() != keyMaterial.isPresent()) {
      throw new IllegalArgumentException("key ID and key material come together: " + uri);
    }
    if (keyId.isPresent() && !isToken(keyId.get())) throw new IllegalArgumentException("not a key ID token: '" + keyId.get() + "'");
    keyMaterial = keyMaterial.map(byte[]::clone);
    int bytes = keyMaterial.map(k -> k.length).orElse(MIN_KEY_BYTES);
    if (bytes < MIN_KEY_BYTES || bytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key material of " + bytes + " bytes, not " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES);
    }
  }

  /** A group shared without security parameters. */
  public static SharedGroupEntry withoutKey(
      McServiceGroupId uri, Set<McService> services, boolean preconfiguredRegroupOnly, boolean broadcast, String version) {
    return new SharedGroupEntry(uri, services, preconfiguredRegroupOnly, broadcast, version, Optional.empty(), Optional.empty());
  }

  /** True for a version or key ID token: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
  public static boolean isToken(String s) {
    return s != null && TOKEN.matcher(s).matches();
  }

  /** A copy of the key material, if the group has security parameters. */
  @Override
  public Optional<byte[]> keyMaterial() {
    return keyMaterial.map(byte[]::clone);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SharedGroupEntry e
        && uri.equals(e.uri)
        && services.equals(e.services)
        && preconfiguredRegroupOnly == e.preconfiguredRegroupOnly
        && broadcast == e.broadcast
        && version.equals(e.version)
        && keyId.equals(e.keyId)
        && Arrays.equals(keyMaterial.orElse(null), e.keyMaterial.orElse(null));
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(uri, services, preconfiguredRegroupOnly, broadcast, version, keyId)
        + keyMaterial.map(Arrays::hashCode).orElse(0);
  }

  /** Everything but the key material, of which only the length shows. */
  @Override
  public String toString() {
    return "SharedGroupEntry[uri=" + uri + ", services=" + services + ", preconfiguredRegroupOnly=" + preconfiguredRegroupOnly
        + ", broadcast=" + broadcast + ", version=" + version + ", keyId=" + keyId.orElse("-")
        + ", keyMaterial=" + keyMaterial.map(k -> k.length + " bytes").orElse("-") + "]";
  }
}
