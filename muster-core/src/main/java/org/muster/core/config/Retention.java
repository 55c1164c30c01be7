package org.muster.core.config;

import java.time.Duration;

/**
 * PROVISIONING.md {@code system.retention}: how long cancelled regroups (with their lists and
 * member steps) stay in the store. A cancelled regroup goes once it is older than {@code days},
 * or once {@code regroups} newer cancelled regroups are kept, whichever comes first. The regroup
 * history (its audit lines) has its own, longer retention: {@code historyDays}.
 */
public record Retention(int days, int regroups, int historyDays) {
  public static final int DEFAULT_DAYS = 30;
  public static final int DEFAULT_HISTORY_DAYS = 365;
  public static final int DEFAULT_REGROUPS = 10_000;
  public static final int MAX_DAYS = 36_500;
  public static final int MAX_REGROUPS = 100_000_000;

  /** With the history kept {@link #DEFAULT_HISTORY_DAYS}. */
  public Retention(int days, int regroups) {
    this(days, regroups, DEFAULT_HISTORY_DAYS);
  }

  public Retention {
    if (historyDays < 1 || historyDays > MAX_DAYS) {
      throw new IllegalArgumentException("retention historyDays " + historyDays + " not in 1.." + MAX_DAYS);
    }
    if (days < 1 || days > MAX_DAYS) throw new IllegalArgumentException("retention days " + days + " not in 1.." + MAX_DAYS);
    if (regroups < 1 || regroups > MAX_REGROUPS) {
      throw new IllegalArgumentException("retention regroups " + regroups + " not in 1.." + MAX_REGROUPS);
    }
  }

  /** 30 days or 10,000 cancelled regroups; the history 365 days. */
  public static Retention defaults() {
    return new Retention(DEFAULT_DAYS, DEFAULT_REGROUPS);
  }

  public Duration maxAge() {
    return Duration.ofDays(days);
  }

  /** How long a line of the regroup history is kept. */
  public Duration historyAge() {
    return Duration.ofDays(historyDays);
  }
}
