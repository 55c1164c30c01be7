package org.muster.core.server;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.affiliation.Affiliations;
import org.muster.core.config.McSystemConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.port.AffiliationRecord;
import org.muster.core.regroup.RegroupPreview;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.regroup.StateChange;
import org.muster.core.port.Snapshot;
import org.muster.core.config.PartnerConfig;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.CancelsOwedToPartners;
import org.muster.core.regroup.CrossSystem;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.regroup.PartnerAnswer;
import org.muster.core.regroup.PrimaryRegroupAcrossSystems;
import org.muster.core.regroup.PartnerRegroupAcrossSystems;
import org.muster.core.regroup.Delivery;
import org.muster.core.regroup.GroupRegroupFormation;
import org.muster.core.regroup.MemberReport;
import org.muster.core.regroup.PartnerMemberReports;
import org.muster.core.regroup.SharedStoreFollower;
import org.muster.core.regroup.NewlyAffiliatedUserRegroup;
import org.muster.core.regroup.Outcome;
import org.muster.core.regroup.RegroupCancellation;
import org.muster.core.regroup.RegroupContext;
import org.muster.core.regroup.RegroupDirectory;
import org.muster.core.regroup.RegroupParticipation;
import org.muster.core.regroup.Redelivery;
import org.muster.core.regroup.UserRegroupFormation;
import org.muster.core.registration.Registration;
import org.muster.core.registration.Registrations;

/**
 * The MC service server's rules and state for one MC system, for MCPTT, MCVideo and MCData: no
 * I/O, not thread-safe. The adapter calls it from one serial executor (STYLE.md 3.3), so two
 * overlapping creates are decided one after the other and never both succeed.
 */
public final class McServiceServer {
  /** Longest registration the registrar grants, in seconds (profile). */
  public static final int MAX_EXPIRES = 3600;

  private final McSystemConfig config;
  private final Clock clock;
  private final Registrations registrations = new Registrations();
  private final Affiliations affiliations = new Affiliations();
  private final RegroupDirectory directory = new RegroupDirectory();
  private final RegroupContext ctx;
  private final GroupRegroupFormation groupRegroup;
  private final UserRegroupFormation userRegroup;
  private final RegroupCancellation cancellation;
  private final NewlyAffiliatedUserRegroup lateJoin;
  private final RegroupParticipation participation;
  private final Redelivery redelivery;
  private final GroupAffiliation affiliation;
  private final PrimaryRegroupAcrossSystems primarySide;
  private final PartnerRegroupAcrossSystems partnerSide;
  private final PartnerMemberReports partnerReports;
  private final SharedStoreFollower follower;
  private final org.muster.core.regroup.InstanceTakeover takeover;

  public McServiceServer(McSystemConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.ctx = new RegroupContext(config, registrations, affiliations, directory, clock);
    this.groupRegroup = new GroupRegroupFormation(ctx);
    this.userRegroup = new UserRegroupFormation(ctx);
    this.cancellation = new RegroupCancellation(ctx);
    this.lateJoin = new NewlyAffiliatedUserRegroup(ctx);
    this.participation = new RegroupParticipation(ctx);
    this.redelivery = new Redelivery(ctx);
    this.affiliation = new GroupAffiliation(config, affiliations, lateJoin, participation);
    this.primarySide = new PrimaryRegroupAcrossSystems(ctx, groupRegroup, userRegroup);
    this.partnerSide = new PartnerRegroupAcrossSystems(ctx, groupRegroup, userRegroup);
    this.follower = new SharedStoreFollower(ctx, groupRegroup, userRegroup);
    this.takeover = new org.muster.core.regroup.InstanceTakeover(ctx, redelivery);
    this.partnerReports = new PartnerMemberReports(ctx);
  }

  /** The server's subscription to group configuration in its GMS (10.xx.3 pre-conditions); set at start. */
  public void subscribeToGms(org.muster.core.config.GmsSubscription shared) {
    ctx.subscribeToGms(shared);
  }

  public McSystemConfig config() { return config; }
  // ---- service authorization and log-off (WIRE.md REGISTER)
  /** Registers (or refreshes) {@code client} for {@code services}; {@code seconds} > 0. */
  public RegisterResult register(McServiceClient client, Set<McService> services, int seconds) {
    return register(client, services, seconds, List.of());
  }

