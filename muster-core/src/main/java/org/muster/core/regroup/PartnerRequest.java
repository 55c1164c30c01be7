package org.muster.core.regroup;

import org.muster.core.flow.Flow;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.id.McService;

/**
 * A server-to-server flow for one partner MC system: the preconfigured regroup request (10.xx.2.3)
 * or cancel request (10.xx.2.9).
 */
public record PartnerRequest(String partnerId, McService service, Flow flow) {
  public PartnerRequest {
    if (!(flow instanceof PreconfiguredRegroupRequest.BetweenServers) && !(flow instanceof PreconfiguredRegroupCancelRequest.BetweenServers)) {
      throw new IllegalArgumentException("not a server-to-server regroup flow: " + flow);
    }
  }

  public boolean isCancel() {
    return flow instanceof PreconfiguredRegroupCancelRequest.BetweenServers;
  }
}
