package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * The MC service server's dynamic regroup data (10.xx.3.2.1 NOTE 2): active regroups by
 * regroup group, which group is regrouped by which regroup, the groups the group management
 * server reported as regrouped by another mechanism (10.xx.3.1), the regroups each client
 * takes part in, and the recently cancelled regroups (for per-member outcome queries).
 */
public final class RegroupDirectory {
  /**
   * How many member steps the recently cancelled regroups may hold together, counted when each is
   * cancelled (late cancel answers add about two per member after that). A bound on steps, not on
   * regroups, because a regroup's weight is its size: a step with its client is roughly 200 to
   * 300 bytes, so 200,000 steps keep this history near 50 MB, e.g. the last 250 regroups of 200
   * members (4 steps each), or one incident of 50,000. The most recently cancelled regroup is kept
   * whatever its size (its late cancel answers and redeliveries need it).
   */
  static final int RECENT_STEP_LIMIT = 200_000;

  private final Map<McServiceGroupId, ActiveRegroup> active = new LinkedHashMap<>();
  private final Map<McServiceGroupId, McServiceGroupId> regroupOfGroup = new HashMap<>();
  private final Map<McServiceClient, Set<McServiceGroupId>> participation = new HashMap<>();
  private final LinkedHashMap<McServiceGroupId, ActiveRegroup> recent = new LinkedHashMap<>();
  /** The step count of each regroup in {@link #recent} when it was added, and their sum. */
  private final Map<McServiceGroupId, Integer> recentWeight = new HashMap<>();
  private long recentSteps;

  public Optional<ActiveRegroup> active(McServiceGroupId regroupGroup) {
    return Optional.ofNullable(active.get(regroupGroup));
  }

  public Collection<ActiveRegroup> allActive() {
    return List.copyOf(active.values());
  }

  /** A cancelled regroup still remembered for its outcome, most recent kept. */
  public Optional<ActiveRegroup> recentlyCancelled(McServiceGroupId regroupGroup) {
    return Optional.ofNullable(recent.get(regroupGroup));
  }

  public Collection<ActiveRegroup> allRecentlyCancelled() {
    return List.copyOf(recent.values());
  }

  /** The active group regroup that regroups {@code group}, if any. */
  public Optional<ActiveRegroup> regroupOf(McServiceGroupId group) {
    McServiceGroupId rg = regroupOfGroup.get(group);
    return rg == null ? Optional.empty() : Optional.ofNullable(active.get(rg));
  }

  /** True when {@code group} is regrouped by a regroup known here (the GMS's marks: {@code RegroupContext.isRegrouped}). */
  public boolean isRegrouped(McServiceGroupId group) {
    return regroupOfGroup.containsKey(group);
  }

  void add(ActiveRegroup r) {
    active.put(r.regroupGroup(), r);
    for (McServiceGroupId g : r.regroupedGroups()) regroupOfGroup.put(g, r.regroupGroup());
  }

  void remove(ActiveRegroup r) {
    active.remove(r.regroupGroup());
    for (McServiceGroupId g : r.regroupedGroups()) regroupOfGroup.remove(g, r.regroupGroup());
    for (McServiceClient c : new ArrayList<>(r.participants())) leave(r, c);
    addRecent(r);
  }

  /**
   * Takes {@code r} out as if it had never formed (a create the store refused, or a cross-system
   * create a partner refused): not kept as recent.
   */
  void discard(ActiveRegroup r) {
    active.remove(r.regroupGroup());
    for (McServiceGroupId g : r.regroupedGroups()) regroupOfGroup.remove(g, r.regroupGroup());
    for (McServiceClient c : new ArrayList<>(r.participants())) leave(r, c);
  }

  /** Remembers a cancelled regroup restored after a restart (see {@link RegroupContext#restoreCancelled}). */
  void addRecent(ActiveRegroup r) {
    forgetRecent(r.regroupGroup());
    int weight = r.stepCount();
    recent.put(r.regroupGroup(), r);
    recentWeight.put(r.regroupGroup(), weight);
    recentSteps += weight;
    while (recentSteps > RECENT_STEP_LIMIT && recent.size() > 1) forgetRecent(recent.keySet().iterator().next());
  }

  /** The member steps the recently cancelled regroups held when they were added (see {@link #RECENT_STEP_LIMIT}). */
  long recentSteps() {
    return recentSteps;
  }

  /** Forgets the recently cancelled regroup of {@code regroupGroup} (a cancel the store refused). */
  void forgetRecent(McServiceGroupId regroupGroup) {
    recent.remove(regroupGroup);
    Integer weight = recentWeight.remove(regroupGroup);
    if (weight != null) recentSteps -= weight;
  }

  void join(ActiveRegroup r, McServiceClient c) {
    r.addParticipant(c);
    participation.computeIfAbsent(c, k -> new HashSet<>()).add(r.regroupGroup());
  }

  void leave(ActiveRegroup r, McServiceClient c) {
    r.removeParticipant(c);
    Set<McServiceGroupId> s = participation.get(c);
    if (s != null) {
      s.remove(r.regroupGroup());
      if (s.isEmpty()) participation.remove(c);
    }
  }

  /** The active regroups {@code client} is affiliated to the regroup group of. */
  public List<ActiveRegroup> participationsOf(McServiceClient client) {
    Set<McServiceGroupId> s = participation.get(client);
    if (s == null) return List.of();
    List<ActiveRegroup> out = new ArrayList<>();
    for (McServiceGroupId rg : s) {
      ActiveRegroup r = active.get(rg);
      if (r != null) out.add(r);
    }
    return out;
  }
}
