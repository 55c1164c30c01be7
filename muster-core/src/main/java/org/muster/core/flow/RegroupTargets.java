package org.muster.core.flow;

import java.util.List;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * The "MC service group ID list" and "MC service user ID list" of Tables 10.6.2.2.34-1 to
 * 36-1: "One and only one of these shall be present" (NOTE), so it is one sealed type.
 */
public sealed interface RegroupTargets {
  /** Lists are at most this long (WIRE.md: list lengths bounded to 10,000 entries). */
  int MAX_ENTRIES = 10_000;

  /** MC service group ID list: groups to be regrouped into the group regroup group. */
  record Groups(List<McServiceGroupId> groups) implements RegroupTargets {
    public Groups {
      groups = List.copyOf(groups);
      if (groups.isEmpty()) throw new IllegalArgumentException("MC service group ID list is empty");
      if (groups.size() > MAX_ENTRIES) throw new IllegalArgumentException("MC service group ID list has more than " + MAX_ENTRIES + " entries");
      if (groups.stream().distinct().count() != groups.size()) throw new IllegalArgumentException("MC service group ID list names a group twice");
    }
  }

  /** MC service user ID list: users to be regrouped into the user regroup group. */
  record Users(List<McServiceId> users) implements RegroupTargets {
    public Users {
      users = List.copyOf(users);
      if (users.isEmpty()) throw new IllegalArgumentException("MC service user ID list is empty");
      if (users.size() > MAX_ENTRIES) throw new IllegalArgumentException("MC service user ID list has more than " + MAX_ENTRIES + " entries");
      if (users.stream().distinct().count() != users.size()) throw new IllegalArgumentException("MC service user ID list names a user twice");
    }
  }
}
