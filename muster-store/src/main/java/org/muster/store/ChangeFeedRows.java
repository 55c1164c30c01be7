package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.muster.core.port.SharedStore.RegroupChanges;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.regroup.StateChange;
import org.muster.core.regroup.StoredRegroup;

/**
 * The change feed's rows (V19): the 'regroups' counter, the number stamped on the regroup rows a
 * write changed, the NOTIFY sent with it on commit, and the read of what changed after a number.
 */
final class ChangeFeedRows {
  /** The channel instances LISTEN on; the payload is the change number. */
  static final String CHANNEL = "muster_regroups";

  private ChangeFeedRows() {}

  /** Whether {@code ch} forms, puts in effect or cancels a regroup (what the other instances follow). */
  static boolean changesRegroups(StateChange ch) {
    return ch instanceof StateChange.RegroupFormed || ch instanceof StateChange.RegroupForming
        || ch instanceof StateChange.RegroupInEffect || ch instanceof StateChange.RegroupCancelled
        || ch instanceof StateChange.RegroupNotInEffect;
  }

  /**
   * The next change number, taken in the writing transaction: the counter's row stays locked
   * until the commit, so numbers are committed in the order they are taken.
   */
  static long next(Connection c) throws SQLException {
    try (PreparedStatement up = c.prepareStatement("UPDATE store_version SET version = version + 1 WHERE name = 'regroups'")) {
      if (up.executeUpdate() == 0) { // the row went (a store emptied by hand): numbers start again
        try (PreparedStatement in = c.prepareStatement("INSERT INTO store_version (name, version) VALUES ('regroups', 1)")) {
          in.executeUpdate();
        }
      }
    }
    return current(c);
  }

  static long current(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM store_version WHERE name = 'regroups'");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Marks regroup row {@code id} as changed by change {@code version} (0: not a shared store, nothing to mark). */
  static void stamp(Connection c, String id, long version) throws SQLException {
    if (version == 0) return;
    try (PreparedStatement ps = c.prepareStatement("UPDATE regroup SET version = ? WHERE id = ?")) {
      ps.setLong(1, version);
      ps.setString(2, id);
      ps.executeUpdate();
    }
  }

  /** PostgreSQL sends the notification when (and only if) the transaction commits. */
  static void notifyListeners(Connection c, long version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, CHANNEL);
      ps.setString(2, Long.toString(version));
      ps.execute();
    }
  }

  /** The regroup rows stamped after {@code version}, in change order, with their lists. */
  static RegroupChanges since(Connection c, long version) throws SQLException {
    List<StoredRegroup> out = new ArrayList<>();
    long last = version;
    for (SnapshotReader.Stamped s : SnapshotReader.changedSince(c, version)) {
      RegroupRecord r = s.regroup();
      StoredRegroup.State state = s.cancelled() ? StoredRegroup.State.CANCELLED
          : s.forming() ? StoredRegroup.State.FORMING : StoredRegroup.State.IN_EFFECT;
      out.add(new StoredRegroup(r, state));
      last = Math.max(last, s.version());
    }
    return new RegroupChanges(last, out);
  }
}
