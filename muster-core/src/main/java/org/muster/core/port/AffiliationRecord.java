package org.muster.core.port;

import java.util.Set;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/** One client's affiliated groups for one MC service (TS 23.280 10.8). */
public record AffiliationRecord(McServiceClient client, McService service, Set<McServiceGroupId> groups) {
  public AffiliationRecord {
    groups = Set.copyOf(groups);
  }
}
