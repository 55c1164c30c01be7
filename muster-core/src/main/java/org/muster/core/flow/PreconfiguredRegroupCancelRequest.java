package org.muster.core.flow;

import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** TS 23.280 10.xx.2.7 to 10.xx.2.9: preconfigured regroup cancel request. */
public sealed interface PreconfiguredRegroupCancelRequest extends Flow {
  McServiceGroupId regroupGroup();

  /** 10.xx.2.7, Table 10.6.2.2.40-1 (client to server). */
  record FromClient(McServiceId requester, McServiceGroupId regroupGroup) implements PreconfiguredRegroupCancelRequest {}

  /**
   * 10.xx.2.8, Table 10.6.2.2.41-1 (server to client). {@code target} is the table's MC service
   * ID; {@code requester} is carried by the wire profile (calling user ID).
   */
  record ToClient(McServiceId target, McServiceGroupId regroupGroup, McServiceId requester)
      implements PreconfiguredRegroupCancelRequest {}

  /** 10.xx.2.9, Table 10.6.2.2.42-1 (server to server). */
  record BetweenServers(McServiceId requester, McServiceGroupId regroupGroup) implements PreconfiguredRegroupCancelRequest {}
}
