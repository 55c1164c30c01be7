package org.muster.core.config;

import java.time.Duration;

/**
 * PROVISIONING.md {@code system.retention}: how long cancelled regroups (with their lists and
 * member steps) stay in the store. A cancelled regroup goes once it is older than {@code days},
 * or once {@code regroups} newer cancelled regroups are kept, whichever comes first.
 */
public record Retention(int days, int regroups) {
  public static final int DEFAULT_DAYS = 30;
  public static final int DEFAULT_REGROUPS = 10_000;
  public static final int MAX_DAYS = 36_500;
  public static final int MAX_REGROUPS = 100_000_000;

  public Retention {
    if (days < 1 || days > MAX_DAYS) throw new IllegalArgumentException("retention days " + days + " not in 1.." + MAX_DAYS);
    if (regroups < 1 || regroups > MAX_REGROUPS) {
      throw new IllegalArgumentException("retention regroups " + regroups + " not in 1.." + MAX_REGROUPS);
    }
  }

  /** 30 days or 10,000 cancelled regroups. */
  public static Retention defaults() {
    return new Retention(DEFAULT_DAYS, DEFAULT_REGROUPS);
  }

  public Duration maxAge() {
    return Duration.ofDays(days);
  }
}