  /** As above, the REGISTER having come over {@code path} (RFC 3327; empty: straight). */
  public RegisterResult register(McServiceClient client, Set<McService> services, int seconds, List<String> path) {
    if (!config.servesHere(client.user())) {
      return new RegisterResult(Optional.of(client.user().uri() + " is not an MC service user of this system"), 0, Outcome.none());
    }
    int granted = Math.max(1, Math.min(seconds, MAX_EXPIRES));
    Set<McService> before = registrations.get(client).map(Registration::services).orElse(Set.of());
    registrations.put(new Registration(client, services, clock.instant().plus(Duration.ofSeconds(granted)), path));
    ctx.journal().clientChanged(client);
    Outcome.Builder out = new Outcome.Builder();
    for (McService s : before) if (!services.contains(s)) out.merge(endService(client, s, "no longer registered for " + s.name()));
    // delivery that converges: what this client has not acknowledged is sent again
    for (McService s : services) out.merge(redelivery.afterRegistration(client, s));
    for (McService s : services) if (!before.contains(s)) out.merge(lateJoin.afterRegistration(client, s));
    return new RegisterResult(Optional.empty(), granted, out.build());
  }

  /** Log-off ({@code Expires: 0}): every affiliation of the client ends, regroups included. */
  public Outcome logOff(McServiceClient client) {
    Optional<Registration> r = registrations.remove(client);
    if (r.isEmpty()) return Outcome.none();
    ctx.journal().clientChanged(client);
    Outcome.Builder out = new Outcome.Builder();
    for (McService s : r.get().services()) out.merge(endService(client, s, "logged off"));
    return out.build();
  }

  /** Ends the registrations that expired by now, as log-offs. */
  public Outcome expireRegistrations() {
    Outcome.Builder out = new Outcome.Builder();
    for (Registration r : registrations.expiredAt(clock.instant())) {
      registrations.remove(r.client());
      ctx.journal().clientChanged(r.client());
      for (McService s : r.services()) out.merge(endService(r.client(), s, "registration expired"));
    }
    return out.build();
  }

  private Outcome endService(McServiceClient client, McService s, String why) {
    affiliations.replace(client, s, Set.of());
    return participation.afterServiceCeased(client, s, why);
  }

  public Optional<Registration> registration(McServiceClient client) {
    return registrations.get(client);
  }

  public Collection<Registration> registrationsOf(McServiceId user) {
    return registrations.of(user);
  }

  public List<Registration> allRegistrations() {
    return registrations.all();
  }

  // ---- affiliation (WIRE.md PUBLISH)

  /** The client's whole wanted set of groups for {@code service}; refused whole or applied. */
  public AffiliationOutcome affiliate(McServiceClient client, McService service, List<McServiceGroupId> wanted) {
    if (registrations.get(client).filter(r -> r.serves(service)).isEmpty()) {
      return new AffiliationOutcome(Optional.of("not registered for " + service.name()), Optional.empty(), Outcome.none());
    }
    GroupAffiliation.Result r = affiliation.handle(client, service, wanted);
    if (r.refusal().isEmpty()) ctx.journal().clientChanged(client);
    return new AffiliationOutcome(Optional.empty(), r.refusal(), r.outcome());
  }

  /** {@code notRegistered}: the client has no registration for the service (403, no change). */
  public record AffiliationOutcome(Optional<String> notRegistered, Optional<AffiliationRefusal> refusal, Outcome outcome) {}

  /**
   * The GMS changed the groups (the server's subscription to group configuration): affiliations
   * the groups no longer allow end, and regroup participants who lose their last regrouped group
   * leave the regroup. A member added may affiliate from now on and joins a regroup late (10.xx.3.4.1).
   */
  public Outcome groupsChanged() {
    return affiliation.afterGroupsChanged(registrations.all(), ctx.journal()::clientChanged);
  }

  public Set<McServiceGroupId> affiliationsOf(McServiceClient client, McService service) {
    return affiliations.groupsOf(client, service);
  }

  public Set<McServiceClient> affiliatedTo(McServiceGroupId group, McService service) {
    return affiliations.affiliatedTo(group, service);
  }

  // ---- preconfigured regrouping (10.xx.3.2)

  /** A preconfigured regroup request from a client (10.xx.2.1) when only the answer matters: {@link #regroupAcrossSystems}'s outcome. */
  public Outcome regroup(McService service, PreconfiguredRegroupRequest.FromClient request) {
    return regroupAcrossSystems(service, request).outcome();
  }

  /** What {@link #regroupAcrossSystems} would do with {@code request}, changing nothing (a dry run). */
  public RegroupPreview preview(McService service, PreconfiguredRegroupRequest.FromClient request) {
    return request.targets() instanceof RegroupTargets.Groups ? groupRegroup.preview(service, request) : userRegroup.preview(service, request);
  }

