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

/**
 * TS 23.280 10.xx.3.2.1 Preconfigured group regroup formation in a single MC system, and the
 * primary server's part of 10.xx.3.3.1 (groups homed in partner systems) up to step 4.
 */
public final class GroupRegroupFormation {
  private final RegroupContext ctx;

  public GroupRegroupFormation(RegroupContext ctx) {
    this.ctx = ctx;
  }

  /** Steps 3 to 9 (10.xx.3.2.1), or steps 3 and 4 of 10.xx.3.3.1 when partners home some groups. */
  public CrossSystem handle(McService service, PreconfiguredRegroupRequest.FromClient req) {
    List<McServiceGroupId> groups = ((RegroupTargets.Groups) req.targets()).groups();
    // WIRE.md: an exact repeat of an active create is a retry: answer success, change nothing
    if (ctx.isRetry(service, req)) return CrossSystem.local(Outcome.none());
    List<McServiceGroupId> own = new ArrayList<>();
    Set<String> partners = new LinkedHashSet<>();
    Optional<Rejection> refused = checks(service, req, groups, own, partners);
    if (refused.isPresent()) return ctx.createRefused(service, req, refused.get());
    Optional<Rejection> badExpiry = ctx.expiryRefused(req);
    if (badExpiry.isPresent()) return ctx.createRefused(service, req, badExpiry.get());
    boolean broadcast = ctx.config.group(req.configurationGroup()).map(GroupConfig::broadcast).orElse(false);
    ActiveRegroup regroup = new ActiveRegroup(service, req.requester(), req.regroupGroup(), req.configurationGroup(),
        req.targets(), broadcast, ctx.now(), ctx.newInstance());
    ctx.setExpiry(regroup, req);
    // NOTE 2: the list of regrouped groups is dynamic data of the server, not group configuration
    ctx.directory.add(regroup);
    if (!partners.isEmpty()) {
      // 10.xx.3.3.1 step 4: the request goes to each partner first; in effect only when all accept
      CrossSystem asked = PrimaryRegroupAcrossSystems.requestPartners(regroup, partners);
      ctx.changed(new StateChange.RegroupForming(RegroupRecord.withoutMembersOf(regroup)));
      return asked;
    }
    ctx.changed(new StateChange.RegroupFormed(RegroupRecord.withoutMembersOf(regroup)));
    ctx.recorded(HistoryEntry.formed(ctx.now(), regroup));
    return CrossSystem.local(formLocally(regroup));
  }

  /**
   * Steps 3 and 4 and the checks of 10.xx.3.1 (the create's refusals, in order), filling {@code own}
   * (the groups homed here) and {@code partners} (the systems homing the others) as it resolves
   * them; changes nothing.
   */
  private Optional<Rejection> checks(McService service, PreconfiguredRegroupRequest.FromClient req, List<McServiceGroupId> groups,
      List<McServiceGroupId> own, Set<String> partners) {
    // 3. check that the requester is authorized to initiate a preconfigured group regroup
    if (!ctx.may(req.requester(), Authorization.GROUP_REGROUP)) {
      return Optional.of(Rejection.of(RejectReason.NOT_AUTHORIZED, req.requester().uri() + " may not initiate a group regroup"));
    }
    // 3. resolve the group identities; identify the partner systems that are home to the others
    Optional<Rejection> unresolved = resolve(groups, req.configurationGroup(), own, partners);
    if (unresolved.isPresent()) return unresolved;
    // 10.xx.3.3.1 step 5: members of our groups who migrated to a partner are found by that partner
    for (McServiceGroupId g : own) ctx.addServingPartners(ctx.config.group(g).orElseThrow().members(), partners);
    Optional<Rejection> notConfigured = ctx.serviceNotConfigured(service, req.configurationGroup(), own);
    if (notConfigured.isPresent()) return notConfigured;
    Optional<Rejection> inUse = ctx.regroupGroupIdRefused(req.regroupGroup(), req.configurationGroup());
    if (inUse.isPresent()) return inUse;
    // 4. reject if any requested group homed here, including the regroup group, is already regrouped
    Optional<Rejection> regrouped = alreadyRegrouped(groups, req.regroupGroup());
    if (regrouped.isPresent()) return regrouped;
    // 10.xx.3.1 / PROVISIONING.md: the regrouped users must hold the preconfigured group
    return configurationNotHeld(own, req.configurationGroup());
  }

