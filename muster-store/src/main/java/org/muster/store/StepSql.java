package org.muster.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.MemberStep;

/** The per-member outcome row (table {@code regroup_step}). */
final class StepSql {
  static final String INSERT = "INSERT INTO regroup_step (regroup_id, user_id, contact, state, at_ns, detail) VALUES (?, ?, ?, ?, ?, ?)";

  private StepSql() {}

  static void add(PreparedStatement ps, String regroupId, McServiceClient client, MemberStep s) throws SQLException {
    ps.setString(1, regroupId);
    ps.setString(2, client.user().uri());
    ps.setString(3, client.contact());
    ps.setString(4, s.state().name());
    ps.setLong(5, Rows.nanos(s.at()));
    ps.setString(6, Rows.clip(s.detail(), 4000));
    ps.addBatch();
  }
}
