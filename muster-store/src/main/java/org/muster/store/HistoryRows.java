package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.port.HistoryPage;
import org.muster.core.port.HistoryQuery;
import org.muster.core.regroup.HistoryEntry;

/**
 * The regroup history's rows ({@code regroup_history}, {@code regroup_history_target}, V9): written
 * in the writer's transaction, read a page at a time (newest first, by id), pruned by age.
 */
final class HistoryRows {
  /** History lines deleted per transaction when pruning. */
  static final int PRUNE_BATCH = 500;
  private static final String COLUMNS = "id, at_ns, event, regroup_group, service, requester, preconfigured, outcome, reason, cancelled_by";

  private HistoryRows() {}

  static void insert(Connection c, HistoryEntry e) throws SQLException {
    long id;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO regroup_history (at_ns, event, regroup_group, service, requester, "
        + "preconfigured, outcome, reason, cancelled_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, Rows.nanos(e.at()));
      ps.setString(2, e.event().word());
      ps.setString(3, e.regroupGroup().uri());
      ps.setString(4, e.service().name());
      ps.setString(5, e.requester().uri());
      ps.setString(6, e.preconfigured().map(McServiceGroupId::uri).orElse(null));
      ps.setString(7, Rows.clip(e.outcome(), 64));
      ps.setString(8, e.reason().map(r -> Rows.clip(r, 4000)).orElse(null));
      ps.setString(9, e.cancelledBy().orElse(null));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    List<String[]> targets = new ArrayList<>();
    for (McServiceGroupId g : e.groups()) targets.add(new String[] {"G", g.uri()});
    for (McServiceId u : e.users()) targets.add(new String[] {"U", u.uri()});
    if (targets.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO regroup_history_target (history_id, ord, kind, target) VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < targets.size(); i++) {
        ps.setLong(1, id);
        ps.setInt(2, i);
        ps.setString(3, targets.get(i)[0]);
        ps.setString(4, targets.get(i)[1]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** {@code e}, a create whose regroup the store refused ({@code why}), as the reject it became. */
  static HistoryEntry refused(HistoryEntry e, Rejection why) {
    return new HistoryEntry(e.at(), HistoryEntry.Event.REJECT, e.regroupGroup(), e.service(), e.requester(), e.preconfigured(),
        e.groups(), e.users(), "rejected", Optional.of(HistoryEntry.reason(why)), Optional.empty());
  }

  static HistoryPage page(Connection c, HistoryQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM regroup_history h WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    q.before().ifPresent(b -> where(sql, args, " AND h.id < ?", b));
    q.group().ifPresent(g -> {
      sql.append(" AND (h.regroup_group = ? OR EXISTS (SELECT 1 FROM regroup_history_target t WHERE t.history_id = h.id AND t.target = ?))");
      args.add(g);
      args.add(g);
    });
    q.requester().ifPresent(r -> where(sql, args, " AND h.requester = ?", r));
    q.event().ifPresent(e -> where(sql, args, " AND h.event = ?", e.word()));
    q.since().ifPresent(s -> where(sql, args, " AND h.at_ns >= ?", Rows.nanos(s)));
    q.until().ifPresent(u -> where(sql, args, " AND h.at_ns < ?", Rows.nanos(u)));
    sql.append(" ORDER BY h.id DESC FETCH FIRST ").append(q.limit() + 1).append(" ROWS ONLY");
    Map<Long, Head> heads = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) heads.put(rs.getLong(1), Head.of(rs));
      }
    }
    List<Long> ids = new ArrayList<>(heads.keySet());
    boolean more = ids.size() > q.limit();
    if (more) ids = ids.subList(0, q.limit());
    Map<Long, List<String[]>> targets = targets(c, ids);
    List<HistoryPage.Line> lines = new ArrayList<>();
    for (long id : ids) lines.add(new HistoryPage.Line(id, heads.get(id).entry(targets.getOrDefault(id, List.of()))));
    return new HistoryPage(lines, more ? Optional.of(ids.get(ids.size() - 1)) : Optional.empty());
  }

  private static void where(StringBuilder sql, List<Object> args, String clause, Object arg) {
    sql.append(clause);
    args.add(arg);
  }

  private static Map<Long, List<String[]>> targets(Connection c, List<Long> ids) throws SQLException {
    Map<Long, List<String[]>> out = new LinkedHashMap<>();
    if (ids.isEmpty()) return out;
    String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT history_id, kind, target FROM regroup_history_target WHERE history_id IN (" + in + ") ORDER BY history_id, ord")) {
      for (int i = 0; i < ids.size(); i++) ps.setLong(i + 1, ids.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new String[] {rs.getString(2), rs.getString(3)});
      }
    }
    return out;
  }

  /** One history row without its targets. */
  private record Head(Instant at, String event, String regroupGroup, String service, String requester, String preconfigured,
      String outcome, String reason, String cancelledBy) {
    static Head of(ResultSet rs) throws SQLException {
      return new Head(Rows.instant(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
          rs.getString(8), rs.getString(9), rs.getString(10));
    }

    HistoryEntry entry(List<String[]> targets) {
      List<McServiceGroupId> groups = new ArrayList<>();
      List<McServiceId> users = new ArrayList<>();
      for (String[] t : targets) {
        if (t[0].equals("G")) groups.add(new McServiceGroupId(t[1]));
        else users.add(new McServiceId(t[1]));
      }
      return new HistoryEntry(at, HistoryEntry.Event.of(event).orElseThrow(), new McServiceGroupId(regroupGroup), McService.valueOf(service),
          new McServiceId(requester), Optional.ofNullable(preconfigured).map(McServiceGroupId::new), groups, users, outcome,
          Optional.ofNullable(reason), Optional.ofNullable(cancelledBy));
    }
  }

  /** Deletes the history lines older than {@code cutoff}, {@link #PRUNE_BATCH} per transaction, oldest first; the count deleted. */
  static int prune(Database db, Instant cutoff, java.util.function.BooleanSupplier stop) {
    int total = 0;
    while (!stop.getAsBoolean()) {
      int n = db.inTransaction(c -> pruneBatch(c, Rows.nanos(cutoff)));
      total += n;
      if (n < PRUNE_BATCH) break;
    }
    return total;
  }

  private static int pruneBatch(Connection c, long cutoffNs) throws SQLException {
    List<Long> due = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id FROM regroup_history WHERE at_ns < ? ORDER BY at_ns, id FETCH FIRST " + PRUNE_BATCH + " ROWS ONLY")) {
      ps.setLong(1, cutoffNs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) due.add(rs.getLong(1));
      }
    }
    for (String sql : List.of("DELETE FROM regroup_history_target WHERE history_id = ?", "DELETE FROM regroup_history WHERE id = ?")) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (long id : due) {
          ps.setLong(1, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return due.size();
  }
}
