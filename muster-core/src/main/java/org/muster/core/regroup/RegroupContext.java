package org.muster.core.regroup;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.muster.core.affiliation.Affiliations;
import org.muster.core.config.Authorization;
import org.muster.core.config.McSystemConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.registration.Registrations;

/**
 * What the regroup procedures work on: the provisioned system, the dynamic data (registrations,
 * affiliations, regroups) and the clock; plus the member-level steps every procedure shares
 * (send a request, affiliate, send a cancel, de-affiliate), each recording the member's outcome.
 */
public final class RegroupContext {
  final McSystemConfig config;
  final Registrations registrations;
  final Affiliations affiliations;
  final RegroupDirectory directory;
  final Clock clock;
  /** What the decision being made changed, in order ({@link StateChange}). */
  final Journal journal;
  /** The cancels this primary owes partner systems until they confirm (10.xx.3.3.3, 10.xx.3.3.4). */
  final CancelsOwedToPartners owedCancels;
  private long nextDeliveryId = 1;
  private long nextInstance = 1;

  public RegroupContext(
      McSystemConfig config, Registrations registrations, Affiliations affiliations, RegroupDirectory directory, Clock clock) {
    this.config = config;
    this.registrations = registrations;
    this.affiliations = affiliations;
    this.directory = directory;
    this.clock = clock;
    this.journal = new Journal(registrations, affiliations);
    this.owedCancels = new CancelsOwedToPartners(this);
  }

  public Journal journal() {
    return journal;
  }

  public CancelsOwedToPartners owedCancels() {
    return owedCancels;
  }

  /** Records a change of the decision being made. */
  void changed(StateChange change) {
    journal.add(change);
  }

  /**
   * When a regroup of {@code req} formed now expires (Muster extension): as the request asks, else
   * as its preconfigured group's provisioning says, else never. A refusal when the request asks
   * for an instant that is not in the future.
   */
  java.util.Optional<Rejection> expiryRefused(org.muster.core.flow.PreconfiguredRegroupRequest.FromClient req) {
    Instant now = now();
    if (req.expires().isPresent() && !req.expires().get().from(now).isAfter(now)) {
      return java.util.Optional.of(Rejection.of(RejectReason.MALFORMED, "expires " + req.expires().get().from(now) + " is not in the future"));
    }
    return java.util.Optional.empty();
  }

  /** Sets when {@code r}, formed for {@code req}, expires ({@link #expiryRefused} passed). */
  void setExpiry(ActiveRegroup r, org.muster.core.flow.PreconfiguredRegroupRequest.FromClient req) {
    java.util.Optional<org.muster.core.flow.RegroupExpiry> asked = req.expires()
        .or(() -> config.group(req.configurationGroup()).flatMap(g -> g.regroupExpires()).map(org.muster.core.flow.RegroupExpiry.After::new));
    asked.ifPresent(e -> r.expireAt(e.from(r.formedAt())));
  }

  /** A client's create refused for {@code why}: recorded in the history (a reject), and answered so. */
  CrossSystem createRefused(org.muster.core.id.McService service, org.muster.core.flow.PreconfiguredRegroupRequest.FromClient req,
      Rejection why) {
    recorded(HistoryEntry.createRejected(now(), service, req.requester(), req.regroupGroup(), req.configurationGroup(), req.targets(), why));
    return CrossSystem.rejected(why);
  }

  /** Records a line of the regroup history, with the changes of the decision being made. */
  void recorded(HistoryEntry entry) {
    journal.add(new StateChange.Recorded(entry));
  }

