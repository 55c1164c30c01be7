package org.muster.core.flow;

import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** TS 23.280 10.xx.2.13 and 10.xx.2.14: preconfigured regroup reject (no client-sent reject). */
public sealed interface PreconfiguredRegroupReject extends Flow {
  McServiceGroupId regroupGroup();

  Rejection reason();

  /** 10.xx.2.13, Table 10.6.2.2.46-1 (server to client). */
  record ToClient(McServiceId requester, McServiceGroupId regroupGroup, Rejection reason)
      implements PreconfiguredRegroupReject {}

  /** 10.xx.2.14, Table 10.6.2.2.47-1 (server to server). */
  record BetweenServers(McServiceGroupId regroupGroup, Rejection reason) implements PreconfiguredRegroupReject {}
}
