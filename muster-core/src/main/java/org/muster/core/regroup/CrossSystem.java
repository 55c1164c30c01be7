package org.muster.core.regroup;

import java.util.List;

/**
 * The outcome of a step of a procedure in multiple MC systems (10.xx.3.3): the local outcome,
 * and the server-to-server requests to send to partners. When {@code awaiting} is true the
 * requester is answered only after the partners have answered ({@code PrimaryRegroupAcrossSystems#complete}).
 */
public record CrossSystem(Outcome outcome, List<PartnerRequest> toPartners, boolean awaiting, long instance) {
  public CrossSystem {
    toPartners = List.copyOf(toPartners);
  }

  public static CrossSystem rejected(org.muster.core.flow.Rejection r) {
    return local(Outcome.reject(r));
  }

  public static CrossSystem local(Outcome o) {
    return new CrossSystem(o, List.of(), false, 0);
  }
}
