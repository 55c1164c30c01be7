package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.port.AffiliationRecord;
import org.muster.core.port.FormingRegroup;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.port.Snapshot;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.regroup.MemberStep;

/** Reads the whole durable state back (start-up replay). */
final class SnapshotReader {
  private SnapshotReader() {}

  /** Everything, with the client state of the clients {@code instance} serves (and of none in particular). */
  static Snapshot read(Connection c, String instance) throws SQLException {
    return new Snapshot(registrations(c, instance, "('', ?)"), affiliations(c, instance, "('', ?)"), regroups(c, false), forming(c),
        owedCancels(c), cancelledOwing(c));
  }

  /**
   * Failover ({@link InstanceLeases#takeOver}): the clients {@code instance} alone serves, their
   * affiliations, and the regroups in effect and lately cancelled with their members and history.
   */
  static Snapshot servedBy(Connection c, String instance) throws SQLException {
    return new Snapshot(registrations(c, instance, "(?)"), affiliations(c, instance, "(?)"), regroups(c, false), List.of(), Map.of(),
        cancelledOwing(c));
  }

  /** The regroups in effect (not forming), with their lists only. */
  static List<RegroupRecord> inEffectLists(Connection c) throws SQLException {
    List<RegroupRecord> inEffect = new ArrayList<>();
    // light: two queries whatever the number of regroups, the lists but not
    // the participants and outcome history
    Map<String, List<String>> lists = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT t.regroup_id, t.target FROM regroup_target t JOIN regroup r ON r.id = "
        + "t.regroup_id WHERE r.cancelled_ns IS NULL AND r.forming_owner IS NULL ORDER BY t.regroup_id, t.ord");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) lists.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
    }
    for (Head h : heads(c, HEAD + "WHERE cancelled_ns IS NULL AND forming_owner IS NULL ORDER BY formed_ns, id")) {
      inEffect.add(new RegroupRecord(h.service, h.requester, h.regroupGroup, h.configurationGroup,
          targets(h, lists.getOrDefault(h.id, List.of())), h.broadcast, Rows.instant(h.formedNs), Set.of(), Map.of(), h.partners,
          h.primarySystem, h.expiresAt));
    }
    return inEffect;
  }

  /** A regroup row changed after a change number ({@link ChangeFeedRows#since}): its lists and state. */
  record Stamped(RegroupRecord regroup, long version, boolean forming, boolean cancelled) {}

  /** The regroups stamped with a change number above {@code version}, lists only, in change order. */
  static List<Stamped> changedSince(Connection c, long version) throws SQLException {
    List<Head> heads = new ArrayList<>();
    List<long[]> stamps = new ArrayList<>(); // version, cancelled (1) or not (0)
    try (PreparedStatement ps = c.prepareStatement(HEAD.replace(" FROM regroup r ", ", version, cancelled_ns FROM regroup r ")
        + "WHERE version > ? ORDER BY version, formed_ns, id")) {
      ps.setLong(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          heads.add(head(rs));
          long v = rs.getLong(13);
          rs.getLong(14);
          stamps.add(new long[] {v, rs.wasNull() ? 0 : 1});
        }
      }
    }
    // the lists after the rows: a row read above was committed with its targets
    Map<String, List<String>> lists = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT t.regroup_id, t.target FROM regroup_target t JOIN regroup r ON r.id = "
        + "t.regroup_id WHERE r.version > ? ORDER BY t.regroup_id, t.ord")) {
      ps.setLong(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) lists.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    List<Stamped> out = new ArrayList<>();
    for (int i = 0; i < heads.size(); i++) {
      Head h = heads.get(i);
      out.add(new Stamped(new RegroupRecord(h.service, h.requester, h.regroupGroup, h.configurationGroup,
          targets(h, lists.getOrDefault(h.id, List.of())), h.broadcast, Rows.instant(h.formedNs), Set.of(), Map.of(), h.partners,
          h.primarySystem), stamps.get(i)[0], h.formingOwner.isPresent(), stamps.get(i)[1] == 1));
    }
    return out;
  }

  private static List<Registration> registrations(Connection c, String instance, String servedBy) throws SQLException {
    List<Registration> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT user_id, contact, services, expires_ns, path FROM registration "
        + "WHERE served_by IN " + servedBy + " ORDER BY user_id, contact")) {
      ps.setString(1, instance);
      ResultSet rs = ps.executeQuery();
      while (rs.next()) {
        String path = rs.getString(5);
        out.add(new Registration(client(rs.getString(1), rs.getString(2)), Rows.services(rs.getString(3)), Rows.instant(rs.getLong(4)),
            path.isEmpty() ? List.of() : List.of(path.split("\n"))));
      }
    }
    return out;
  }

  private static List<AffiliationRecord> affiliations(Connection c, String instance, String servedBy) throws SQLException {
    Map<McServiceClient, Map<McService, Set<McServiceGroupId>>> m = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT a.user_id, a.contact, a.service, a.group_id FROM affiliation a "
        + "LEFT JOIN registration r ON r.user_id = a.user_id AND r.contact = a.contact WHERE " + (servedBy.contains("''") ? "r.served_by IS NULL OR " : "")
        + "r.served_by IN " + servedBy + " "
        + "ORDER BY a.user_id, a.contact, a.service")) {
      ps.setString(1, instance);
      ResultSet rs = ps.executeQuery();
      while (rs.next()) {
        m.computeIfAbsent(client(rs.getString(1), rs.getString(2)), k -> new LinkedHashMap<>())
            .computeIfAbsent(McService.valueOf(rs.getString(3)), k -> new LinkedHashSet<>())
            .add(new McServiceGroupId(rs.getString(4)));
      }
    }
    List<AffiliationRecord> out = new ArrayList<>();
    m.forEach((client, bySvc) -> bySvc.forEach((svc, groups) -> out.add(new AffiliationRecord(client, svc, groups))));
    return out;
  }

  private record Head(String id, McService service, McServiceId requester, McServiceGroupId regroupGroup,
      McServiceGroupId configurationGroup, boolean groups, boolean broadcast, long formedNs, Set<String> partners,
      Optional<String> primarySystem, Optional<String> formingOwner, Optional<java.time.Instant> expiresAt) {}

  private static final String HEAD = "SELECT id, service, requester, regroup_group, configuration_group, target_kind, broadcast, "
      + "formed_ns, partners, primary_system, forming_owner, expires_ns FROM regroup r ";

  /** The regroups in effect, or ({@code forming}) those still waiting for their partners. */
  private static List<RegroupRecord> regroups(Connection c, boolean forming) throws SQLException {
    List<RegroupRecord> out = new ArrayList<>();
    for (Head h : heads(c, HEAD + "WHERE cancelled_ns IS NULL AND forming_owner IS " + (forming ? "NOT NULL" : "NULL")
        + " ORDER BY formed_ns, id")) {
      out.add(record(c, h));
    }
    return out;
  }

  private static List<Head> heads(Connection c, String sql, long... args) throws SQLException {
    List<Head> heads = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setLong(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) heads.add(head(rs));
      }
    }
    return heads;
  }

  private static Head head(ResultSet rs) throws SQLException {
    return new Head(rs.getString(1), McService.valueOf(rs.getString(2)), new McServiceId(rs.getString(3)),
        new McServiceGroupId(rs.getString(4)), new McServiceGroupId(rs.getString(5)), rs.getString(6).equals("GROUPS"),
        rs.getBoolean(7), rs.getLong(8), partners(rs.getString(9)), Optional.ofNullable(rs.getString(10)),
        Optional.ofNullable(rs.getString(11)), expires(rs));
  }

  private static Optional<java.time.Instant> expires(ResultSet rs) throws SQLException {
    long ns = rs.getLong(12);
    return rs.wasNull() ? Optional.empty() : Optional.of(Rows.instant(ns));
  }

  private static RegroupRecord record(Connection c, Head h) throws SQLException {
    return new RegroupRecord(h.service, h.requester, h.regroupGroup, h.configurationGroup, targets(c, h), h.broadcast,
        Rows.instant(h.formedNs), members(c, h.id), outcomes(c, h.id), h.partners, h.primarySystem, h.expiresAt);
  }

  /** How long after a cancel a restart still sends it to clients that had not answered it. */
  static final java.time.Duration CANCEL_RESEND_WINDOW = java.time.Duration.ofHours(1);

  /** Regroups cancelled within {@link #CANCEL_RESEND_WINDOW} with clients that had not answered the cancel. */
  private static List<RegroupRecord> cancelledOwing(Connection c) throws SQLException {
    long since = Rows.nanos(java.time.Instant.now().minus(CANCEL_RESEND_WINDOW));
    List<RegroupRecord> out = new ArrayList<>();
    for (Head h : heads(c, HEAD + "WHERE cancelled_ns >= ? AND EXISTS (SELECT 1 FROM regroup_member m WHERE m.regroup_id = r.id) "
        + "ORDER BY cancelled_ns, id", since)) {
      out.add(record(c, h));
    }
    return out;
  }

  private static List<FormingRegroup> forming(Connection c) throws SQLException {
    List<FormingRegroup> out = new ArrayList<>();
    for (Head h : heads(c, HEAD + "WHERE cancelled_ns IS NULL AND forming_owner IS NOT NULL ORDER BY formed_ns, id")) {
      out.add(new FormingRegroup(record(c, h), h.formingOwner.orElseThrow()));
    }
    return out;
  }

  private static Map<String, List<OwedCancel>> owedCancels(Connection c) throws SQLException {
    Map<String, List<OwedCancel>> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT partner, service, regroup_group, requester, since_ns, owner FROM partner_cancel "
        + "ORDER BY since_ns, regroup_group, partner");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(6), k -> new ArrayList<>()).add(new OwedCancel(rs.getString(1), McService.valueOf(rs.getString(2)), new McServiceGroupId(rs.getString(3)),
            new McServiceId(rs.getString(4)), Rows.instant(rs.getLong(5))));
      }
    }
    return out;
  }

  private static Set<String> partners(String s) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : s.split(",")) if (!p.isBlank()) out.add(p.trim());
    return out;
  }

  private static RegroupTargets targets(Connection c, Head h) throws SQLException {
    List<String> uris = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT target FROM regroup_target WHERE regroup_id = ? ORDER BY ord")) {
      ps.setString(1, h.id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) uris.add(rs.getString(1));
      }
    }
    return targets(h, uris);
  }

  private static RegroupTargets targets(Head h, List<String> uris) {
    return h.groups
        ? new RegroupTargets.Groups(uris.stream().map(McServiceGroupId::new).toList())
        : new RegroupTargets.Users(uris.stream().map(McServiceId::new).toList());
  }

  private static Set<McServiceClient> members(Connection c, String id) throws SQLException {
    Set<McServiceClient> out = new LinkedHashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT user_id, contact FROM regroup_member WHERE regroup_id = ? ORDER BY user_id, contact")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(client(rs.getString(1), rs.getString(2)));
      }
    }
    return out;
  }

  private static Map<McServiceClient, List<MemberStep>> outcomes(Connection c, String id) throws SQLException {
    Map<McServiceClient, List<MemberStep>> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT user_id, contact, state, at_ns, detail FROM regroup_step WHERE regroup_id = ? ORDER BY seq")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(client(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
              .add(new MemberStep(MemberState.valueOf(rs.getString(3)), Rows.instant(rs.getLong(4)), rs.getString(5)));
        }
      }
    }
    return out;
  }

  private static McServiceClient client(String user, String contact) {
    return new McServiceClient(new McServiceId(user), contact);
  }
}