  /** A preconfigured regroup cancel request from a client (10.xx.2.7): {@link #cancelAcrossSystems}'s outcome. */
  public Outcome cancel(McService service, PreconfiguredRegroupCancelRequest.FromClient request) {
    return cancelAcrossSystems(service, request).outcome();
  }

  // ---- preconfigured regrouping in multiple MC systems (10.xx.3.3)

  /**
   * A preconfigured regroup request from a client whose groups or users may be homed in partner
   * systems: either decided at once, or awaiting the partners' answers ({@link CrossSystem#awaiting()}).
   */
  public CrossSystem regroupAcrossSystems(McService service, PreconfiguredRegroupRequest.FromClient request) {
    return request.targets() instanceof RegroupTargets.Groups
        ? groupRegroup.handle(service, request)
        : userRegroup.handle(service, request);
  }

  /**
   * One partner answered a cross-system create, or did not in time (10.xx.3.3.1 steps 10 and 11 /
   * 10.xx.3.3.4): the requester's answer once the create is decided, else {@link CrossSystem#awaiting()}.
   */
  public CrossSystem partnerEvent(McServiceGroupId regroupGroup, long instance, PrimaryRegroupAcrossSystems.PartnerEvent event) {
    return primarySide.on(regroupGroup, instance, event);
  }

  /** Every partner's answer at once, in order ({@link #partnerEvent} for each until the create is decided). */
  public CrossSystem partnersAnswered(McServiceGroupId regroupGroup, long instance, java.util.Map<String, PartnerAnswer> answers) {
    return primarySide.complete(regroupGroup, instance, answers);
  }

  /** A cancel request from a client; cancels to partners when the regroup spans them (10.xx.3.3.3). */
  public CrossSystem cancelAcrossSystems(McService service, PreconfiguredRegroupCancelRequest.FromClient request) {
    return cancellation.handleAcrossSystems(service, request);
  }

  /** A preconfigured regroup request from a partner's server (10.xx.2.3). */
  public Outcome regroupFromPartner(PartnerConfig primary, McService service, PreconfiguredRegroupRequest.BetweenServers request) {
    return partnerSide.create(primary, service, request);
  }

  /** Muster extension: the regroups whose expiry time is reached, cancelled by the system ({@link RegroupCancellation#expire}). */
  public Outcome expireRegroups() {
    return cancellation.expire();
  }

  /** A preconfigured regroup cancel request from a partner's server (10.xx.2.9). */
  public Outcome cancelFromPartner(PartnerConfig primary, McService service, PreconfiguredRegroupCancelRequest.BetweenServers request) {
    return partnerSide.cancel(primary, service, request);
  }

  /**
   * A partner's report of the member steps of the clients it serves in one of our regroups
   * ({@link MemberReport}, beyond the seed): recorded apart from the clients served here, or
   * refused when the regroup is unknown here or does not span {@code partnerId}. Sends nothing
   * and is not made durable ({@link PartnerMemberReports}).
   */
  public PartnerMemberReports.Receipt partnerMembersReported(String partnerId, MemberReport report) {
    return partnerReports.reported(partnerId, report);
  }

  /** Beyond the seed: a partner-served regroup ended here without its primary, and the primary's record of it. */
  public org.muster.core.regroup.PartnerRegroupRelease partnerRelease() { return new org.muster.core.regroup.PartnerRegroupRelease(ctx, partnerSide, partnerReports); }

  /** The cancels this primary owes partner systems until they confirm ({@link CancelsOwedToPartners}): when, and their answers. */
  public CancelsOwedToPartners cancelsOwed() {
    return ctx.owedCancels();
  }

  /** At start, after {@link #restore}: the cancels this server instance owed partners when it stopped, due now. */
  public void oweCancels(List<OwedCancel> owed) {
    ctx.owedCancels().owe(owed, true);
  }

  /** The store committed {@code changes} (a decision's, in order): what waited for that (cancels owed to partners) may go now. */
  public void committed(List<StateChange> changes) {
    for (StateChange c : changes) if (c instanceof StateChange.RegroupCancelled x) ctx.owedCancels().committed(x.owed());
  }

  /** A count that moves whenever a regroup is formed, ended or undone here. */
  public long regroupChanges() {
    return ctx.journal().regroupChanges();
  }

  /** A delivery that got no answer in time, sent again if still due ({@link Redelivery}). */
  public Outcome retryDelivery(Delivery delivery, int attempt) {
    return redelivery.retry(delivery, attempt);
  }

  /** How a client answered a delivery ({@link Redelivery#answered}). */
  public Outcome deliveryAnswered(Delivery delivery, Delivery.Answer answer, String detail) {
    return redelivery.answered(delivery, answer, detail);
  }

