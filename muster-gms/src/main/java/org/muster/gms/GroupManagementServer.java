package org.muster.gms;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.GmsSubscription;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.port.StoreUnavailableException;
import org.muster.protocol.GroupConfigurationDocument;
import org.muster.protocol.SharedGroupEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group management server of one MC system, as far as the preconfigured regrouping procedures
 * need it (TS 23.280 10.xx.3.3.1, 10.xx.3.3.2, 10.2.7):
 *
 * <ul>
 *   <li>its own preconfigured groups (PROVISIONING.md {@code groups[]} with {@code
 *       preconfigured-regroup-only}, homed here) with their security parameters: a key per group,
 *       generated once and kept in the store ({@link #shareWith});
 *   <li>the groups regrouped by another mechanism (10.xx.3.1), marked by an operator and kept in
 *       the store, so a restart and every instance sharing the store see them ({@link #markRegrouped});
 *   <li>the preconfigured groups partner systems' GMSs shared with it, kept in the store and
 *       distributed to every user this system serves ({@link #received}, {@link #sharedBy}: what
 *       the MC service server reads through its subscription).
 * </ul>
 *
 * Thread-safe: reads see an immutable snapshot; {@link #received} is serialised.
 */
public final class GroupManagementServer implements GmsSubscription {
  private static final Logger log = LoggerFactory.getLogger(GroupManagementServer.class);
  /** Key material per group: 256 bits. */
  static final int KEY_BYTES = 32;

  private final McSystemConfig config;
  private final GmsStore store;
  private final Clock clock;
  private final SecureRandom random;
  private volatile Map<McServiceGroupId, GmsStore.GroupKey> keys;
  private volatile Map<McServiceGroupId, GmsStore.PartnerGroup> fromPartners;
  /** Groups regrouped by another mechanism, as last read from the store (other instances mark too). */
  private volatile Set<McServiceGroupId> marks;

  private GroupManagementServer(McSystemConfig config, GmsStore store, Clock clock, SecureRandom random,
      Map<McServiceGroupId, GmsStore.GroupKey> keys, Map<McServiceGroupId, GmsStore.PartnerGroup> fromPartners, Set<McServiceGroupId> marks) {
    this.config = config;
    this.random = random;
    this.store = store;
    this.clock = clock;
    this.keys = Map.copyOf(keys);
    this.fromPartners = Map.copyOf(fromPartners);
    this.marks = Set.copyOf(marks);
  }

  /**
   * Opens the GMS of {@code config} on {@code store}: the keys of our preconfigured groups (those
   * missing are generated with {@code random} and kept; an instance sharing the store that was
   * first wins), and what partners shared before. Throws {@link StoreUnavailableException}.
   */
  public static GroupManagementServer open(McSystemConfig config, GmsStore store, Clock clock, SecureRandom random) {
    Map<McServiceGroupId, GmsStore.PartnerGroup> shared = new LinkedHashMap<>();
    for (GmsStore.PartnerGroup p : store.partnerGroups()) {
      if (config.partner(p.partner()).isPresent()) shared.put(p.group().uri(), p);
    }
    GroupManagementServer gms = new GroupManagementServer(config, store, clock, random, store.keys(), shared, store.regroupedMarks());
    gms.ensureKeys();
    log.info("GMS of {}: {} preconfigured group(s) of ours to share, {} shared by partner(s)", config.system().id(), gms.keys.size(), shared.size());
    return gms;
  }

  /**
   * Every preconfigured group of ours has its key: those missing (new groups) are generated and
   * kept; an instance sharing the store that was first wins.
   */
  public synchronized void ensureKeys() {
    Map<McServiceGroupId, GmsStore.GroupKey> kept = new LinkedHashMap<>(keys);
    for (GroupConfig g : config.groups().values()) {
      if (!g.preconfiguredRegroupOnly() || !g.id().domain().equals(config.domain()) || kept.containsKey(g.id())) continue;
      byte[] material = new byte[KEY_BYTES];
      random.nextBytes(material);
      byte[] id = new byte[8];
      random.nextBytes(id);
      kept.put(g.id(), store.keyIfAbsent(g.id(), new GmsStore.GroupKey("k-" + HexFormat.of().formatHex(id), material)));
    }
    keys = Map.copyOf(kept);
  }

  /**
   * 10.xx.3.3.1: what our GMS shares with {@code partner}'s: every preconfigured group homed here
   * (configuration, and version), and its security parameters only when the partner is reached
   * over mutual TLS ({@code partners[].certificate}): key material never travels in the clear.
   */
  public GroupConfigurationDocument shareWith(PartnerConfig partner) {
    boolean secure = partner.certificate().isPresent();
    List<SharedGroupEntry> groups = new ArrayList<>();
    for (GroupConfig g : config.groups().values()) {
      if (!g.preconfiguredRegroupOnly() || !g.id().domain().equals(config.domain())) continue;
      GmsStore.GroupKey key = keys.get(g.id());
      if (key == null) continue; // a group added this instant: shared once its key is made (ensureKeys)
      groups.add(new SharedGroupEntry(g.id(), g.services(), true, g.broadcast(), version(g, key),
          secure ? Optional.of(key.id()) : Optional.empty(), secure ? Optional.of(key.material()) : Optional.empty()));
    }
    return new GroupConfigurationDocument(config.domain(), groups);
  }

  /** A group's version: changes whenever what is shared of it changes (services, broadcast, key). */
  static String version(GroupConfig g, GmsStore.GroupKey key) {
    String basis = g.id().uri() + "|" + g.services().stream().map(s -> s.word()).sorted().toList() + "|" + g.broadcast() + "|" + key.id();
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(basis.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What became of a partner's share. */
  public record Receipt(int status, String reason, Optional<String> warning) {
    static Receipt ok() {
      return new Receipt(200, "OK", Optional.empty());
    }
  }

  /**
   * 10.2.7 at the partner: {@code from}'s GMS shared its preconfigured groups with ours. Taken
   * only from a partner trusted with a regroup (a shared group serves nothing else), for groups
   * homed in its own domain; what it shares replaces what it shared before, durably, and is then
   * distributed to every user served here.
   */
  public synchronized Receipt received(PartnerConfig from, GroupConfigurationDocument doc) {
    if (!from.trusts(Authorization.GROUP_REGROUP) && !from.trusts(Authorization.USER_REGROUP)) {
      return new Receipt(403, "Forbidden", Optional.of("not authorized: partner " + from.id() + " is not trusted with regroups"));
    }
    if (!doc.homeSystem().equals(from.domain())) {
      return new Receipt(403, "Forbidden", Optional.of("not authorized: partner " + from.id() + " shares only groups of " + from.domain()));
    }
    for (SharedGroupEntry e : doc.groups()) {
      if (!e.uri().domain().equals(from.domain())) {
        return new Receipt(403, "Forbidden", Optional.of("not authorized: " + e.uri().uri() + " is not homed in " + from.domain()));
      }
      if (!e.preconfiguredRegroupOnly()) {
        return new Receipt(400, "Bad Request", Optional.of("malformed group configuration: " + e.uri().uri() + " is not a preconfigured group"));
      }
    }
    try {
      store.replacePartnerGroups(from.id(), doc.groups(), clock.instant());
    } catch (StoreUnavailableException e) {
      return new Receipt(503, "Service Unavailable", Optional.of("store: " + e.getMessage()));
    }
    Map<McServiceGroupId, GmsStore.PartnerGroup> next = new LinkedHashMap<>(fromPartners);
    next.values().removeIf(p -> p.partner().equals(from.id()));
    for (SharedGroupEntry e : doc.groups()) next.put(e.uri(), new GmsStore.PartnerGroup(from.id(), e, clock.instant()));
    fromPartners = Map.copyOf(next);
    log.info("GMS of {}: partner {} shared {} preconfigured group(s)", config.system().id(), from.id(), doc.groups().size());
    return Receipt.ok();
  }

  // ---- 10.xx.3.1: groups regrouped by another mechanism

  /** Marks {@code group} as regrouped by another mechanism, durably; true when it was not marked. */
  public synchronized boolean markRegrouped(McServiceGroupId group) {
    boolean changed = store.mark(group, clock.instant());
    refreshMarks();
    return changed;
  }

  /** Removes the mark, durably; true when it was marked. */
  public synchronized boolean unmarkRegrouped(McServiceGroupId group) {
    boolean changed = store.unmark(group);
    refreshMarks();
    return changed;
  }

  /** The groups marked now. */
  public Set<McServiceGroupId> regroupedMarks() {
    return marks;
  }

  /** Reads the marks again (another instance sharing the store may have changed them). */
  public void refreshMarks() {
    marks = Set.copyOf(store.regroupedMarks());
  }

  @Override
  public boolean regroupedElsewhere(McServiceGroupId group) {
    return marks.contains(group);
  }

  @Override
  public Optional<GroupConfig> sharedBy(String partnerId, McServiceGroupId group) {
    GmsStore.PartnerGroup p = fromPartners.get(group);
    if (p == null || !p.partner().equals(partnerId)) return Optional.empty();
    SharedGroupEntry e = p.group();
    return Optional.of(new GroupConfig(e.uri(), e.services(), List.of(), true, e.broadcast()));
  }

  /** What partners shared with us: group to partner id (status, tests). */
  public Map<McServiceGroupId, String> sharedWithUs() {
    Map<McServiceGroupId, String> out = new LinkedHashMap<>();
    fromPartners.forEach((g, p) -> out.put(g, p.partner()));
    return out;
  }
}
