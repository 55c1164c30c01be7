package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.OwedCancel;
import java.util.List;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.RegroupRecord;

/** The statements that write one regroup's rows: the regroup, its claims on groups, its targets, its end. */
final class RegroupRows {
  private RegroupRows() {}

  static void insertRegroup(Connection c, String id, RegroupRecord r, String formingOwner) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO regroup (id, regroup_group, service, requester, configuration_group, "
        + "target_kind, broadcast, formed_ns, partners, primary_system, forming_owner, expires_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, r.regroupGroup().uri());
      ps.setString(3, r.service().name());
      ps.setString(4, r.requester().uri());
      ps.setString(5, r.configurationGroup().uri());
      ps.setString(6, r.isGroupRegroup() ? "GROUPS" : "USERS");
      ps.setBoolean(7, r.broadcast());
      ps.setLong(8, Rows.nanos(r.formedAt()));
      ps.setString(9, String.join(",", r.partners()));
      ps.setString(10, r.primarySystem().orElse(null));
      ps.setString(11, formingOwner);
      if (r.expiresAt().isPresent()) ps.setLong(12, Rows.nanos(r.expiresAt().get()));
      else ps.setNull(12, java.sql.Types.BIGINT);
      ps.executeUpdate();
    }
  }

  /** Inserts one claim; false when another regroup in effect holds the group (unique violation). */
  static boolean claim(Connection c, McServiceGroupId group, String id, String kind) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO regroup_claim (group_id, regroup_id, claim_kind) VALUES (?, ?, ?)")) {
      ps.setString(1, group.uri());
      ps.setString(2, id);
      ps.setString(3, kind);
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (JdbcStateStore.UNIQUE_VIOLATION.equals(e.getSQLState())) return false;
      throw e;
    }
  }

  static void insertTargets(Connection c, String id, RegroupTargets targets) throws SQLException {
    List<String> uris = targets instanceof RegroupTargets.Groups g
        ? g.groups().stream().map(McServiceGroupId::uri).toList()
        : ((RegroupTargets.Users) targets).users().stream().map(u -> u.uri()).toList();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO regroup_target (regroup_id, ord, target) VALUES (?, ?, ?)")) {
      for (int i = 0; i < uris.size(); i++) {
        ps.setString(1, id);
        ps.setInt(2, i);
        ps.setString(3, uris.get(i));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Every partner accepted; cancels still owed to them for an earlier regroup of the same regroup group are dropped. */
  static void inEffect(Connection c, McServiceGroupId regroupGroup, Set<String> partners, long version) throws SQLException {
    Optional<String> id = MemberStepRows.activeId(c, regroupGroup);
    if (id.isPresent()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE regroup SET forming_owner = NULL, partners = ? WHERE id = ?")) {
        ps.setString(1, String.join(",", partners));
        ps.setString(2, id.get());
        ps.executeUpdate();
      }
      ChangeFeedRows.stamp(c, id.get(), version);
    }
    for (String p : partners) exec(c, "DELETE FROM partner_cancel WHERE regroup_group = ? AND partner = ?", regroupGroup.uri(), p);
  }

  /**
   * The regroup ended (or, forming, did not take effect): its claims go, and the cancels it owes
   * partner systems are kept for {@code owner}, replacing any owed before to the same partner.
   * The clients it is {@code sentTo} (its participants) are owed the cancel from this transaction
   * on: their joins may not be written yet (member steps follow the decisions), and a crash
   * before they answer must not leave them regrouped. False when no regroup of that regroup group
   * was in effect (another instance sharing the store ended it first). The rows changed are
   * stamped with {@code version} for the change feed.
   */
  static boolean cancelled(Connection c, McServiceGroupId regroupGroup, Instant at, List<OwedCancel> owed, String owner,
      Set<McServiceClient> sentTo, long version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO partner_cancel (regroup_group, partner, service, requester, since_ns, owner) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (OwedCancel o : owed) {
        exec(c, "DELETE FROM partner_cancel WHERE regroup_group = ? AND partner = ?", o.regroupGroup().uri(), o.partner());
        ps.setString(1, o.regroupGroup().uri());
        ps.setString(2, o.partner());
        ps.setString(3, o.service().name());
        ps.setString(4, o.requester().uri());
        ps.setLong(5, Rows.nanos(o.since()));
        ps.setString(6, owner);
        ps.executeUpdate();
      }
    }
    Optional<String> id = MemberStepRows.activeId(c, regroupGroup);
    if (id.isEmpty()) return false;
    exec(c, "DELETE FROM regroup_claim WHERE regroup_id = ?", id.get());
    // the participants stay as the clients owed the cancel, until they answer it (restart resend)
    try (PreparedStatement leave = c.prepareStatement("DELETE FROM regroup_member WHERE regroup_id = ? AND user_id = ? AND contact = ?");
        PreparedStatement join = c.prepareStatement("INSERT INTO regroup_member (regroup_id, user_id, contact) VALUES (?, ?, ?)")) {
      for (McServiceClient p : sentTo) {
        MemberStepRows.member(leave, id.get(), p);
        MemberStepRows.member(join, id.get(), p);
      }
      leave.executeBatch();
      join.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE regroup SET cancelled_ns = ? WHERE id = ?")) {
      ps.setLong(1, Rows.nanos(at));
      ps.setString(2, id.get());
      ps.executeUpdate();
    }
    ChangeFeedRows.stamp(c, id.get(), version);
    return true;
  }

  static void exec(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
      ps.executeUpdate();
    }
  }
}