  public Collection<ActiveRegroup> activeRegroups() {
    return directory.allActive();
  }

  /** The regroup of {@code regroupGroup} if it is active (in effect or forming). */
  public Optional<ActiveRegroup> activeRegroup(McServiceGroupId regroupGroup) {
    return directory.active(regroupGroup);
  }

  /** An active or recently cancelled regroup, with its per-member outcome. */
  public Optional<ActiveRegroup> regroup(McServiceGroupId regroupGroup) {
    Optional<ActiveRegroup> r = directory.active(regroupGroup);
    return r.isPresent() ? r : directory.recentlyCancelled(regroupGroup);
  }

  public Collection<ActiveRegroup> recentlyCancelled() {
    return new ArrayList<>(directory.allRecentlyCancelled());
  }

  // ---- durable state (STYLE.md 3.3: replay rebuilds state; see org.muster.core.port.StateStore)

  /**
   * Rebuilds registrations, affiliations and active regroups from the store, sending nothing.
   * Called once, before any request; registrations that expired meanwhile end at the next
   * {@link #expireRegistrations()} like any other.
   */
  public void restore(Snapshot snapshot) {
    ctx.journal().drain();
    for (Registration r : snapshot.registrations()) registrations.put(r);
    for (AffiliationRecord a : snapshot.affiliations()) affiliations.replace(a.client(), a.service(), a.groups());
    for (RegroupRecord r : snapshot.regroups()) ctx.restore(r);
    for (RegroupRecord r : snapshot.cancelledOwing()) ctx.restoreCancelled(r);
    ctx.journal().drain(); // what the store holds already
  }

  /** Several instances on one store: the regroups changed there take effect here ({@link SharedStoreFollower}), not written again. */
  public Outcome followSharedStore(List<org.muster.core.regroup.StoredRegroup> changed) {
    return follower.follow(changed);
  }

  /** Serves the clients of an instance that stopped, as the store had them (those registered here meanwhile as they are). */
  public Outcome takeOver(Snapshot taken) {
    Set<McServiceClient> clients = new java.util.LinkedHashSet<>();
    for (Registration r : taken.registrations()) if (registrations.get(r.client()).isEmpty() && clients.add(r.client())) registrations.put(r);
    for (AffiliationRecord a : taken.affiliations()) if (clients.contains(a.client())) affiliations.replace(a.client(), a.service(), a.groups());
    return takeover.takeOver(clients, taken.regroups(), taken.cancelledOwing()); // InstanceTakeover
  }

  /** After {@link #restore}: requests in flight or unanswered when the server stopped, sent again ({@link Redelivery#afterRestart}). */
  public Outcome resumeDeliveries() {
    return redelivery.afterRestart();
  }

  /**
   * Makes one decision: runs {@code step} on this core and returns its answer with the changes it
   * made, in order ({@link StateChange}). The adapter's one way in for requests and timers.
   */
  public <T> Decision<T> decide(java.util.function.Function<McServiceServer, T> step) {
    ctx.journal().drain(); // nothing may be left over from outside a decision (restore, undo)
    T answer = step.apply(this);
    return new Decision<>(answer, ctx.journal().drain());
  }

  /**
   * Takes back promised changes the store could not take (it was unreachable, or another server
   * sharing it had claimed a group first), latest first, from the records alone: a formed or
   * forming regroup is forgotten, a cancelled one is in effect again as it was. Sends nothing;
   * the requests that made them are refused. Other changes are kept and written later.
   */
  public void undo(List<StateChange> notTaken) {
    for (int i = notTaken.size() - 1; i >= 0; i--) {
      StateChange c = notTaken.get(i);
      if (c instanceof StateChange.RegroupFormed f) ctx.forget(f.regroup().regroupGroup());
      else if (c instanceof StateChange.RegroupForming f) ctx.forget(f.regroup().regroupGroup());
      else if (c instanceof StateChange.RegroupInEffect e) primarySide.undoInEffect(e);
      else if (c instanceof StateChange.RegroupCancelled x) {
        ctx.owedCancels().forget(x.owed());
        ctx.reinstate(x.before());
      }
      // anything else is not a promise: kept for the next write
    }
    ctx.journal().drain(); // undoing is not a change to write
    ctx.journal().undone();
  }

  /** Registered clients, affiliations and regroups, for metrics. */
  public Stats stats() {
    return new Stats(registrations.size(), affiliations.size(), directory.allActive().size());
  }

  public record Stats(int registeredClients, int affiliations, int activeRegroups) {}

  /** The services a Contact without feature tags registers for (WIRE.md: all three). */
  public static Set<McService> allServices() {
    return EnumSet.allOf(McService.class);
  }
}
