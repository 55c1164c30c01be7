package org.muster.core.regroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * A preconfigured regroup cancel request (10.xx.2.9) the primary MC service server owes a partner
 * system: after a cancel of a regroup spanning it (10.xx.3.3.3 step 4), after a create that did
 * not take effect everywhere (10.xx.3.3.4: all or nothing), or after a restart that found a create
 * still waiting for its partners. It is kept (durably) and sent again until the partner confirms,
 * so no partner is left with an orphan regroup, also when it was down or slow.
 *
 * @param since when the cancel became owed (the create to that partner was sent before)
 */
public record OwedCancel(String partner, McService service, McServiceGroupId regroupGroup, McServiceId requester, Instant since) {

  /**
   * How long a partner's "163 unknown identity" does not yet settle the cancel: a create sent
   * before may still be in flight or queued at a slow partner (a SIP client transaction lasts up
   * to 64*T1 = 32 s) and form the regroup after the cancel was answered. Twice that, to be safe.
   */
  public static final Duration SETTLE = Duration.ofSeconds(64);

  /** The server-to-server flow to send. */
  public PartnerRequest request() {
    return new PartnerRequest(partner, service, new PreconfiguredRegroupCancelRequest.BetweenServers(requester, regroupGroup));
  }

  /**
   * True when {@code answer} ends the debt: the partner's cancel response (it held the regroup
   * and has cancelled it), or its "unknown regroup" once no earlier create can still arrive.
   * Anything else (no answer, a refusal) keeps the cancel owed.
   */
  public boolean settledBy(PartnerAnswer answer, Instant now) {
    if (answer instanceof PartnerAnswer.Accepted) return true;
    return answer instanceof PartnerAnswer.Rejected r && r.rejection().sipStatus() == 404 && !now.isBefore(since.plus(SETTLE));
  }

  /**
   * The cancel owed, from {@code now}, for each of {@code requests}: a create sent to a partner
   * (it may have taken effect there) or a cancel to send.
   */
  public static List<OwedCancel> of(List<PartnerRequest> requests, Instant now) {
    List<OwedCancel> out = new ArrayList<>();
    for (PartnerRequest r : requests) {
      if (r.flow() instanceof PreconfiguredRegroupCancelRequest.BetweenServers c) {
        out.add(new OwedCancel(r.partnerId(), r.service(), c.regroupGroup(), c.requester(), now));
      } else if (r.flow() instanceof PreconfiguredRegroupRequest.BetweenServers c) {
        out.add(new OwedCancel(r.partnerId(), r.service(), c.regroupGroup(), c.requester(), now));
      }
    }
    return out;
  }
}
