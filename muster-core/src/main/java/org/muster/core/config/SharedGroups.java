package org.muster.core.config;

import java.util.Optional;
import org.muster.core.id.McServiceGroupId;

/**
 * The preconfigured groups partner systems' group management servers shared with this system's
 * (TS 23.280 10.xx.3.3.1, 10.xx.3.3.2: the primary's GMS shares the group configuration and its
 * security parameters; 10.2.7: the partner's GMS distributes it to the users it serves), as the
 * MC service server sees them through its subscription to group configuration. The GMS keeps
 * them; the server only reads.
 */
public interface SharedGroups {
  /** Nothing shared (a system without partners, or tests). */
  SharedGroups NONE = (partnerId, group) -> Optional.empty();

  /**
   * The configuration of {@code group} as the GMS of {@code partnerId} (its home system) shared
   * it with ours. Distributed to every user this system serves, so its {@code members} are empty:
   * whoever is served here holds it.
   */
  Optional<GroupConfig> sharedBy(String partnerId, McServiceGroupId group);
}
