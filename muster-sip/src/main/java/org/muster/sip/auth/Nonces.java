package org.muster.sip.auth;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's nonces (RFC 7616 3.3, 5.5): each is its issue time, 16 random bytes and an
 * HMAC-SHA256 over both under a key that lives as long as the server, so a nonce needs no state
 * until it is used and nobody else can make one. A nonce is good for {@link #LIFETIME}; the
 * highest nonce count answered with it is kept until it expires, and an answer must bring a
 * higher one (no replay). State is kept only for nonces that were answered with valid
 * credentials, so requests from strangers cost no memory.
 */
public final class Nonces {
  /** How long a nonce is good for (WIRE.md: 5 minutes). */
  public static final Duration LIFETIME = Duration.ofMinutes(5);
  private static final int RANDOM_BYTES = 16;
  private static final int MAC_BYTES = 16;
  private static final int SWEEP_AT = 4096;

  /** What a presented nonce is. */
  public enum Check {
    /** Made by this server, within its lifetime. */
    FRESH,
    /** Made by this server, too old now (answer 401 with {@code stale=true}). */
    EXPIRED,
    /** Not one of ours (another instance's, or forged). */
    UNKNOWN
  }

  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random;
  private final SecretKeySpec key;
  /** Highest nonce count answered, per used nonce. */
  private final Map<String, Long> highestCount = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong();

  public Nonces(Clock clock, SecureRandom random) {
    this(clock, LIFETIME, random);
  }

  /** With another lifetime (tests). */
  public Nonces(Clock clock, Duration lifetime, SecureRandom random) {
    this.clock = clock;
    this.lifetime = lifetime;
    this.random = random;
    byte[] k = new byte[32];
    random.nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
  }

  /** A new nonce: base64url of issue time (ms), random bytes and the MAC. */
  public String issue() {
    byte[] r = new byte[RANDOM_BYTES];
    random.nextBytes(r);
    ByteBuffer b = ByteBuffer.allocate(8 + RANDOM_BYTES + MAC_BYTES);
    b.putLong(clock.millis()).put(r);
    b.put(mac(b.array(), 8 + RANDOM_BYTES));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** Whether {@code nonce} is ours and still good. */
  public Check check(String nonce) {
    long issued = issuedAt(nonce);
    if (issued < 0) return Check.UNKNOWN;
    long age = clock.millis() - issued;
    if (age < 0) return Check.UNKNOWN;
    return age > lifetime.toMillis() ? Check.EXPIRED : Check.FRESH;
  }

  /**
   * Records that {@code nonce} (checked {@link Check#FRESH}) was answered with count {@code nc};
   * false when that count, or a higher one, was answered before: a replay.
   */
  public boolean countGrows(String nonce, long nc) {
    sweepNowAndThen();
    long[] before = {0};
    highestCount.compute(nonce, (n, last) -> {
      before[0] = last == null ? 0 : last;
      return last == null || nc > last ? nc : last;
    });
    return nc > before[0];
  }

  /** Used nonces remembered (for tests and metrics). */
  public int remembered() {
    return highestCount.size();
  }

  private void sweepNowAndThen() {
    long now = clock.millis();
    long last = lastSweep.get();
    if (highestCount.size() < SWEEP_AT && now - last < lifetime.toMillis()) return;
    if (now - last < 1000 || !lastSweep.compareAndSet(last, now)) return;
    highestCount.keySet().removeIf(n -> now - issuedAt(n) > lifetime.toMillis());
  }

  /** The issue time of a nonce whose MAC is right; -1 otherwise. */
  private long issuedAt(String nonce) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    if (raw.length != 8 + RANDOM_BYTES + MAC_BYTES) return -1;
    byte[] expected = mac(raw, 8 + RANDOM_BYTES);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, 8 + RANDOM_BYTES, raw.length))) return -1;
    return ByteBuffer.wrap(raw).getLong();
  }

  private byte[] mac(byte[] data, int length) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      m.update(data, 0, length);
      return Arrays.copyOf(m.doFinal(), MAC_BYTES);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is missing from the JDK", e); // mandatory in every JDK
    }
  }
}
