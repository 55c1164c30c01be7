package org.muster.core.flow;

import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** TS 23.280 10.xx.2.4 to 10.xx.2.6: preconfigured regroup response. */
public sealed interface PreconfiguredRegroupResponse extends Flow {
  McServiceGroupId regroupGroup();

  Result result();

  /** 10.xx.2.4, Table 10.6.2.2.37-1 (client to server): the responding client's acknowledgement. */
  record FromClient(McServiceId respondingClient, McServiceGroupId regroupGroup, Result result)
      implements PreconfiguredRegroupResponse {}

  /** 10.xx.2.5, Table 10.6.2.2.38-1 (server to client): the answer to the requester. */
  record ToClient(McServiceId requester, McServiceGroupId regroupGroup, Result result)
      implements PreconfiguredRegroupResponse {}

  /** 10.xx.2.6, Table 10.6.2.2.39-1 (server to server). */
  record BetweenServers(McServiceId responder, McServiceGroupId regroupGroup, Result result)
      implements PreconfiguredRegroupResponse {}
}
