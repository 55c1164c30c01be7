package org.muster.app.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The regroups in effect as the store's own tables hold them (muster-store's schema, read over
 * JDBC by the crash and race tests), and whether each is whole: a regroup in effect claims its
 * regroup group and every group it lists, and a claim belongs to a regroup in effect. A create
 * or cancel that a crash cut in half would show here as a claim too many or too few.
 *
 * @param regroups regroup group URI to the groups it lists, in order, for each regroup in effect
 * @param problems what is not whole, one line each; empty when every regroup is
 */
record StoredRegroups(Map<String, List<String>> regroups, List<String> problems) {

  static StoredRegroups read(Connection c) throws SQLException {
    Map<String, String> groupOfId = new HashMap<>(); // regroup id -> regroup group, in effect only
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, regroup_group, target_kind, forming_owner FROM regroup WHERE cancelled_ns IS NULL")) {
      while (rs.next()) {
        String id = rs.getString(1);
        if (groupOfId.containsValue(rs.getString(2))) problems.add(rs.getString(2) + ": in effect twice");
        groupOfId.put(id, rs.getString(2));
        if (!"GROUPS".equals(rs.getString(3))) problems.add(rs.getString(2) + ": target kind " + rs.getString(3));
        if (rs.getString(4) != null) problems.add(rs.getString(2) + ": still forming (owner " + rs.getString(4) + ")");
      }
    }
    Map<String, List<String>> targets = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT regroup_id, target FROM regroup_target ORDER BY regroup_id, ord")) {
      while (rs.next()) {
        if (groupOfId.containsKey(rs.getString(1))) targets.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    Map<String, Set<String>> claims = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT group_id, regroup_id, claim_kind FROM regroup_claim")) {
      while (rs.next()) {
        String id = rs.getString(2);
        if (!groupOfId.containsKey(id)) problems.add("claim of " + rs.getString(1) + " by regroup " + id + ", which is not in effect");
        else claims.computeIfAbsent(id, k -> new HashSet<>()).add(rs.getString(3) + " " + rs.getString(1));
      }
    }
    Map<String, List<String>> regroups = new TreeMap<>();
    for (Map.Entry<String, String> r : groupOfId.entrySet()) {
      List<String> listed = targets.getOrDefault(r.getKey(), List.of());
      if (listed.isEmpty()) problems.add(r.getValue() + ": in effect without groups");
      Set<String> expected = new HashSet<>();
      expected.add("REGROUP " + r.getValue());
      for (String g : listed) expected.add("REGROUPED " + g);
      Set<String> held = claims.getOrDefault(r.getKey(), Set.of());
      if (!held.equals(expected)) problems.add(r.getValue() + ": claims " + held + ", expected " + expected);
      regroups.put(r.getValue(), listed);
    }
    return new StoredRegroups(regroups, problems);
  }
}
