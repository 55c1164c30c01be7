package org.muster.core.regroup;

import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/**
 * The end of a client's participation (10.xx.3.2.1, last paragraphs): it persists until the
 * client is no longer affiliated to any of the regrouped groups, and ends when the client's MC
 * service ceases (log-off, registration expiry, power down).
 */
public final class RegroupParticipation {
  private final RegroupContext ctx;

  public RegroupParticipation(RegroupContext ctx) {
    this.ctx = ctx;
  }

  /** After {@code client} changed its affiliations for {@code service}. */
  public Outcome afterDeaffiliation(McServiceClient client, McService service) {
    Outcome.Builder out = new Outcome.Builder();
    for (ActiveRegroup r : ctx.directory.participationsOf(client)) {
      if (r.service() != service || !r.isGroupRegroup()) continue;
      boolean stillAffiliated = r.regroupedGroups().stream().anyMatch(g -> ctx.affiliations.isAffiliated(client, service, g));
      if (!stillAffiliated) ctx.deaffiliate(r, client, MemberState.LEFT, "no longer affiliated to any regrouped group", out);
    }
    return out.build();
  }

  /** After {@code client}'s MC service ceased for {@code service} (log-off or expiry). */
  public Outcome afterServiceCeased(McServiceClient client, McService service, String why) {
    Outcome.Builder out = new Outcome.Builder();
    for (ActiveRegroup r : ctx.directory.participationsOf(client)) {
      if (r.service() == service) ctx.deaffiliate(r, client, MemberState.LEFT, why, out);
    }
    return out.build();
  }
}
