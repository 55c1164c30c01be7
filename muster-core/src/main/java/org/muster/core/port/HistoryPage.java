package org.muster.core.port;

import java.util.List;
import java.util.Optional;
import org.muster.core.regroup.HistoryEntry;

/**
 * A page of the regroup history, newest first; {@code next} is the {@link HistoryQuery#before()}
 * of the page after it (empty: this is the last).
 */
public record HistoryPage(List<Line> entries, Optional<Long> next) {
  public HistoryPage {
    entries = List.copyOf(entries);
  }

  /** One entry as stored: its id (monotonic: a later entry has a larger one) and what it says. */
  public record Line(long id, HistoryEntry entry) {}
}
