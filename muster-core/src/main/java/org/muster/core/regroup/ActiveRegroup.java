package org.muster.core.regroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * An in-progress preconfigured regroup: dynamic data of the MC service server (10.xx.3.2.1
 * NOTE 2), in effect until cancelled. Holds the clients affiliated to the regroup group and
 * the outcome history of every client ever targeted.
 */
public final class ActiveRegroup {
  private final McService service;
  private final McServiceId requester;
  private final McServiceGroupId regroupGroup;
  private final McServiceGroupId configurationGroup;
  private final RegroupTargets targets;
  private final boolean broadcast;
  private final Instant formedAt;
  private final long instance;
  private final Set<McServiceClient> participants = new LinkedHashSet<>();
  private final Set<McServiceClient> owedCancel = new LinkedHashSet<>();
  private final Map<McServiceClient, List<MemberStep>> outcomes = new LinkedHashMap<>();
  private final Set<String> partners = new LinkedHashSet<>();
  /** Primary side: the members each partner serves, as the partner reported them ({@link PartnerMemberReports}). */
  private final Map<String, Map<McServiceClient, List<MemberStep>>> partnerOutcomes = new LinkedHashMap<>();
  /** Primary side: the last report taken from each partner, to drop repeats. */
  private final Map<String, ReportPosition> reportPositions = new LinkedHashMap<>();
  private final Map<String, PartnerRelease> releases = new LinkedHashMap<>();
  private String primarySystem;
  /** When the system cancels this regroup by itself (Muster extension), else null. */
  private Instant expiresAt;
  /** Primary side, across systems: the create's machine while and after it asked its partners (else null). */
  private PrimaryRegroupAcrossSystems.Asking asking;

  public ActiveRegroup(
      McService service,
      McServiceId requester,
      McServiceGroupId regroupGroup,
      McServiceGroupId configurationGroup,
      RegroupTargets targets,
      boolean broadcast,
      Instant formedAt,
      long instance) {
    this.service = service;
    this.requester = requester;
    this.regroupGroup = regroupGroup;
    this.configurationGroup = configurationGroup;
    this.targets = targets;
    this.broadcast = broadcast;
    this.formedAt = formedAt;
    this.instance = instance;
  }

  /** When the system cancels this regroup by itself ({@link org.muster.core.flow.RegroupExpiry}), if it does. */
  public java.util.Optional<Instant> expiresAt() {
    return java.util.Optional.ofNullable(expiresAt);
  }

  void expireAt(Instant at) {
    this.expiresAt = at;
  }

  /** Tells this regroup apart from an earlier or later one that reuses its regroup group ID. */
  public long instance() {
    return instance;
  }

  public McService service() {
    return service;
  }

  public McServiceId requester() {
    return requester;
  }

  public McServiceGroupId regroupGroup() {
    return regroupGroup;
  }

  public McServiceGroupId configurationGroup() {
    return configurationGroup;
  }

  public RegroupTargets targets() {
    return targets;
  }

  public boolean broadcast() {
    return broadcast;
  }

  public Instant formedAt() {
    return formedAt;
  }

  public boolean isGroupRegroup() {
    return targets instanceof RegroupTargets.Groups;
  }

  /** The groups regrouped by this regroup (empty for a user regroup). */
  public List<McServiceGroupId> regroupedGroups() {
    return targets instanceof RegroupTargets.Groups g ? g.groups() : List.of();
  }

  /** True when {@code request} repeats this regroup exactly (WIRE.md: a retry). */
  public boolean isRepeatedBy(McService s, PreconfiguredRegroupRequest.FromClient request) {
    return service == s
        && requester.equals(request.requester())
        && configurationGroup.equals(request.configurationGroup())
        && sameTargets(targets, request.targets());
  }

  private static boolean sameTargets(RegroupTargets a, RegroupTargets b) {
    if (a instanceof RegroupTargets.Groups ga && b instanceof RegroupTargets.Groups gb) {
      return java.util.Set.copyOf(ga.groups()).equals(java.util.Set.copyOf(gb.groups()));
    }
    if (a instanceof RegroupTargets.Users ua && b instanceof RegroupTargets.Users ub) {
      return java.util.Set.copyOf(ua.users()).equals(java.util.Set.copyOf(ub.users()));
    }
    return false;
  }

  /**
   * The partner MC systems (ids) this regroup spans, on the primary side (10.xx.3.3): they were
   * sent the server-to-server request and accepted it.
   */
  public Set<String> partners() {
    return Collections.unmodifiableSet(partners);
  }

  void addPartner(String partnerId) {
    partners.add(partnerId);
  }

  /** On a partner's side: the id of the primary MC system that asked for this regroup. */
  public java.util.Optional<String> primarySystem() {
    return java.util.Optional.ofNullable(primarySystem);
  }

  void servedFor(String partnerId) {
    this.primarySystem = partnerId;
  }

