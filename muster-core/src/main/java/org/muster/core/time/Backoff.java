package org.muster.core.time;

import java.time.Duration;

/**
 * How long to wait before trying again, Muster's one retry scheme: {@code first} after the first
 * failed attempt, doubling after each further one, never more than {@code max}; at most {@code
 * retries} retries ({@link #UNBOUNDED}: until it succeeds). Times are read from the clock the
 * core is given, so tests drive every retry with a manual clock.
 */
public record Backoff(Duration first, Duration max, int retries) {
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  /** Cancels owed to partner systems (10.xx.3.3.3, 10.xx.3.3.4): 2, 4, 8, 16, 32 s, then every 60 s, until confirmed. */
  public static final Backoff PARTNER_CANCEL = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), UNBOUNDED);
  /** The store while it is down: 1, 2, 4, 8 s, then every 16 s. */
  /** A GMS sharing its preconfigured groups with a partner's GMS (10.xx.3.3.1): until it takes them. */
  public static final Backoff GROUP_SHARING = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), UNBOUNDED);
  public static final Backoff STORE = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(16), UNBOUNDED);
  /** The change feed's LISTEN connection to a shared store, lost: 0.1, 0.2, 0.4 ... s, then every 5 s. */
  public static final Backoff CHANGE_FEED = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), UNBOUNDED);
  /** A request or cancel to a client that got no answer (10.xx.2.2, 10.xx.2.8): after 2, 4 and 8 s, then at its next registration. */
  public static final Backoff CLIENT_DELIVERY = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(8), 3);
  /** A partner's member report the primary did not take yet: after 2, 4 and 8 s. */
  public static final Backoff MEMBER_REPORT = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(8), 3);

  public Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || retries < 0) {
      throw new IllegalArgumentException("backoff: first > 0, max >= first, retries >= 0; was " + first + ", " + max + ", " + retries);
    }
  }

  /** The wait after {@code failedAttempts} (1 or more) attempts failed. */
  public Duration after(int failedAttempts) {
    if (failedAttempts < 1) throw new IllegalArgumentException("failed attempts: " + failedAttempts);
    int doublings = Math.min(failedAttempts - 1, 30);
    Duration d = first.multipliedBy(1L << doublings);
    return d.compareTo(max) > 0 ? max : d;
  }

  /** True when another attempt may follow {@code failedAttempts} failed ones. */
  public boolean triesAgainAfter(int failedAttempts) {
    return retries == UNBOUNDED || failedAttempts <= retries;
  }
}
