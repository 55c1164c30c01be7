package org.muster.core.server;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.affiliation.Affiliations;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.McSystemConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.NewlyAffiliatedUserRegroup;
import org.muster.core.regroup.Outcome;
import org.muster.core.regroup.RegroupParticipation;

/**
 * MC service group affiliation (TS 23.280 10.8.3.1, WIRE.md PUBLISH): the client states its
 * whole wanted set of groups for one MC service; all of it is accepted or none of it.
 */
final class GroupAffiliation {
  private final McSystemConfig config;
  private final Affiliations affiliations;
  private final NewlyAffiliatedUserRegroup lateJoin;
  private final RegroupParticipation participation;

  GroupAffiliation(McSystemConfig config, Affiliations affiliations, NewlyAffiliatedUserRegroup lateJoin,
      RegroupParticipation participation) {
    this.config = config;
    this.affiliations = affiliations;
    this.lateJoin = lateJoin;
    this.participation = participation;
  }

  /** The outcome of one affiliation request: a refusal (and no change), or the changes made. */
  record Result(Optional<AffiliationRefusal> refusal, Outcome outcome) {}

  Result handle(McServiceClient client, McService service, List<McServiceGroupId> wanted) {
    // membership and service checks: the first refused group refuses the whole request
    for (McServiceGroupId g : wanted) {
      Optional<String> why = refusal(client, service, g);
      if (why.isPresent()) return new Result(Optional.of(new AffiliationRefusal(g, why.get())), Outcome.none());
    }
    Set<McServiceGroupId> before = affiliations.groupsOf(client, service);
    Set<McServiceGroupId> after = new LinkedHashSet<>(wanted);
    affiliations.replace(client, service, after);
    Set<McServiceGroupId> added = new LinkedHashSet<>(after);
    added.removeAll(before);
    Outcome.Builder out = new Outcome.Builder();
    // 10.xx.3.2.1: participation ends when no longer affiliated to any regrouped group
    if (!after.containsAll(before)) out.merge(participation.afterDeaffiliation(client, service));
    // 10.xx.3.4.1 step 1: affiliated to a group that is part of an in-progress group regroup
    if (!added.isEmpty()) out.merge(lateJoin.afterAffiliation(client, service, added));
    return new Result(Optional.empty(), out.build());
  }

  /**
   * The groups changed (the GMS's subscription): an affiliation the groups no longer allow (the
   * user is no longer a member, the service was removed, the group deleted or made a preconfigured
   * group) ends as if the client had de-affiliated, so a regroup participant that loses its last
   * regrouped group leaves the regroup (10.xx.3.2.1). {@code changed} gets every client whose
   * affiliations changed.
   */
  Outcome afterGroupsChanged(Iterable<org.muster.core.registration.Registration> registered, java.util.function.Consumer<McServiceClient> changed) {
    Outcome.Builder out = new Outcome.Builder();
    for (org.muster.core.registration.Registration r : registered) {
      for (McService service : r.services()) {
        Set<McServiceGroupId> now = affiliations.groupsOf(r.client(), service);
        List<McServiceGroupId> kept = now.stream().filter(g -> refusal(r.client(), service, g).isEmpty()).toList();
        if (kept.size() == now.size()) continue;
        out.merge(handle(r.client(), service, kept).outcome());
        changed.accept(r.client());
      }
    }
    return out.build();
  }

  private Optional<String> refusal(McServiceClient client, McService service, McServiceGroupId g) {
    Optional<GroupConfig> gc = config.group(g);
    if (gc.isEmpty()) return Optional.of("unknown group");
    if (gc.get().preconfiguredRegroupOnly()) return Optional.of("a preconfigured group is a source of regroup configuration only");
    if (!config.isMember(g, client.user())) return Optional.of(client.user().uri() + " is not a member");
    if (!gc.get().offers(service)) return Optional.of(service.name() + " is not enabled for the group");
    return Optional.empty();
  }
}
