package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.muster.core.port.Snapshot;

/** The statements of the instances' leases (V19 {@code server_instance}) and of taking over a dead instance's clients. */
final class InstanceLeases {
  private InstanceLeases() {}

  /** Renews {@code instance}'s lease, or takes a new one; true when there was one to renew. */
  static boolean renew(Connection c, String instance, long renewedNs, long untilNs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE server_instance SET lease_until_ns = ?, renewed_ns = ? WHERE instance = ?")) {
      ps.setLong(1, untilNs);
      ps.setLong(2, renewedNs);
      ps.setString(3, instance);
      if (ps.executeUpdate() == 1) return true;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO server_instance (instance, lease_until_ns, renewed_ns) VALUES (?, ?, ?)")) {
      ps.setString(1, instance);
      ps.setLong(2, untilNs);
      ps.setLong(3, renewedNs);
      ps.executeUpdate();
    }
    return false;
  }

  static List<String> expired(Connection c, long nowNs, String except) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT instance FROM server_instance WHERE lease_until_ns < ? AND instance <> ? ORDER BY lease_until_ns")) {
      ps.setLong(1, nowNs);
      ps.setString(2, except);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * One winner: the instance whose DELETE of the run-out lease took the row (the others' wait for
   * its commit and find nothing) reads the dead instance's clients and marks them as its own.
   */
  static Optional<Snapshot> takeOver(Connection c, String dead, String survivor, long nowNs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM server_instance WHERE instance = ? AND lease_until_ns < ?")) {
      ps.setString(1, dead);
      ps.setLong(2, nowNs);
      if (ps.executeUpdate() != 1) return Optional.empty();
    }
    Snapshot taken = SnapshotReader.servedBy(c, dead);
    try (PreparedStatement ps = c.prepareStatement("UPDATE registration SET served_by = ? WHERE served_by = ?")) {
      ps.setString(1, survivor);
      ps.setString(2, dead);
      ps.executeUpdate();
    }
    return Optional.of(taken);
  }
}
