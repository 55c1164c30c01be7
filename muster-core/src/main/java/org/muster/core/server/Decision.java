package org.muster.core.server;

import java.util.List;
import org.muster.core.regroup.StateChange;

/**
 * One decision of the core: the {@code answer} for the adapter (what to send, what to reply) and
 * the {@code changes} it made to the dynamic data, in order, for the store writer.
 */
public record Decision<T>(T answer, List<StateChange> changes) {
  public Decision {
    changes = List.copyOf(changes);
  }

  /** True when the core has something to do once these changes are committed ({@link McServiceServer#committed}). */
  public boolean awaitsCommit() {
    for (StateChange c : changes) if (c instanceof StateChange.RegroupCancelled x && !x.owed().isEmpty()) return true;
    return false;
  }

  /** True when the answer may go out only once the store holds the promised changes. */
  public boolean promises() {
    for (StateChange c : changes) if (c.promise()) return true;
    return false;
  }
}
