package org.muster.core.flow;

import java.util.Objects;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** TS 23.280 10.xx.2.1 to 10.xx.2.3: preconfigured regroup request. */
public sealed interface PreconfiguredRegroupRequest extends Flow {
  McServiceGroupId regroupGroup();

  McServiceGroupId configurationGroup();

  RegroupTargets targets();

  /**
   * 10.xx.2.1, Table 10.6.2.2.34-1 (MC service client to MC service server); {@code expires} is a
   * Muster extension ({@link RegroupExpiry}).
   */
  record FromClient(
      McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup, RegroupTargets targets,
      java.util.Optional<RegroupExpiry> expires)
      implements PreconfiguredRegroupRequest {
    public FromClient {
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(regroupGroup, "regroupGroup");
      Objects.requireNonNull(configurationGroup, "configurationGroup");
      Objects.requireNonNull(targets, "targets");
      Objects.requireNonNull(expires, "expires");
    }

    /** A request that asks for no expiry (the preconfigured group's default applies). */
    public FromClient(McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup, RegroupTargets targets) {
      this(requester, regroupGroup, configurationGroup, targets, java.util.Optional.empty());
    }
  }

  /**
   * 10.xx.2.2, Table 10.6.2.2.35-1 (MC service server to MC service client). {@code target} is
   * the table's MC service ID; {@code requester} and {@code broadcast} are carried by the wire
   * profile (WIRE.md: calling user ID and {@code broadcast-ind}).
   */
  record ToClient(
      McServiceId target,
      McServiceGroupId regroupGroup,
      McServiceGroupId configurationGroup,
      RegroupTargets targets,
      McServiceId requester,
      boolean broadcast)
      implements PreconfiguredRegroupRequest {}

  /** 10.xx.2.3, Table 10.6.2.2.36-1 (MC service server to MC service server). */
  record BetweenServers(
      McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup, RegroupTargets targets)
      implements PreconfiguredRegroupRequest {}
}
