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
import org.muster.core.id.McServiceId;

/**
 * TS 23.280 10.xx.3.2.2 Preconfigured user regroup formation in a single MC system, and the
 * primary server's part of 10.xx.3.3.2 (users homed in partner systems) up to step 4.
 */
public final class UserRegroupFormation {
  private final RegroupContext ctx;

  public UserRegroupFormation(RegroupContext ctx) {
    this.ctx = ctx;
  }

  /** Steps 3 to 8 (10.xx.3.2.2), or steps 3 and 4 of 10.xx.3.3.2 when partners home some users. */
  public CrossSystem handle(McService service, PreconfiguredRegroupRequest.FromClient req) {
    List<McServiceId> users = ((RegroupTargets.Users) req.targets()).users();
    // WIRE.md: an exact repeat of an active create is a retry: answer success, change nothing
    if (ctx.isRetry(service, req)) return CrossSystem.local(Outcome.none());
    List<McServiceId> own = new ArrayList<>();
    Set<String> partners = new java.util.LinkedHashSet<>();
    Optional<Rejection> refused = checks(service, req, users, own, partners);
    if (refused.isPresent()) return ctx.createRefused(service, req, refused.get());
    Optional<Rejection> badExpiry = ctx.expiryRefused(req);
    if (badExpiry.isPresent()) return ctx.createRefused(service, req, badExpiry.get());
    // NOTE 1: clients can be in several user and group regroups at once: no "already regrouped" check
    boolean broadcast = ctx.config.group(req.configurationGroup()).map(GroupConfig::broadcast).orElse(false);
    ActiveRegroup regroup = new ActiveRegroup(service, req.requester(), req.regroupGroup(), req.configurationGroup(),
        req.targets(), broadcast, ctx.now(), ctx.newInstance());
    ctx.setExpiry(regroup, req);
    ctx.directory.add(regroup);
    if (!partners.isEmpty()) {
      // 10.xx.3.3.2 step 4: the request goes to each partner first; in effect only when all accept
      CrossSystem asked = PrimaryRegroupAcrossSystems.requestPartners(regroup, partners);
      ctx.changed(new StateChange.RegroupForming(RegroupRecord.withoutMembersOf(regroup)));
      return asked;
    }
    ctx.changed(new StateChange.RegroupFormed(RegroupRecord.withoutMembersOf(regroup)));
    ctx.recorded(HistoryEntry.formed(ctx.now(), regroup));
    return CrossSystem.local(formLocally(regroup));
  }

  /**
   * Step 3 and the checks of 10.xx.3.1 (the create's refusals, in order), filling {@code own} (the
   * users served here) and {@code partners} (the systems homing the others); changes nothing.
   */
  private Optional<Rejection> checks(McService service, PreconfiguredRegroupRequest.FromClient req, List<McServiceId> users,
      List<McServiceId> own, Set<String> partners) {
    // 3. check that the requester is authorized to initiate a preconfigured user regroup
    if (!ctx.may(req.requester(), Authorization.USER_REGROUP)) {
      return Optional.of(Rejection.of(RejectReason.NOT_AUTHORIZED, req.requester().uri() + " may not initiate a user regroup"));
    }
    for (McServiceId u : users) {
      if (ctx.config.user(u).isPresent()) {
        own.add(u);
        continue;
      }
      Optional<String> partner = ctx.partnerHoming(u.domain());
      if (partner.isEmpty()) return Optional.of(Rejection.of(RejectReason.UNKNOWN_IDENTITY, u.uri()));
      partners.add(partner.get());
    }
    // migration: a listed user of ours served by a partner is reached through that partner
    ctx.addServingPartners(own, partners);
    if (ctx.config.group(req.configurationGroup()).isEmpty()) {
      return Optional.of(Rejection.of(RejectReason.UNKNOWN_IDENTITY, req.configurationGroup().uri()));
    }
    Optional<Rejection> notConfigured = ctx.serviceNotConfigured(service, req.configurationGroup(), List.of());
    if (notConfigured.isPresent()) return notConfigured;
    Optional<Rejection> inUse = ctx.regroupGroupIdRefused(req.regroupGroup(), req.configurationGroup());
    if (inUse.isPresent()) return inUse;
    // 10.xx.3.1 / PROVISIONING.md: the regrouped users must hold the preconfigured group
    List<McServiceId> missing = new ArrayList<>();
    for (McServiceId u : own) if (!ctx.config.isMember(req.configurationGroup(), u)) missing.add(u);
    if (!missing.isEmpty()) {
      return Optional.of(Rejection.of(RejectReason.CONFIGURATION_NOT_HELD,
          req.configurationGroup().uri() + " is not held by " + RegroupContext.names(missing)));
    }
    return Optional.empty();
  }

  /** What {@link #handle} would do with {@code req}, changing nothing ({@link RegroupPreview}). */
  public RegroupPreview preview(McService service, PreconfiguredRegroupRequest.FromClient req) {
    List<McServiceId> users = ((RegroupTargets.Users) req.targets()).users();
    boolean retry = ctx.isRetry(service, req);
    List<McServiceId> own = new ArrayList<>();
    Set<String> partners = new java.util.LinkedHashSet<>();
    Optional<Rejection> refused = retry ? Optional.empty() : checks(service, req, users, own, partners);
    List<RegroupPreview.Conflict> conflicts = new ArrayList<>();
    if (ctx.isRegrouped(req.regroupGroup())) conflicts.add(new RegroupPreview.Conflict(req.regroupGroup(), ctx.regrouped(req.regroupGroup()).detail()));
    Set<McServiceClient> notified = new LinkedHashSet<>();
    if (!retry && refused.isEmpty()) for (McServiceId u : own) notified.addAll(ctx.registrations.clientsOf(u, service));
    return new RegroupPreview(refused, retry, conflicts, partners, new ArrayList<>(notified));
  }

  /** Steps 4 to 7 for the users served here; step 8 (the answer) is the adapter's. */
  Outcome formLocally(ActiveRegroup regroup) {
    List<McServiceId> users = ((RegroupTargets.Users) regroup.targets()).users();
    McService service = regroup.service();
    Set<McServiceClient> clients = new LinkedHashSet<>();
    for (McServiceId u : users) clients.addAll(ctx.registrations.clientsOf(u, service));
    Outcome.Builder out = new Outcome.Builder();
    out.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.FORMED, regroup.regroupGroup(), service,
        "user regroup by " + regroup.requester().uri() + " of " + users.size() + " user(s), " + clients.size() + " client(s) here"
            + (regroup.partners().isEmpty() ? "" : ", partners " + regroup.partners())));
    // 4. send the preconfigured regroup request to every registered client of each listed user
    for (McServiceClient c : clients) ctx.sendRequest(regroup, c, out);
    // 5./6. clients notify their users and may acknowledge: see McServiceServer.deliveryAnswered
    // 7. affiliate the regrouped clients to the regroup group
    for (McServiceClient c : clients) ctx.affiliate(regroup, c, MemberState.AFFILIATED, "affiliated to the regroup group", out);
    // 8. the adapter answers the requester with the preconfigured regroup response
    return out.build();
  }
}
