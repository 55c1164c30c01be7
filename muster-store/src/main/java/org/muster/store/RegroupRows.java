package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.RegroupRecord;

/** The statements that write one regroup's rows: the regroup, its claims on groups, its targets. */
final class RegroupRows {
  private RegroupRows() {}

  static void insertRegroup(Connection c, String id, RegroupRecord r, String formingOwner) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO regroup (id, regroup_group, service, requester, configuration_group, "
        + "target_kind, broadcast, formed_ns, partners, primary_system, forming_owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
}
