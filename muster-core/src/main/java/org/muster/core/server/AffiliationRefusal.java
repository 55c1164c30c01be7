package org.muster.core.server;

import org.muster.core.id.McServiceGroupId;

/** Why an affiliation was refused: the first refused group and the reason (WIRE.md PUBLISH). */
public record AffiliationRefusal(McServiceGroupId group, String reason) {
  /** The quoted text of the answer's Warning header. */
  public String warningText() {
    return "affiliation to " + group.uri() + " refused: " + reason;
  }
}
