package org.muster.core.flow;

import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** TS 23.280 10.xx.2.10 to 10.xx.2.12: preconfigured regroup cancel response. */
public sealed interface PreconfiguredRegroupCancelResponse extends Flow {
  McServiceGroupId regroupGroup();

  Result result();

  /** 10.xx.2.10, Table 10.6.2.2.43-1 (client to server). */
  record FromClient(McServiceId respondingClient, McServiceGroupId regroupGroup, Result result)
      implements PreconfiguredRegroupCancelResponse {}

  /** 10.xx.2.11, Table 10.6.2.2.44-1 (server to client). */
  record ToClient(McServiceId requester, McServiceGroupId regroupGroup, Result result)
      implements PreconfiguredRegroupCancelResponse {}

  /** 10.xx.2.12, Table 10.6.2.2.45-1 (server to server). */
  record BetweenServers(McServiceId requester, McServiceGroupId regroupGroup, Result result)
      implements PreconfiguredRegroupCancelResponse {}
}
