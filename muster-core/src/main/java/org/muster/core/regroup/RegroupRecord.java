package org.muster.core.regroup;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * An active regroup as stored: the request's lists, requester, type (group or user regroup by
 * its targets), preconfigured group, the clients affiliated to the regroup group, and every
 * targeted client's outcome history; across MC systems (10.xx.3.3), the partner systems it
 * spans (on the primary's side) or the primary system that asked for it (on a partner's side); and
 * when it expires, if it does ({@link org.muster.core.flow.RegroupExpiry}).
 */
public record RegroupRecord(
    McService service,
    McServiceId requester,
    McServiceGroupId regroupGroup,
    McServiceGroupId configurationGroup,
    RegroupTargets targets,
    boolean broadcast,
    Instant formedAt,
    Set<McServiceClient> participants,
    Map<McServiceClient, List<MemberStep>> outcomes,
    Set<String> partners,
    Optional<String> primarySystem,
    Optional<Instant> expiresAt) {

  public RegroupRecord {
    participants = Set.copyOf(participants);
    partners = Collections.unmodifiableSet(new LinkedHashSet<>(partners));
    Map<McServiceClient, List<MemberStep>> copy = new LinkedHashMap<>();
    outcomes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    outcomes = Collections.unmodifiableMap(copy);
  }

  /** A regroup that does not expire ({@link ActiveRegroup#expiresAt()}). */
  public RegroupRecord(McService service, McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup,
      RegroupTargets targets, boolean broadcast, Instant formedAt, Set<McServiceClient> participants,
      Map<McServiceClient, List<MemberStep>> outcomes, Set<String> partners, Optional<String> primarySystem) {
    this(service, requester, regroupGroup, configurationGroup, targets, broadcast, formedAt, participants, outcomes, partners,
        primarySystem, Optional.empty());
  }

  /** A regroup of this MC system alone (no partner systems, 10.xx.3.2). */
  public RegroupRecord(McService service, McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup,
      RegroupTargets targets, boolean broadcast, Instant formedAt, Set<McServiceClient> participants,
      Map<McServiceClient, List<MemberStep>> outcomes) {
    this(service, requester, regroupGroup, configurationGroup, targets, broadcast, formedAt, participants, outcomes, Set.of(),
        Optional.empty());
  }

  public static RegroupRecord of(ActiveRegroup r) {
    return new RegroupRecord(r.service(), r.requester(), r.regroupGroup(), r.configurationGroup(), r.targets(), r.broadcast(),
        r.formedAt(), r.participants(), r.outcomes(), r.partners(), r.primarySystem(), r.expiresAt());
  }

  /** {@code r} without its participants and outcome history (those are written as member steps). */
  public static RegroupRecord withoutMembersOf(ActiveRegroup r) {
    return new RegroupRecord(r.service(), r.requester(), r.regroupGroup(), r.configurationGroup(), r.targets(), r.broadcast(),
        r.formedAt(), Set.of(), Map.of(), r.partners(), r.primarySystem(), r.expiresAt());
  }

  public boolean isGroupRegroup() {
    return targets instanceof RegroupTargets.Groups;
  }

  /** The groups regrouped (empty for a user regroup). */
  public List<McServiceGroupId> regroupedGroups() {
    return targets instanceof RegroupTargets.Groups g ? g.groups() : List.of();
  }
}
