package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * The partner MC service server's side of TS 23.280 10.xx.3.3.1 (steps 5 to 10), 10.xx.3.3.2
 * (steps 5 to 10), 10.xx.3.3.3 (steps 5 to 9) and 10.xx.3.3.4 (steps 5 and 6): a request from
 * the primary server, for the members served here.
 */
public final class PartnerRegroupAcrossSystems {
  private final RegroupContext ctx;
  private final GroupRegroupFormation groupFormation;
  private final UserRegroupFormation userFormation;

  public PartnerRegroupAcrossSystems(RegroupContext ctx, GroupRegroupFormation g, UserRegroupFormation u) {
    this.ctx = ctx;
    this.groupFormation = g;
    this.userFormation = u;
  }

  /** A preconfigured regroup request (10.xx.2.3) from {@code primary}; a reject is recorded in the history. */
  public Outcome create(PartnerConfig primary, McService service, PreconfiguredRegroupRequest.BetweenServers req) {
    Outcome o = decide(primary, service, req);
    o.rejection().ifPresent(why -> ctx.recorded(HistoryEntry.createRejected(ctx.now(), service, req.requester(), req.regroupGroup(),
        req.configurationGroup(), req.targets(), why)));
    return o;
  }

  private Outcome decide(PartnerConfig primary, McService service, PreconfiguredRegroupRequest.BetweenServers req) {
    boolean groups = req.targets() instanceof RegroupTargets.Groups;
    Optional<ActiveRegroup> same = ctx.directory.active(req.regroupGroup());
    if (same.isPresent() && same.get().primarySystem().equals(Optional.of(primary.id()))
        && same.get().isRepeatedBy(service, new PreconfiguredRegroupRequest.FromClient(req.requester(), req.regroupGroup(),
            req.configurationGroup(), req.targets()))) {
      return Outcome.none();
    }
    // 10.xx.3.3.2 step 5 (and trust for group regroups): may the primary ask this of us?
    Authorization needed = groups ? Authorization.GROUP_REGROUP : Authorization.USER_REGROUP;
    if (!primary.trusts(needed)) {
      return Outcome.reject(Rejection.of(RejectReason.NOT_AUTHORIZED, "partner " + primary.id() + " is not trusted with " + needed.word()));
    }
    // 10.xx.3.3.1: the configuration of the preconfigured group is shared with us beforehand
    // (by the primary's GMS, or in our provisioning)
    Optional<GroupConfig> configuration = ctx.preconfiguredGroupFrom(primary, req.configurationGroup());
    if (configuration.isEmpty()) {
      return Outcome.reject(Rejection.of(RejectReason.UNKNOWN_IDENTITY, req.configurationGroup().uri()));
    }
    GroupConfig cfg = configuration.get();
    if (ctx.directory.active(req.regroupGroup()).isPresent() || ctx.config.group(req.regroupGroup()).isPresent()) {
      return Outcome.reject(Rejection.of(RejectReason.REGROUP_GROUP_ID_IN_USE, req.regroupGroup().uri() + " is in use at this partner system"));
    }
    Optional<Rejection> refused = groups ? checkGroups(req, cfg) : checkUsers(req, cfg);
    if (refused.isPresent()) return Outcome.reject(refused.get());
    if (!cfg.offers(service)) {
      return Outcome.reject(Rejection.of(RejectReason.SERVICE_NOT_CONFIGURED,
          cfg.id().uri() + " is not configured for " + service.word()));
    }
    List<McServiceGroupId> listedHere = groups ? ((RegroupTargets.Groups) req.targets()).groups().stream()
        .filter(g -> g.domain().equals(ctx.config.domain())).toList() : List.of();
    Optional<Rejection> notConfigured = ctx.serviceNotConfigured(service, req.configurationGroup(), listedHere);
    if (notConfigured.isPresent()) return Outcome.reject(notConfigured.get());
    ActiveRegroup regroup = new ActiveRegroup(service, req.requester(), req.regroupGroup(), req.configurationGroup(),
        req.targets(), cfg.broadcast(), ctx.now(), ctx.newInstance());
    regroup.servedFor(primary.id());
    ctx.directory.add(regroup);
    ctx.changed(new StateChange.RegroupFormed(RegroupRecord.withoutMembersOf(regroup)));
    ctx.recorded(HistoryEntry.formed(ctx.now(), regroup));
    // 5./6. identify the affiliated members (users) served here and send them the request;
    // 9. affiliate them; 10. the adapter answers the primary server
    return groups ? groupFormation.formLocally(regroup) : userFormation.formLocally(regroup);
  }

