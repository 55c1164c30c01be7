package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** TS 23.280 10.xx.3.2.1 Preconfigured group regroup formation in a single MC system. */
public final class GroupRegroupFormation {
  private final RegroupContext ctx;

  public GroupRegroupFormation(RegroupContext ctx) {
    this.ctx = ctx;
  }

  /** Steps 3 to 9, for a request (step 2) whose targets are an MC service group ID list. */
  public Outcome handle(McService service, PreconfiguredRegroupRequest.FromClient req) {
    List<McServiceGroupId> groups = ((RegroupTargets.Groups) req.targets()).groups();
    // WIRE.md: an exact repeat of an active create is a retry: answer success, change nothing
    Optional<ActiveRegroup> same = ctx.directory.active(req.regroupGroup());
    if (same.isPresent() && same.get().isRepeatedBy(service, req)) return Outcome.none();
    // 3. check that the requester is authorized to initiate a preconfigured group regroup
    if (!ctx.may(req.requester(), Authorization.GROUP_REGROUP)) {
      return Outcome.reject(Rejection.of(RejectReason.NOT_AUTHORIZED, req.requester().uri() + " may not initiate a group regroup"));
    }
    // 3. resolve the group identities, and the group the configuration is taken from
    Optional<Rejection> unresolved = resolve(groups, req.configurationGroup());
    if (unresolved.isPresent()) return Outcome.reject(unresolved.get());
    Optional<Rejection> inUse = ctx.regroupGroupIdInUse(req.regroupGroup(), req.configurationGroup());
    if (inUse.isPresent()) return Outcome.reject(inUse.get());
    // 4. reject if any requested group, including the regroup group, is already regrouped
    Optional<Rejection> regrouped = alreadyRegrouped(groups, req.regroupGroup());
    if (regrouped.isPresent()) return Outcome.reject(regrouped.get());
    // 10.xx.3.1 / PROVISIONING.md: the regrouped users must hold the preconfigured group
    Optional<Rejection> notHeld = configurationNotHeld(groups, req.configurationGroup());
    if (notHeld.isPresent()) return Outcome.reject(notHeld.get());
    // 3. check which group members are affiliated to the requested groups (NOTE 1: the
    // requester need not be one of them)
    Set<McServiceClient> members = affiliatedMembers(groups, service);
    boolean broadcast = ctx.config.group(req.configurationGroup()).map(GroupConfig::broadcast).orElse(false);
    ActiveRegroup regroup = new ActiveRegroup(service, req.requester(), req.regroupGroup(), req.configurationGroup(),
        req.targets(), broadcast, ctx.now(), ctx.newInstance());
    // NOTE 2: the list of regrouped groups is dynamic data of the server, not group configuration
    ctx.directory.add(regroup);
    Outcome.Builder out = new Outcome.Builder();
    out.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.FORMED, req.regroupGroup(), service,
        "group regroup by " + req.requester().uri() + " of " + groups.size() + " group(s), " + members.size() + " client(s)"));
    // 5. send the preconfigured regroup request to the affiliated members only (NOTE 3)
    for (McServiceClient c : members) ctx.sendRequest(regroup, c, out);
    // 6./7. clients notify their users and may acknowledge: see McServiceServer.deliveryAnswered
    // 8. affiliate the regrouped clients to the regroup group
    for (McServiceClient c : members) ctx.affiliate(regroup, c, MemberState.AFFILIATED, "affiliated to the regroup group", out);
    // 9. the adapter answers the requester with the preconfigured regroup response
    return out.build();
  }

  private Optional<Rejection> resolve(List<McServiceGroupId> groups, McServiceGroupId configurationGroup) {
    for (McServiceGroupId g : groups) {
      Optional<GroupConfig> gc = ctx.config.group(g);
      if (gc.isEmpty()) return Optional.of(Rejection.of(RejectReason.UNKNOWN_IDENTITY, g.uri()));
      if (gc.get().preconfiguredRegroupOnly()) {
        return Optional.of(Rejection.of(RejectReason.MALFORMED, g.uri() + " is a preconfigured group, a source of configuration only"));
      }
    }
    if (ctx.config.group(configurationGroup).isEmpty()) {
      return Optional.of(Rejection.of(RejectReason.UNKNOWN_IDENTITY, configurationGroup.uri()));
    }
    return Optional.empty();
  }

  private Optional<Rejection> alreadyRegrouped(List<McServiceGroupId> groups, McServiceGroupId regroupGroup) {
    if (ctx.directory.isRegrouped(regroupGroup)) return Optional.of(Rejection.of(RejectReason.GROUP_REGROUPED, regroupGroup.uri()));
    for (McServiceGroupId g : groups) {
      if (ctx.directory.isRegrouped(g)) return Optional.of(Rejection.of(RejectReason.GROUP_REGROUPED, g.uri()));
    }
    return Optional.empty();
  }

  private Optional<Rejection> configurationNotHeld(List<McServiceGroupId> groups, McServiceGroupId configurationGroup) {
    Set<McServiceId> missing = new LinkedHashSet<>();
    for (McServiceGroupId g : groups) {
      for (McServiceId member : ctx.config.group(g).orElseThrow().members()) {
        if (!ctx.config.isMember(configurationGroup, member)) missing.add(member);
      }
    }
    if (missing.isEmpty()) return Optional.empty();
    return Optional.of(Rejection.of(RejectReason.CONFIGURATION_NOT_HELD,
        configurationGroup.uri() + " is not held by " + RegroupContext.names(new ArrayList<>(missing))));
  }

  private Set<McServiceClient> affiliatedMembers(List<McServiceGroupId> groups, McService service) {
    Set<McServiceClient> members = new LinkedHashSet<>();
    for (McServiceGroupId g : groups) members.addAll(ctx.affiliations.affiliatedTo(g, service));
    return members;
  }
}
