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
 * regroup that takes its configuration from this group one-way (10.xx.3.1). {@code regroupExpires}
 * (Muster extension): a regroup that takes its configuration from this group and asks for no
 * expiry of its own is cancelled by the system this long after it formed.
 */
public record GroupConfig(
    McServiceGroupId id,
    Set<McService> services,
    List<McServiceId> members,
    boolean preconfiguredRegroupOnly,
    boolean broadcast,
    java.util.Optional<java.time.Duration> regroupExpires) {
  public GroupConfig {
    Objects.requireNonNull(id, "id");
    services = Set.copyOf(services);
    members = List.copyOf(members);
    Objects.requireNonNull(regroupExpires, "regroupExpires");
  }

  /** A group whose regroups do not expire unless their create asks. */
  public GroupConfig(McServiceGroupId id, Set<McService> services, List<McServiceId> members, boolean preconfiguredRegroupOnly,
      boolean broadcast) {
    this(id, services, members, preconfiguredRegroupOnly, broadcast, java.util.Optional.empty());
  }

  public boolean offers(McService service) {
    return services.contains(service);
  }
}