  /** 10.xx.3.3.1 step 5 / 10.xx.3.3.4 step 5: the status of the listed groups hosted here. */
  private Optional<Rejection> checkGroups(PreconfiguredRegroupRequest.BetweenServers req, GroupConfig configuration) {
    List<McServiceGroupId> listed = ((RegroupTargets.Groups) req.targets()).groups();
    Set<McServiceId> missing = new LinkedHashSet<>();
    for (McServiceGroupId g : listed) {
      if (!g.domain().equals(ctx.config.domain())) continue;
      Optional<GroupConfig> gc = ctx.config.group(g);
      if (gc.isEmpty()) return Optional.of(Rejection.of(RejectReason.UNKNOWN_IDENTITY, g.uri()));
      if (gc.get().preconfiguredRegroupOnly()) {
        return Optional.of(Rejection.of(RejectReason.MALFORMED, g.uri() + " is a preconfigured group, a source of configuration only"));
      }
      if (ctx.isRegrouped(g)) return Optional.of(ctx.regrouped(g));
      for (McServiceId m : gc.get().members()) {
        if (m.domain().equals(ctx.config.domain()) && !ctx.holds(configuration, m)) missing.add(m);
      }
    }
    return notHeld(req.configurationGroup(), new ArrayList<>(missing));
  }

  private Optional<Rejection> checkUsers(PreconfiguredRegroupRequest.BetweenServers req, GroupConfig configuration) {
    List<McServiceId> missing = new ArrayList<>();
    for (McServiceId u : ((RegroupTargets.Users) req.targets()).users()) {
      if (!u.domain().equals(ctx.config.domain())) continue;
      if (ctx.config.user(u).isEmpty()) return Optional.of(Rejection.of(RejectReason.UNKNOWN_IDENTITY, u.uri()));
      if (!ctx.holds(configuration, u)) missing.add(u);
    }
    return notHeld(req.configurationGroup(), missing);
  }

  private static Optional<Rejection> notHeld(McServiceGroupId configurationGroup, List<McServiceId> missing) {
    if (missing.isEmpty()) return Optional.empty();
    return Optional.of(Rejection.of(RejectReason.CONFIGURATION_NOT_HELD,
        configurationGroup.uri() + " is not held by " + RegroupContext.names(missing)));
  }

  /** A preconfigured regroup cancel request (10.xx.2.9) from {@code primary}: 10.xx.3.3.3 steps 5 to 9. */
  public Outcome cancel(PartnerConfig primary, McService service, PreconfiguredRegroupCancelRequest.BetweenServers req) {
    Outcome o = decideCancel(primary, service, req);
    o.rejection().ifPresent(why -> ctx.recorded(HistoryEntry.cancelRejected(ctx.now(), service, req.requester(), req.regroupGroup(), why)));
    return o;
  }

  private Outcome decideCancel(PartnerConfig primary, McService service, PreconfiguredRegroupCancelRequest.BetweenServers req) {
    if (!primary.trusts(Authorization.CANCEL_REGROUP)) {
      return Outcome.reject(Rejection.of(RejectReason.NOT_AUTHORIZED, "partner " + primary.id() + " is not trusted with cancel-regroup"));
    }
    Optional<ActiveRegroup> found = ctx.directory.active(req.regroupGroup())
        .filter(r -> r.service() == service && r.primarySystem().equals(Optional.of(primary.id())));
    if (found.isEmpty()) return Outcome.reject(Rejection.of(RejectReason.UNKNOWN_IDENTITY, req.regroupGroup().uri()));
    ActiveRegroup regroup = found.get();
    Outcome.Builder out = new Outcome.Builder();
    List<McServiceClient> regrouped = endHere(regroup, req.requester(), "cancelled by " + req.requester().uri(),
        HistoryEntry.cancelled(ctx.now(), regroup, req.requester(), Optional.of("via primary system " + primary.id())), out);
    out.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.CANCELLED, regroup.regroupGroup(), service,
        "cancelled by " + req.requester().uri() + " via partner " + primary.id() + ", " + regrouped.size() + " client(s)"));
    // 9. the adapter sends the cancel response to the primary server
    return out.build();
  }

  /**
   * Steps 5 and 8 of 10.xx.3.3.3 for a regroup formed here for a primary: the regroup ends (stored),
   * its clients get the cancel request naming {@code requester} and are de-affiliated ({@code why});
   * {@code line} goes into the history with it. The clients it ended.
   */
  List<McServiceClient> endHere(ActiveRegroup regroup, McServiceId requester, String why, HistoryEntry line, Outcome.Builder out) {
    List<McServiceClient> regrouped = new ArrayList<>(regroup.participants());
    ctx.changed(new StateChange.RegroupCancelled(RegroupRecord.of(regroup), ctx.now(), List.of()));
    ctx.recorded(line);
    // 5. send the cancel request to the regrouped clients served here
    for (McServiceClient c : regrouped) ctx.sendCancel(regroup, c, requester, out);
    // 8. de-affiliate them from the regroup group
    for (McServiceClient c : regrouped) ctx.deaffiliate(regroup, c, MemberState.DEAFFILIATED, why, out);
    ctx.directory.remove(regroup);
    return regrouped;
  }
}
