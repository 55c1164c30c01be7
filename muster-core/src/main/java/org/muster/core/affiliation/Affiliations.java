package org.muster.core.affiliation;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * MC service group affiliation state (TS 23.280 10.8): which client is affiliated to which
 * group for which MC service, indexed both ways. Affiliations to regroup groups are kept by the
 * regroups themselves ({@code org.muster.core.regroup}), not here.
 */
public final class Affiliations {
  private final Map<McServiceClient, EnumMap<McService, Set<McServiceGroupId>>> byClient = new HashMap<>();
  private final Map<McServiceGroupId, EnumMap<McService, Set<McServiceClient>>> byGroup = new HashMap<>();

  /** The groups {@code client} is affiliated to for {@code service}. */
  public Set<McServiceGroupId> groupsOf(McServiceClient client, McService service) {
    EnumMap<McService, Set<McServiceGroupId>> m = byClient.get(client);
    if (m == null) return Set.of();
    Set<McServiceGroupId> s = m.get(service);
    return s == null ? Set.of() : Set.copyOf(s);
  }

  /** The clients affiliated to {@code group} for {@code service}. */
  public Set<McServiceClient> affiliatedTo(McServiceGroupId group, McService service) {
    EnumMap<McService, Set<McServiceClient>> m = byGroup.get(group);
    if (m == null) return Set.of();
    Set<McServiceClient> s = m.get(service);
    return s == null ? Set.of() : Set.copyOf(s);
  }

  public boolean isAffiliated(McServiceClient client, McService service, McServiceGroupId group) {
    EnumMap<McService, Set<McServiceGroupId>> m = byClient.get(client);
    return m != null && m.containsKey(service) && m.get(service).contains(group);
  }

  /** Replaces the whole set of {@code client}'s affiliations for {@code service}. */
  public void replace(McServiceClient client, McService service, Set<McServiceGroupId> groups) {
    for (McServiceGroupId old : groupsOf(client, service)) unindex(client, service, old);
    if (groups.isEmpty()) {
      EnumMap<McService, Set<McServiceGroupId>> m = byClient.get(client);
      if (m != null) {
        m.remove(service);
        if (m.isEmpty()) byClient.remove(client);
      }
      return;
    }
    byClient.computeIfAbsent(client, k -> new EnumMap<>(McService.class)).put(service, new LinkedHashSet<>(groups));
    for (McServiceGroupId g : groups) {
      byGroup.computeIfAbsent(g, k -> new EnumMap<>(McService.class)).computeIfAbsent(service, k -> new LinkedHashSet<>()).add(client);
    }
  }

  private void unindex(McServiceClient client, McService service, McServiceGroupId group) {
    EnumMap<McService, Set<McServiceClient>> m = byGroup.get(group);
    if (m == null) return;
    Set<McServiceClient> s = m.get(service);
    if (s == null) return;
    s.remove(client);
    if (s.isEmpty()) m.remove(service);
    if (m.isEmpty()) byGroup.remove(group);
  }

  /** Number of (client, service, group) affiliations. */
  public int size() {
    int n = 0;
    for (EnumMap<McService, Set<McServiceGroupId>> m : byClient.values()) for (Set<McServiceGroupId> s : m.values()) n += s.size();
    return n;
  }
}
