package org.muster.core.port;

import java.time.Instant;
import java.util.Optional;
import org.muster.core.regroup.HistoryEntry;

/**
 * A page of the regroup history to read ({@link StateStore#history}), newest first: at most
 * {@code limit} entries older than the entry {@code before} (the {@link HistoryPage#next()} of the
 * page before), narrowed by the filters given: {@code group} the regroup group or a listed group,
 * {@code requester}, {@code event}, and a time from {@code since} (inclusive) to {@code until}
 * (exclusive).
 */
public record HistoryQuery(
    int limit,
    Optional<Long> before,
    Optional<String> group,
    Optional<String> requester,
    Optional<HistoryEntry.Event> event,
    Optional<Instant> since,
    Optional<Instant> until) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public HistoryQuery {
    if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit " + limit + " not in 1.." + MAX_LIMIT);
  }

  /** The newest {@code limit} entries, unfiltered. */
  public static HistoryQuery newest(int limit) {
    return new HistoryQuery(limit, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
