package org.muster.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * PROVISIONING.md {@code groups[]}: an MC service group's configuration. A group with {@code
 * preconfiguredRegroupOnly} is a preconfigured MC service group (TS 23.280 3.1, 10.xx.3.1 NOTE
 * 1): a source of regroup configuration only, never affiliated to. {@code broadcast} makes a
 * regroup that takes its configuration from this group one-way (10.xx.3.1).
 */
public record GroupConfig(
    McServiceGroupId id,
    Set<McService> services,
    List<McServiceId> members,
    boolean preconfiguredRegroupOnly,
    boolean broadcast) {
  public GroupConfig {
    Objects.requireNonNull(id, "id");
    services = Set.copyOf(services);
    members = List.copyOf(members);
  }

  public boolean offers(McService service) {
    return services.contains(service);
  }
}
