package org.muster.protocol;

import java.util.List;
import java.util.Objects;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * An affiliation PUBLISH body (WIRE.md "Affiliation: PUBLISH"): the client's whole wanted set
 * of groups for one MC service. An empty list wants nothing (de-affiliates from every group).
 *
 * @param entity the pidf {@code entity}: the MC service ID
 * @param clientId the pidf {@code <tuple id>}: the MC service client
 * @param service the MC service, from the namespace of the affiliation elements
 * @param groups the groups with {@code status="affiliating"} (or no status), in document order
 */
public record AffiliationDocument(McServiceId entity, String clientId, McService service, List<McServiceGroupId> groups) {
  public AffiliationDocument {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(service, "service");
    groups = List.copyOf(groups);
    if (clientId.isBlank()) throw new IllegalArgumentException("client ID (tuple id) is blank");
  }
}
