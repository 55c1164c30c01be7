package org.muster.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * One MC system as provisioned (PROVISIONING.md). Built only by the provisioning loader after
 * validation, or by tests. Immutable except for its groups, which the group management server
 * may change at runtime ({@link #replaceGroups}): they are one immutable snapshot, replaced
 * whole, so a reader on any thread sees either the old groups or the new ones.
 */
public final class McSystemConfig {
  private final SystemSettings system;
  private final Map<McServiceId, UserConfig> users;
  private volatile Groups groups;
  private final List<PartnerConfig> partners;
  private final Map<String, PartnerConfig> partnersByDomain;

  public McSystemConfig(
      SystemSettings system, List<UserConfig> users, List<GroupConfig> groups, List<PartnerConfig> partners) {
    this.system = system;
    // sized up front: a system may provision a million users (start-up builds these once)
    Map<McServiceId, UserConfig> u = new LinkedHashMap<>(capacity(users.size()));
    for (UserConfig uc : users) u.put(uc.id(), uc);
    this.users = Collections.unmodifiableMap(u);
    this.groups = Groups.of(groups, users.size());
    this.partners = List.copyOf(partners);
    Map<String, PartnerConfig> pd = new HashMap<>();
    for (PartnerConfig p : partners) pd.put(p.domain(), p);
    this.partnersByDomain = pd;
  }

  /** The groups, with the two indexes every request reads. */
  private record Groups(Map<McServiceGroupId, GroupConfig> byId, Map<McServiceGroupId, Set<McServiceId>> membership,
      Map<McServiceId, Set<McServiceGroupId>> ofUser) {
    static Groups of(List<GroupConfig> groups, int users) {
      Map<McServiceGroupId, GroupConfig> g = new LinkedHashMap<>(capacity(groups.size()));
      Map<McServiceGroupId, Set<McServiceId>> m = new HashMap<>(capacity(groups.size()));
      Map<McServiceId, List<McServiceGroupId>> ug = new HashMap<>(capacity(users));
      for (GroupConfig gc : groups) {
        g.put(gc.id(), gc);
        m.put(gc.id(), Set.copyOf(gc.members()));
        for (McServiceId member : gc.members()) ug.computeIfAbsent(member, k -> new ArrayList<>(2)).add(gc.id());
      }
      Map<McServiceId, Set<McServiceGroupId>> byUser = new HashMap<>(capacity(ug.size()));
      ug.forEach((k, v) -> byUser.put(k, small(v)));
      return new Groups(Collections.unmodifiableMap(g), m, byUser);
    }
  }

  /**
   * The group management server changed the groups (10.xx.3 pre-conditions: the server is
   * subscribed to group configuration): {@code groups} replace them all, validated by the GMS as
   * the provisioning loader validates the file.
   */
  public void replaceGroups(List<GroupConfig> groups) {
    this.groups = Groups.of(groups, users.size());
  }

  /** {@code Set.copyOf} without its intermediate HashSet for the one or two groups most users are in. */
  private static Set<McServiceGroupId> small(List<McServiceGroupId> v) {
    if (v.size() == 1) return Set.of(v.get(0));
    if (v.size() == 2) return v.get(0).equals(v.get(1)) ? Set.of(v.get(0)) : Set.of(v.get(0), v.get(1));
    return Set.copyOf(v);
  }

  private static int capacity(int entries) {
    return (int) Math.min(Integer.MAX_VALUE - 8, entries / 0.75 + 1);
  }

  public SystemSettings system() {
    return system;
  }

  public String domain() {
    return system.domain();
  }

  public Map<McServiceId, UserConfig> users() {
    return users;
  }

  public Map<McServiceGroupId, GroupConfig> groups() {
    return groups.byId();
  }

  public List<PartnerConfig> partners() {
    return partners;
  }

  public Optional<UserConfig> user(McServiceId id) {
    return Optional.ofNullable(users.get(id));
  }

  public Optional<GroupConfig> group(McServiceGroupId id) {
    return Optional.ofNullable(groups.byId().get(id));
  }

  /** True when {@code user} is listed in the members of {@code group}. */
  public boolean isMember(McServiceGroupId group, McServiceId user) {
    Set<McServiceId> members = groups.membership().get(group);
    return members != null && members.contains(user);
  }

  /** The groups that list {@code user} as a member. */
  public Set<McServiceGroupId> groupsOf(McServiceId user) {
    return groups.ofUser().getOrDefault(user, Set.of());
  }

  /** The partner system whose domain is {@code domain}, if any. */
  public Optional<PartnerConfig> partnerForDomain(String domain) {
    return Optional.ofNullable(partnersByDomain.get(domain.toLowerCase()));
  }

  /**
   * True when {@code user} may register and act here: a user of ours, or a partner's user our
   * provisioning lists (in {@code users}, for its credential) as migrated to us by that partner.
   */
  public boolean servesHere(McServiceId user) {
    if (!users.containsKey(user)) return false;
    if (user.domain().equals(domain())) return true;
    return partnerForDomain(user.domain()).map(p -> p.migrates(user)).orElse(false);
  }

  /** The partner with short name {@code id}. */
  public Optional<PartnerConfig> partner(String id) {
    return partners.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** Same configuration with another system block (tests bind port 0). */
  public McSystemConfig withSystem(SystemSettings newSystem) {
    return new McSystemConfig(newSystem, List.copyOf(users.values()), List.copyOf(groups.byId().values()), partners);
  }
}
