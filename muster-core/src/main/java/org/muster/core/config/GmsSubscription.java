package org.muster.core.config;

import java.util.Optional;
import org.muster.core.id.McServiceGroupId;

/**
 * What the MC service server learns through its subscription to group configuration in its
 * group management server (TS 23.280 10.xx.3 pre-conditions): the groups the GMS knows as
 * regrouped by another mechanism (10.xx.3.1: "shall reject"), and the preconfigured groups
 * partner systems' group management servers shared with this system's
 * (TS 23.280 10.xx.3.3.1, 10.xx.3.3.2: the primary's GMS shares the group configuration and its
 * security parameters; 10.2.7: the partner's GMS distributes it to the users it serves), as the
 * MC service server sees them through its subscription to group configuration. The GMS keeps
 * them; the server only reads.
 */
public interface GmsSubscription {
  /** Nothing shared (a system without partners, or tests). */
  GmsSubscription NONE = (partnerId, group) -> Optional.empty();

  /**
   * The configuration of {@code group} as the GMS of {@code partnerId} (its home system) shared
   * it with ours. Distributed to every user this system serves, so its {@code members} are empty:
   * whoever is served here holds it.
   */
  Optional<GroupConfig> sharedBy(String partnerId, McServiceGroupId group);

  /**
   * True while the GMS has {@code group} marked as regrouped by another mechanism (10.xx.3.1):
   * a regroup of it is rejected (148) until the mark is removed.
   */
  default boolean regroupedElsewhere(McServiceGroupId group) {
    return false;
  }
}