  /** A new regroup instance number (see {@link ActiveRegroup#instance()}). */
  long newInstance() {
    return nextInstance++;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * 10.xx.3.3.1 step 5 / 10.xx.3.3.2 (migration, TS 23.280 3.1): the partner systems that serve
   * users of ours who migrated there ({@code users[].served-by}) are asked too, since they find
   * the affiliated (or registered) clients of those users; added to {@code partners}.
   */
  void addServingPartners(java.util.Collection<McServiceId> users, java.util.Set<String> partners) {
    for (McServiceId u : users) {
      config.user(u).flatMap(org.muster.core.config.UserConfig::servedBy).filter(p -> config.partner(p).isPresent()).ifPresent(partners::add);
    }
  }

  /** The id of the partner MC system whose identities have {@code domain}, if any (10.xx.3.3.1 step 3). */
  java.util.Optional<String> partnerHoming(String domain) {
    return config.partnerForDomain(domain).map(p -> p.id());
  }

  boolean may(McServiceId user, Authorization a) {
    return config.user(user).map(u -> u.may(a)).orElse(false);
  }

  /**
   * WIRE.md: an exact repeat of an active create (same requester, regroup group, preconfigured
   * group and list) is a retry, answered with success and no change. A regroup still waiting for
   * its partners is not yet in effect, so a repeat of it is not a retry.
   */
  boolean isRetry(org.muster.core.id.McService service, org.muster.core.flow.PreconfiguredRegroupRequest.FromClient req) {
    return directory.active(req.regroupGroup()).filter(r -> !r.forming() && r.isRepeatedBy(service, req)).isPresent();
  }

  /**
   * The checks of the regroup group ID shared by both creates: it is in this system's domain or a
   * partner's (403: nobody may name groups in a domain no system here serves), and not in use
   * ("165 group ID for regroup already in use", WIRE.md table).
   */
  java.util.Optional<Rejection> regroupGroupIdRefused(McServiceGroupId regroupGroup, McServiceGroupId configurationGroup) {
    String domain = regroupGroup.domain();
    if (!domain.equals(config.domain()) && config.partnerForDomain(domain).isEmpty()) {
      return java.util.Optional.of(Rejection.of(RejectReason.NOT_AUTHORIZED, "regroup group " + regroupGroup.uri()
          + " is in " + domain + ", which is neither this system's domain (" + config.domain() + ") nor a partner system's"));
    }
    if (regroupGroup.equals(configurationGroup)) {
      // 10.xx.3.1: the preconfigured group is not used as the regroup group itself
      return java.util.Optional.of(Rejection.of(RejectReason.REGROUP_GROUP_ID_IN_USE, regroupGroup.uri() + " is the preconfigured group of the request"));
    }
    if (config.group(regroupGroup).isPresent()) {
      return java.util.Optional.of(Rejection.of(RejectReason.REGROUP_GROUP_ID_IN_USE, regroupGroup.uri() + " is a configured group"));
    }
    if (directory.active(regroupGroup).isPresent()) {
      return java.util.Optional.of(Rejection.of(RejectReason.REGROUP_GROUP_ID_IN_USE, regroupGroup.uri() + " is the regroup group of an active regroup"));
    }
    return java.util.Optional.empty();
  }

  /**
   * 10.xx.3.1: the regroup group takes its configuration from the preconfigured group, for the
   * request's MC service: the preconfigured group and every listed group homed here must be
   * configured for that service (a group homed in a partner system is the partner's to check).
   */
  java.util.Optional<Rejection> serviceNotConfigured(org.muster.core.id.McService service, McServiceGroupId configurationGroup,
      List<McServiceGroupId> listedHere) {
    for (McServiceGroupId g : java.util.stream.Stream.concat(java.util.stream.Stream.of(configurationGroup), listedHere.stream()).toList()) {
      java.util.Optional<org.muster.core.config.GroupConfig> gc = config.group(g);
      if (gc.isPresent() && !gc.get().offers(service)) {
        return java.util.Optional.of(Rejection.of(RejectReason.SERVICE_NOT_CONFIGURED,
            g.uri() + " is not configured for " + service.name().toLowerCase(java.util.Locale.ROOT)));
      }
    }
    return java.util.Optional.empty();
  }

  /** What the server learns from its GMS ({@link org.muster.core.config.GmsSubscription}); set once at start. */
  volatile org.muster.core.config.GmsSubscription gms = org.muster.core.config.GmsSubscription.NONE;

  /**
   * A partner's request names {@code group} as its preconfigured group (10.xx.3.3.1 step 5): our
   * provisioning's copy of it when there is one (it narrows who here holds it), else the
   * configuration {@code primary}'s GMS shared with ours.
   */
  java.util.Optional<org.muster.core.config.GroupConfig> preconfiguredGroupFrom(org.muster.core.config.PartnerConfig primary,
      McServiceGroupId group) {
    java.util.Optional<org.muster.core.config.GroupConfig> own = config.group(group);
    if (own.isPresent()) return own;
    if (!group.domain().equals(primary.domain())) return java.util.Optional.empty(); // only its home system shares a group
    return gms.sharedBy(primary.id(), group);
  }

  public void subscribeToGms(org.muster.core.config.GmsSubscription subscription) {
    this.gms = java.util.Objects.requireNonNull(subscription, "subscription");
  }

  /**
   * 10.xx.3.1: {@code group} is regrouped, by a regroup here (or on an instance sharing the
   * store) or, as the GMS notified, by another mechanism.
   */
  boolean isRegrouped(McServiceGroupId group) {
    return directory.isRegrouped(group) || gms.regroupedElsewhere(group);
  }

  /**
   * The "148 group is regrouped" refusal for {@code group}, its detail naming what holds it (the
   * regroup group of the regroup here, or another mechanism the GMS reported), so a dispatcher
   * learns which regroup to cancel.
   */
  Rejection regrouped(McServiceGroupId group) {
    String holder = directory.regroupOf(group).map(r -> "by " + r.regroupGroup().uri())
        .or(() -> directory.active(group).map(r -> "as the regroup group of an active regroup"))
        .orElse("by another mechanism (marked at the group management server)");
    return Rejection.of(RejectReason.GROUP_REGROUPED, group.uri() + " is regrouped " + holder);
  }

  /** True when {@code user}, served here, holds the configuration of {@code group} ({@link #preconfiguredGroupFrom}). */
  boolean holds(org.muster.core.config.GroupConfig group, McServiceId user) {
    if (config.group(group.id()).isPresent()) return config.isMember(group.id(), user);
    return config.user(user).isPresent(); // shared: distributed to every user served here (10.2.7)
  }

  /** Names of users who do not hold the configuration group, for a readable reject. */
  static String names(List<McServiceId> users) {
    String head = users.stream().limit(10).map(McServiceId::uri).collect(Collectors.joining(", "));
    return users.size() > 10 ? head + " and " + (users.size() - 10) + " more" : head;
  }

  private void step(ActiveRegroup r, McServiceClient c, MemberState s, String detail, Outcome.Builder b) {
    Instant at = now();
    MemberStep step = new MemberStep(s, at, detail);
    r.record(c, step);
    journal.add(new StateChange.MemberStepped(r.regroupGroup(), c, step, java.util.Optional.of(r.formedAt())));
    b.event(RegroupEvent.member(at, r, c, s, detail));
  }

  /** Sends the preconfigured regroup request (10.xx.2.2) to one client. */
  void sendRequest(ActiveRegroup r, McServiceClient c, Outcome.Builder b) {
    b.send(new Delivery(nextDeliveryId++, r.instance(), c, r.service(), r.requestTo(c.user())));
    step(r, c, MemberState.NOTIFIED, "preconfigured regroup request sent", b);
  }

  /** Affiliates one client to the regroup group. */
  void affiliate(ActiveRegroup r, McServiceClient c, MemberState how, String detail, Outcome.Builder b) {
    directory.join(r, c);
    step(r, c, how, detail, b);
  }

  /** Sends the preconfigured regroup request again (see {@link Redelivery}). */
  void resendRequest(ActiveRegroup r, McServiceClient c, String why, Outcome.Builder b) {
    b.send(new Delivery(nextDeliveryId++, r.instance(), c, r.service(), r.requestTo(c.user())));
    step(r, c, MemberState.NOTIFIED, "preconfigured regroup request sent again: " + why, b);
  }

  /** Sends a cancel request again (see {@link Redelivery}). */
  void resendCancel(ActiveRegroup r, Delivery earlier, String why, Outcome.Builder b) {
    b.send(new Delivery(nextDeliveryId++, r.instance(), earlier.client(), r.service(), earlier.flow()));
    step(r, earlier.client(), MemberState.CANCEL_NOTIFIED, "preconfigured regroup cancel request sent again: " + why, b);
  }

  /** Sends the preconfigured regroup cancel request (10.xx.2.8) to one client. */
  void sendCancel(ActiveRegroup r, McServiceClient c, McServiceId requester, Outcome.Builder b) {
    b.send(new Delivery(nextDeliveryId++, r.instance(), c, r.service(),
        new PreconfiguredRegroupCancelRequest.ToClient(c.user(), r.regroupGroup(), requester)));
    step(r, c, MemberState.CANCEL_NOTIFIED, "preconfigured regroup cancel request sent", b);
  }

  /** De-affiliates one client from the regroup group, saying why. */
  void deaffiliate(ActiveRegroup r, McServiceClient c, MemberState how, String detail, Outcome.Builder b) {
    directory.leave(r, c);
    step(r, c, how, detail, b);
  }

  /**
   * Rebuilds a stored regroup (replay after a restart, or undoing a cancel the store refused):
   * its lists, participants and outcome history, with no deliveries.
   */
  public ActiveRegroup restore(RegroupRecord rec) {
    ActiveRegroup r = rebuilt(rec);
    directory.add(r);
    // participants served here (with several instances on one store, the others' are theirs)
    for (McServiceClient c : rec.participants()) if (registrations.get(c).isPresent()) directory.join(r, c);
    rederiveParticipants(r);
    return r;
  }

  /**
   * A regroup cancelled shortly before a restart whose cancel some clients had not answered
   * ({@code rec.participants()}): remembered as recently cancelled, those clients still owed the
   * cancel ({@link Redelivery#afterRestart}); in effect nowhere, no group is regrouped by it. The
   * store gives them oldest first, and a cancel names only the regroup group: a later one of the
   * same regroup group takes over the clients an earlier one still owed. A client in the regroup
   * of that regroup group in effect again is owed nothing: the old cancel would take it out of
   * the new regroup.
   */
  public void restoreCancelled(RegroupRecord rec) {
    ActiveRegroup r = rebuilt(rec);
    Set<McServiceClient> owed = new java.util.LinkedHashSet<>();
    directory.recentlyCancelled(rec.regroupGroup()).ifPresent(earlier -> owed.addAll(earlier.takeOwedCancels()));
    for (McServiceClient c : rec.participants()) if (registrations.get(c).isPresent()) owed.add(c); // served here
    directory.active(rec.regroupGroup()).ifPresent(again -> owed.removeAll(again.participants()));
    owed.forEach(r::oweCancel);
    directory.addRecent(r);
  }

  /** {@code rec} as a regroup of this core (a new instance): its lists, outcome history and systems; no participants. */
  ActiveRegroup rebuilt(RegroupRecord rec) {
    ActiveRegroup r = new ActiveRegroup(rec.service(), rec.requester(), rec.regroupGroup(), rec.configurationGroup(), rec.targets(),
        rec.broadcast(), rec.formedAt(), newInstance());
    rec.outcomes().forEach((c, steps) -> steps.forEach(s -> r.record(c, s)));
    rec.partners().forEach(r::addPartner);
    rec.primarySystem().ifPresent(r::servedFor);
    rec.expiresAt().ifPresent(r::expireAt);
    return r;
  }

  /**
   * After a restart: a client takes part while affiliated to a regrouped group (group regroup) or
   * registered as a listed user (user regroup), whatever the stored participants say.
   */
  private void rederiveParticipants(ActiveRegroup r) {
    if (r.targets() instanceof org.muster.core.flow.RegroupTargets.Groups g) {
      for (McServiceGroupId group : g.groups()) for (McServiceClient c : affiliations.affiliatedTo(group, r.service())) directory.join(r, c);
    } else {
      for (McServiceId u : ((org.muster.core.flow.RegroupTargets.Users) r.targets()).users()) {
        for (McServiceClient c : registrations.clientsOf(u, r.service())) directory.join(r, c);
      }
    }
  }

  /** Undoes the forming of the active regroup of {@code regroupGroup} (the store refused it). */
  public boolean forget(McServiceGroupId regroupGroup) {
    java.util.Optional<ActiveRegroup> r = directory.active(regroupGroup);
    r.ifPresent(directory::discard);
    return r.isPresent();
  }

  /** Undoes a cancel the store did not record: {@code before} is the regroup as it was. */
  public ActiveRegroup reinstate(RegroupRecord before) {
    // what partners reported is not in the record (memory only): carried over from the cancelled one
    java.util.Optional<ActiveRegroup> cancelled = directory.recentlyCancelled(before.regroupGroup());
    directory.forgetRecent(before.regroupGroup());
    forget(before.regroupGroup());
    ActiveRegroup again = restore(before);
    cancelled.ifPresent(again::adoptPartnerReports);
    return again;
  }

  /** Records how a client answered a delivery (acknowledgements are optional: 10.xx.3.2.1 step 7). */
  public Outcome recordAnswerOutcome(ActiveRegroup r, Delivery d, Delivery.Answer answer, String detail) {
    Outcome.Builder b = new Outcome.Builder();
    recordAnswer(r, d, answer, detail, b);
    return b.build();
  }

  private void recordAnswer(ActiveRegroup r, Delivery d, Delivery.Answer answer, String detail, Outcome.Builder b) {
    MemberState s = switch (answer) {
      case ACKNOWLEDGED -> d.isCancel() ? MemberState.CANCEL_ACKNOWLEDGED : MemberState.ACKNOWLEDGED;
      case FAILED -> d.isCancel() ? MemberState.CANCEL_FAILED : MemberState.FAILED;
      case UNREACHABLE -> d.isCancel() ? MemberState.CANCEL_UNREACHABLE : MemberState.UNREACHABLE;
    };
    step(r, d.client(), s, detail, b);
  }
}
