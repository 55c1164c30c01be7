package org.muster.core.regroup;

import java.util.Collection;
import java.util.Optional;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * TS 23.280 10.xx.3.4.1 Adding a newly affiliated user to a preconfigured group regroup; and,
 * by the same rule, a client of a listed user that registers during a user regroup.
 */
public final class NewlyAffiliatedUserRegroup {
  private final RegroupContext ctx;

  public NewlyAffiliatedUserRegroup(RegroupContext ctx) {
    this.ctx = ctx;
  }

  /** Step 1 happened: {@code client} affiliated to {@code newGroups}; steps 2, 3 and 6 follow. */
  public Outcome afterAffiliation(McServiceClient client, McService service, Collection<McServiceGroupId> newGroups) {
    Outcome.Builder out = new Outcome.Builder();
    for (McServiceGroupId g : newGroups) {
      // 2. retrieve the regroup group ID and the group the configuration is taken from
      // a regroup still waiting for its partners is not in progress yet: formLocally takes it in
      Optional<ActiveRegroup> found = ctx.directory.regroupOf(g).filter(r -> r.service() == service && !r.forming());
      if (found.isEmpty() || found.get().hasParticipant(client)) continue;
      ActiveRegroup regroup = found.get();
      // 3. send the preconfigured regroup request to the client
      ctx.sendRequest(regroup, client, out);
      // 4./5. the client notifies its user and may acknowledge
      // 6. affiliate the client to the regroup group
      ctx.affiliate(regroup, client, MemberState.JOINED_LATE, "affiliated late to " + g.uri(), out);
    }
    return out.build();
  }

  /** A client of a listed user registered for {@code service} while its user regroups are active. */
  public Outcome afterRegistration(McServiceClient client, McService service) {
    Outcome.Builder out = new Outcome.Builder();
    for (ActiveRegroup regroup : ctx.directory.allActive()) {
      if (regroup.service() != service || regroup.isGroupRegroup() || regroup.forming() || regroup.hasParticipant(client)) continue;
      if (!((org.muster.core.flow.RegroupTargets.Users) regroup.targets()).users().contains(client.user())) continue;
      ctx.sendRequest(regroup, client, out);
      ctx.affiliate(regroup, client, MemberState.JOINED_LATE, "registered during the user regroup", out);
    }
    return out.build();
  }
}
