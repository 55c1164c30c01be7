package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's content as plain maps and lists, ready for JSON ({@code muster store export}):
 * instants as ISO-8601 text, rows in a stable order. Reads only.
 */
final class StoreExport {
  private StoreExport() {}

  static Map<String, Object> read(Connection c, int recentCancelled) throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> regroups = new ArrayList<>();
    regroups.addAll(regroups(c, "WHERE cancelled_ns IS NULL ORDER BY formed_ns, id", -1));
    regroups.addAll(regroups(c, "WHERE cancelled_ns IS NOT NULL ORDER BY cancelled_ns DESC, id", recentCancelled));
    out.put("regroups", regroups);
    out.put("registrations", rows(c, "SELECT user_id, contact, services, expires_ns, served_by FROM registration ORDER BY user_id, contact",
        "user", "client", "services", "expiresAt", "servedBy"));
    out.put("affiliations", rows(c, "SELECT user_id, contact, service, group_id FROM affiliation ORDER BY user_id, contact, service, group_id",
        "user", "client", "service", "group"));
    out.put("partnerCancelsOwed", rows(c, "SELECT regroup_group, partner, service, requester, since_ns, owner FROM partner_cancel "
        + "ORDER BY since_ns, regroup_group, partner", "regroupGroup", "partner", "service", "requester", "since", "owner"));
    out.put("regroupedMarks", rows(c, "SELECT group_uri, marked_ns FROM gms_regrouped_mark ORDER BY group_uri", "group", "markedAt"));
    return out;
  }

  /** Regroups with their lists, participants and member steps; {@code limit} &lt; 0: all. */
  private static List<Map<String, Object>> regroups(Connection c, String where, int limit) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    if (limit == 0) return out;
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, regroup_group, service, requester, configuration_group, target_kind, "
        + "broadcast, formed_ns, cancelled_ns, partners, primary_system, forming_owner FROM regroup " + where);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next() && (limit < 0 || out.size() < limit)) {
        Map<String, Object> r = new LinkedHashMap<>();
        ids.add(rs.getString(1));
        r.put("regroupGroup", rs.getString(2));
        long cancelled = rs.getLong(9);
        boolean isCancelled = !rs.wasNull();
        String formingOwner = rs.getString(12);
        r.put("state", isCancelled ? "CANCELLED" : formingOwner != null ? "FORMING" : "IN_EFFECT");
        r.put("service", rs.getString(3));
        r.put("requester", rs.getString(4));
        r.put("preconfiguredGroup", rs.getString(5));
        r.put("type", rs.getString(6).equals("GROUPS") ? "group" : "user");
        r.put("broadcast", rs.getBoolean(7));
        r.put("formedAt", Rows.instant(rs.getLong(8)).toString());
        if (isCancelled) r.put("cancelledAt", Rows.instant(cancelled).toString());
        if (!rs.getString(10).isEmpty()) r.put("partners", List.of(rs.getString(10).split(",")));
        if (rs.getString(11) != null) r.put("primarySystem", rs.getString(11));
        if (formingOwner != null) r.put("formingInstance", formingOwner);
        out.add(r);
      }
    }
    for (int i = 0; i < ids.size(); i++) {
      Map<String, Object> r = out.get(i);
      String id = ids.get(i);
      r.put("targets", column(c, "SELECT target FROM regroup_target WHERE regroup_id = ? ORDER BY ord", id));
      r.put(r.get("state").equals("CANCELLED") ? "owedTheCancel" : "participants",
          rowsOf(c, "SELECT user_id, contact FROM regroup_member WHERE regroup_id = ? ORDER BY user_id, contact", id, "user", "client"));
      r.put("steps", rowsOf(c, "SELECT user_id, contact, state, at_ns, detail FROM regroup_step WHERE regroup_id = ? ORDER BY seq", id,
          "user", "client", "state", "at", "detail"));
    }
    return out;
  }

  private static List<String> column(Connection c, String sql, String arg) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static List<Map<String, Object>> rows(Connection c, String sql, String... names) throws SQLException {
    return rowsOf(c, sql, null, names);
  }

  /**
   * Each row as a map of {@code names}, in order; a column whose name ends in {@code At} or is
   * {@code since} holds nanoseconds since the epoch and is given as an instant.
   */
  private static List<Map<String, Object>> rowsOf(Connection c, String sql, String arg, String... names) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (arg != null) ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = 0; i < names.length; i++) {
            String n = names[i];
            m.put(n, n.endsWith("At") || n.equals("at") || n.equals("since") ? Rows.instant(rs.getLong(i + 1)).toString() : rs.getString(i + 1));
          }
          out.add(m);
        }
      }
    }
    return out;
  }
}