  /** What {@link #handle} would do with {@code req}, changing nothing ({@link RegroupPreview}). */
  public RegroupPreview preview(McService service, PreconfiguredRegroupRequest.FromClient req) {
    List<McServiceGroupId> groups = ((RegroupTargets.Groups) req.targets()).groups();
    boolean retry = ctx.isRetry(service, req);
    List<McServiceGroupId> own = new ArrayList<>();
    Set<String> partners = new LinkedHashSet<>();
    Optional<Rejection> refused = retry ? Optional.empty() : checks(service, req, groups, own, partners);
    List<RegroupPreview.Conflict> conflicts = new ArrayList<>();
    List<McServiceGroupId> named = new ArrayList<>(groups);
    named.add(0, req.regroupGroup());
    for (McServiceGroupId g : named) {
      if (ctx.isRegrouped(g)) conflicts.add(new RegroupPreview.Conflict(g, ctx.regrouped(g).detail()));
    }
    Set<McServiceClient> notified = new LinkedHashSet<>();
    if (!retry && refused.isEmpty()) for (McServiceGroupId g : own) notified.addAll(ctx.affiliations.affiliatedTo(g, service));
    return new RegroupPreview(refused, retry, conflicts, partners, new ArrayList<>(notified));
  }

  /** Steps 5 to 8 for the groups homed here; step 9 (the answer) is the adapter's. */
  Outcome formLocally(ActiveRegroup regroup) {
    // 3. check which group members are affiliated to the requested groups homed here (NOTE 1:
    // the requester need not be one of them)
    Set<McServiceClient> members = new LinkedHashSet<>();
    for (McServiceGroupId g : regroup.regroupedGroups()) members.addAll(ctx.affiliations.affiliatedTo(g, regroup.service()));
    Outcome.Builder out = new Outcome.Builder();
    out.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.FORMED, regroup.regroupGroup(), regroup.service(),
        "group regroup by " + regroup.requester().uri() + " of " + regroup.regroupedGroups().size() + " group(s), "
            + members.size() + " client(s) here" + (regroup.partners().isEmpty() ? "" : ", partners " + regroup.partners())));
    // 5. send the preconfigured regroup request to the affiliated members only (NOTE 3)
    for (McServiceClient c : members) ctx.sendRequest(regroup, c, out);
    // 6./7. clients notify their users and may acknowledge: see McServiceServer.deliveryAnswered
    // 8. affiliate the regrouped clients to the regroup group
    for (McServiceClient c : members) ctx.affiliate(regroup, c, MemberState.AFFILIATED, "affiliated to the regroup group", out);
    return out.build();
  }


  private Optional<Rejection> resolve(List<McServiceGroupId> groups, McServiceGroupId configurationGroup,
      List<McServiceGroupId> own, Set<String> partners) {
    for (McServiceGroupId g : groups) {
      Optional<GroupConfig> gc = ctx.config.group(g);
      if (gc.isEmpty()) {
        Optional<String> partner = ctx.partnerHoming(g.domain());
        if (partner.isEmpty()) return Optional.of(Rejection.of(RejectReason.UNKNOWN_IDENTITY, g.uri()));
        partners.add(partner.get());
        continue;
      }
      if (gc.get().preconfiguredRegroupOnly()) {
        return Optional.of(Rejection.of(RejectReason.MALFORMED, g.uri() + " is a preconfigured group, a source of configuration only"));
      }
      own.add(g);
    }
    if (ctx.config.group(configurationGroup).isEmpty()) {
      return Optional.of(Rejection.of(RejectReason.UNKNOWN_IDENTITY, configurationGroup.uri()));
    }
    return Optional.empty();
  }

  private Optional<Rejection> alreadyRegrouped(List<McServiceGroupId> groups, McServiceGroupId regroupGroup) {
    if (ctx.isRegrouped(regroupGroup)) return Optional.of(ctx.regrouped(regroupGroup));
    for (McServiceGroupId g : groups) {
      if (ctx.isRegrouped(g)) return Optional.of(ctx.regrouped(g));
    }
    return Optional.empty();
  }

  private Optional<Rejection> configurationNotHeld(List<McServiceGroupId> groups, McServiceGroupId configurationGroup) {
    Set<McServiceId> missing = new LinkedHashSet<>();
    for (McServiceGroupId g : groups) {
      for (McServiceId member : ctx.config.group(g).orElseThrow().members()) {
        if (member.domain().equals(ctx.config.domain()) && !ctx.config.isMember(configurationGroup, member)) missing.add(member);
      }
    }
    if (missing.isEmpty()) return Optional.empty();
    return Optional.of(Rejection.of(RejectReason.CONFIGURATION_NOT_HELD,
        configurationGroup.uri() + " is not held by " + RegroupContext.names(new ArrayList<>(missing))));
  }
}
