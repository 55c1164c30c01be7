package org.muster.core.regroup;

import org.muster.core.flow.Flow;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * A flow the server sends to one client: a preconfigured regroup request (10.xx.2.2) or cancel
 * request (10.xx.2.8). The adapter sends it and reports the answer back with its id.
 */
public record Delivery(long id, long regroupInstance, McServiceClient client, McService service, Flow flow) {
  public Delivery {
    if (!(flow instanceof PreconfiguredRegroupRequest.ToClient) && !(flow instanceof PreconfiguredRegroupCancelRequest.ToClient)) {
      throw new IllegalArgumentException("not a server-to-client regroup flow: " + flow);
    }
  }

  public boolean isCancel() {
    return flow instanceof PreconfiguredRegroupCancelRequest.ToClient;
  }

  public McServiceGroupId regroupGroup() {
    return flow instanceof PreconfiguredRegroupRequest.ToClient r
        ? r.regroupGroup()
        : ((PreconfiguredRegroupCancelRequest.ToClient) flow).regroupGroup();
  }

  /** How the client answered a delivery. */
  public enum Answer {
    /** 2xx: the client's (optional) preconfigured regroup (cancel) response. */
    ACKNOWLEDGED,
    /** An error answer. */
    FAILED,
    /** No answer in time, or the client could not be reached. */
    UNREACHABLE
  }
}
