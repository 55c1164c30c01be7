package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.StateChange;

/** The statements that append member steps to their regroups and keep each regroup's members in step. */
final class MemberStepRows {
  private MemberStepRows() {}

  /** The regroup a member step belongs to: its regroup group, and when it formed (empty: the one in effect, else the last). */
  private record Instance(McServiceGroupId regroupGroup, Optional<Instant> formedAt) {
    static Instance of(StateChange.MemberStepped m) {
      return new Instance(m.regroupGroup(), m.formedAt());
    }
  }

  /** Appends member steps of active (or cancelled) regroups, each to its own regroup, keeping participants in step. */
  static void write(Connection c, List<StateChange.MemberStepped> steps) throws SQLException {
    if (steps.isEmpty()) return;
    Map<Instance, String> ids = new LinkedHashMap<>();
    Set<String> cancelled = new java.util.HashSet<>();
    for (StateChange.MemberStepped m : steps) {
      Instance key = Instance.of(m);
      if (ids.containsKey(key)) continue;
      if (m.formedAt().isPresent()) {
        formed(c, m.regroupGroup(), m.formedAt().get()).ifPresent(row -> {
          ids.put(key, row.getKey());
          if (row.getValue()) cancelled.add(row.getKey());
        });
        continue;
      }
      Optional<String> active = activeId(c, m.regroupGroup());
      Optional<String> id = active.isPresent() ? active : latestId(c, m.regroupGroup());
      id.ifPresent(x -> ids.put(key, x));
      if (active.isEmpty()) id.ifPresent(cancelled::add);
    }
    appendSteps(c, ids, steps, cancelled);
  }

  /**
   * The id of the regroup of {@code regroupGroup} formed at {@code formedAt}, and whether it is
   * cancelled (the one in effect first, should two have formed at the same instant).
   */
  private static Optional<Map.Entry<String, Boolean>> formed(Connection c, McServiceGroupId regroupGroup, Instant formedAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, cancelled_ns FROM regroup WHERE regroup_group = ? AND formed_ns = ? ORDER BY cancelled_ns DESC NULLS FIRST")) {
      ps.setString(1, regroupGroup.uri());
      ps.setLong(2, Rows.nanos(formedAt));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        String id = rs.getString(1);
        rs.getLong(2);
        return Optional.of(Map.entry(id, !rs.wasNull()));
      }
    }
  }

  /**
   * Appends steps in one batch and keeps {@code regroup_member} in step: for a regroup in effect
   * its participants; for a {@code cancelled} one the clients still owed the cancel (a client's
   * row goes when it answered the cancel).
   */
  private static void appendSteps(Connection c, Map<Instance, String> ids, List<StateChange.MemberStepped> steps, Set<String> cancelled)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(StepSql.INSERT);
        PreparedStatement leave = c.prepareStatement("DELETE FROM regroup_member WHERE regroup_id = ? AND user_id = ? AND contact = ?");
        PreparedStatement join = c.prepareStatement("INSERT INTO regroup_member (regroup_id, user_id, contact) VALUES (?, ?, ?)")) {
      // the last membership change of each client in the batch wins
      Map<Map.Entry<String, McServiceClient>, Boolean> membership = new LinkedHashMap<>();
      for (StateChange.MemberStepped m : steps) {
        String id = ids.get(Instance.of(m));
        if (id == null) continue;
        StepSql.add(ps, id, m.client(), m.step());
        if (cancelled.contains(id)) {
          if (m.answersCancel()) membership.put(Map.entry(id, m.client()), false);
        } else if (m.joins() || m.leaves()) {
          membership.put(Map.entry(id, m.client()), m.joins());
        }
      }
      for (Map.Entry<Map.Entry<String, McServiceClient>, Boolean> e : membership.entrySet()) {
        member(leave, e.getKey().getKey(), e.getKey().getValue());
        if (e.getValue()) member(join, e.getKey().getKey(), e.getKey().getValue());
      }
      ps.executeBatch();
      leave.executeBatch();
      join.executeBatch();
    }
  }

  static void member(PreparedStatement ps, String id, McServiceClient p) throws SQLException {
    ps.setString(1, id);
    ps.setString(2, p.user().uri());
    ps.setString(3, p.contact());
    ps.addBatch();
  }

  static Optional<String> activeId(Connection c, McServiceGroupId regroupGroup) throws SQLException {
    return one(c, "SELECT regroup_id FROM regroup_claim WHERE group_id = ? AND claim_kind = 'REGROUP'", regroupGroup.uri());
  }

  /** The regroup in effect for the regroup group, else the last one cancelled (late cancel answers). */
  private static Optional<String> latestId(Connection c, McServiceGroupId regroupGroup) throws SQLException {
    Optional<String> active = activeId(c, regroupGroup);
    if (active.isPresent()) return active;
    return one(c, "SELECT id FROM regroup WHERE regroup_group = ? ORDER BY formed_ns DESC FETCH FIRST 1 ROWS ONLY", regroupGroup.uri());
  }

  private static Optional<String> one(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