  /** True while the primary waits for its partners (10.xx.3.3.1 steps 4 to 10): not yet in effect. */
  public boolean forming() {
    return asking != null && asking.state() == PrimaryRegroupAcrossSystems.State.ASKING_PARTNERS;
  }

  PrimaryRegroupAcrossSystems.Asking asking() {
    return asking;
  }

  void asking(PrimaryRegroupAcrossSystems.Asking a) {
    this.asking = a;
  }

  /** The clients currently affiliated to the regroup group. */
  public Set<McServiceClient> participants() {
    return Collections.unmodifiableSet(participants);
  }

  public boolean hasParticipant(McServiceClient c) {
    return participants.contains(c);
  }

  void addParticipant(McServiceClient c) {
    participants.add(c);
  }

  boolean removeParticipant(McServiceClient c) {
    return participants.remove(c);
  }

  /** Restored after a restart: {@code c} had not answered this (cancelled) regroup's cancel. */
  void oweCancel(McServiceClient c) {
    owedCancel.add(c);
  }

  /** The clients a restart found still owed this cancelled regroup's cancel (taken once, by {@link Redelivery#afterRestart}). */
  Set<McServiceClient> takeOwedCancels() {
    Set<McServiceClient> out = new LinkedHashSet<>(owedCancel);
    owedCancel.clear();
    return out;
  }

  void record(McServiceClient c, MemberStep step) {
    outcomes.computeIfAbsent(c, k -> new ArrayList<>()).add(step);
  }

  /** True when {@code c} was ever targeted by this regroup (no copy: on the acknowledgement path). */
  public boolean hasOutcome(McServiceClient c) {
    return outcomes.containsKey(c);
  }

  /** How many member steps this regroup holds, its own and its partners' (the weight of its history). */
  public int stepCount() {
    int n = 0;
    for (List<MemberStep> s : outcomes.values()) n += s.size();
    for (Map<McServiceClient, List<MemberStep>> m : partnerOutcomes.values()) for (List<MemberStep> s : m.values()) n += s.size();
    return n;
  }

  /** The outcome history of one client, oldest first (empty when never targeted). */
  public List<MemberStep> steps(McServiceClient c) {
    List<MemberStep> s = outcomes.get(c);
    return s == null ? List.of() : Collections.unmodifiableList(s);
  }

  /** Every targeted client's outcome history, in the order the clients were first targeted. */
  public Map<McServiceClient, List<MemberStep>> outcomes() {
    Map<McServiceClient, List<MemberStep>> copy = new LinkedHashMap<>();
    outcomes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  /**
   * On the primary side: the outcome history of the clients each partner serves in this regroup,
   * as the partners reported it (partner id, then client, oldest step first). Kept apart from
   * {@link #outcomes()}, which holds only the clients served here; held in memory only.
   */
  public Map<String, Map<McServiceClient, List<MemberStep>>> partnerOutcomes() {
    Map<String, Map<McServiceClient, List<MemberStep>>> copy = new LinkedHashMap<>();
    partnerOutcomes.forEach((p, members) -> {
      Map<McServiceClient, List<MemberStep>> m = new LinkedHashMap<>();
      members.forEach((c, steps) -> m.put(c, List.copyOf(steps)));
      copy.put(p, m);
    });
    return copy;
  }

  /** The live member map of one partner, created on first use (for {@link PartnerMemberReports}). */
  Map<McServiceClient, List<MemberStep>> partnerMembers(String partnerId) {
    return partnerOutcomes.computeIfAbsent(partnerId, k -> new LinkedHashMap<>());
  }

  /** Where the reports of {@code partnerId} stand: its report stream and the last sequence number taken. */
  java.util.Optional<ReportPosition> reportPosition(String partnerId) {
    return java.util.Optional.ofNullable(reportPositions.get(partnerId));
  }

  void reportPosition(String partnerId, ReportPosition position) {
    reportPositions.put(partnerId, position);
  }

  /** On the primary side: the partners that released their part of this regroup, with their notices (memory only). */
  public Map<String, PartnerRelease> releases() {
    return Map.copyOf(releases);
  }

  void releasedBy(String partnerId, PartnerRelease notice) {
    releases.put(partnerId, notice);
  }

  /** Takes over what partners reported to {@code earlier}, the same regroup before it was rebuilt. */
  void adoptPartnerReports(ActiveRegroup earlier) {
    earlier.partnerOutcomes.forEach((p, members) -> members.forEach((c, steps) -> partnerMembers(p).put(c, new ArrayList<>(steps))));
    reportPositions.putAll(earlier.reportPositions);
    releases.putAll(earlier.releases);
  }

  /** The report stream of one partner and the highest sequence number taken from it. */
  record ReportPosition(String stream, long sequence) {}

  /** The request sent to {@code target} (10.xx.2.2), with the list of the original request. */
  public PreconfiguredRegroupRequest.ToClient requestTo(McServiceId target) {
    return new PreconfiguredRegroupRequest.ToClient(target, regroupGroup, configurationGroup, targets, requester, broadcast);
  }
}
