package org.muster.gms;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.port.StoreUnavailableException;
import org.muster.protocol.SharedGroupEntry;

/**
 * {@link GmsStore} on the system's database (tables of migration V6 in muster-store: {@code
 * gms_group_key}, {@code gms_partner_group}), through the store's connection pool. Every call is
 * one short transaction; a failure is a {@link StoreUnavailableException}.
 */
public final class JdbcGmsStore implements GmsStore {
  /**
   * Several instances on one PostgreSQL: a group document or a mark written here is NOTIFYed on
   * this channel when it commits, and the instances' GMSs LISTENing on it read them again.
   */
  public static final String CHANNEL = "muster_gms";
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder UNB64 = Base64.getDecoder();
  private final DataSource db;
  private final boolean checkpoint;

  /**
   * On {@code db}; {@code checkpoint} for an embedded H2 file, whose commits are durable against
   * kill -9 only after a {@code CHECKPOINT} (the store's {@code StoreLocation.needsCheckpoint}).
   */
  public JdbcGmsStore(DataSource db, boolean checkpoint) {
    this.db = db;
    this.checkpoint = checkpoint;
  }

  @Override
  public Map<McServiceGroupId, GroupKey> keys() {
    return inTransaction(c -> {
      Map<McServiceGroupId, GroupKey> out = new LinkedHashMap<>();
      try (PreparedStatement s = c.prepareStatement("SELECT group_uri, key_id, key_material FROM gms_group_key ORDER BY group_uri");
          ResultSet r = s.executeQuery()) {
        while (r.next()) out.put(McServiceGroupId.of(r.getString(1)), new GroupKey(r.getString(2), UNB64.decode(r.getString(3))));
      }
      return out;
    });
  }

  @Override
  public GroupKey keyIfAbsent(McServiceGroupId group, GroupKey key) {
    return inTransaction(c -> {
      Optional<GroupKey> kept = keyOf(c, group);
      if (kept.isPresent()) return kept.get();
      try (PreparedStatement s = c.prepareStatement("INSERT INTO gms_group_key (group_uri, key_id, key_material) VALUES (?, ?, ?)")) {
        s.setString(1, group.uri());
        s.setString(2, key.id());
        s.setString(3, B64.encodeToString(key.material()));
        s.executeUpdate();
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) throw e;
        c.rollback(); // another instance kept one meanwhile: that one
        return keyOf(c, group).orElseThrow(() -> e);
      }
      return key;
    }, true);
  }

  private static Optional<GroupKey> keyOf(Connection c, McServiceGroupId group) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT key_id, key_material FROM gms_group_key WHERE group_uri = ?")) {
      s.setString(1, group.uri());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new GroupKey(r.getString(1), UNB64.decode(r.getString(2)))) : Optional.empty();
      }
    }
  }

  @Override
  public Documents documents() {
    return inTransaction(c -> {
      List<StoredDocument> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT group_uri, document, etag FROM gms_group_document ORDER BY updated_ns, group_uri");
          ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(new StoredDocument(McServiceGroupId.of(r.getString(1)), r.getString(2), r.getString(3)));
      }
      return new Documents(out, version(c));
    });
  }

  @Override
  public long documentsVersion() {
    return inTransaction(JdbcGmsStore::version);
  }

  @Override
  public Optional<StoredDocument> document(McServiceGroupId group) {
    return inTransaction(c -> row(c, group, false));
  }

  private static Optional<StoredDocument> row(Connection c, McServiceGroupId group, boolean lock) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT document, etag FROM gms_group_document WHERE group_uri = ?" + (lock ? " FOR UPDATE" : ""))) {
      s.setString(1, group.uri());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new StoredDocument(group, r.getString(1), r.getString(2))) : Optional.empty();
      }
    }
  }

  private static long version(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT count FROM gms_counter WHERE name = 'groups'"); ResultSet r = s.executeQuery()) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  @Override
  public boolean replace(McServiceGroupId group, Optional<String> expected, Optional<StoredDocument> next, Instant at) {
    return inTransaction(c -> {
      if (!row(c, group, true).map(StoredDocument::etag).equals(expected)) return false;
      try (PreparedStatement d = c.prepareStatement("DELETE FROM gms_group_document WHERE group_uri = ?")) {
        d.setString(1, group.uri());
        d.executeUpdate();
      }
      if (next.isPresent()) {
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO gms_group_document (group_uri, document, etag, updated_ns) VALUES (?, ?, ?, ?)")) {
          s.setString(1, group.uri());
          s.setString(2, next.get().xml());
          s.setString(3, next.get().etag());
          s.setLong(4, at.getEpochSecond() * 1_000_000_000L + at.getNano());
          s.executeUpdate();
        } catch (SQLException e) {
          if (!"23505".equals(e.getSQLState())) throw e;
          c.rollback();
          return false; // created meanwhile by another instance
        }
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE gms_counter SET count = count + 1 WHERE name = 'groups'")) {
        s.executeUpdate();
      }
      changed(c);
      return true;
    }, true);
  }

  @Override
  public Set<McServiceGroupId> regroupedMarks() {
    return inTransaction(c -> {
      Set<McServiceGroupId> out = new java.util.LinkedHashSet<>();
      try (PreparedStatement s = c.prepareStatement("SELECT group_uri FROM gms_regrouped_mark ORDER BY group_uri");
          ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(McServiceGroupId.of(r.getString(1)));
      }
      return out;
    });
  }

  @Override
  public boolean mark(McServiceGroupId group, Instant at) {
    return inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO gms_regrouped_mark (group_uri, marked_ns) VALUES (?, ?)")) {
        s.setString(1, group.uri());
        s.setLong(2, at.getEpochSecond() * 1_000_000_000L + at.getNano());
        s.executeUpdate();
        changed(c);
        return true;
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) throw e;
        return false; // marked already
      }
    }, true);
  }

  @Override
  public boolean unmark(McServiceGroupId group) {
    return inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM gms_regrouped_mark WHERE group_uri = ?")) {
        s.setString(1, group.uri());
        if (s.executeUpdate() == 0) return false;
      }
      changed(c);
      return true;
    }, true);
  }

  @Override
  public List<PartnerGroup> partnerGroups() {
    return inTransaction(c -> {
      List<PartnerGroup> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT group_uri, partner, services, broadcast, version, key_id, key_material, received_ns "
          + "FROM gms_partner_group ORDER BY partner, group_uri"); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Set<McService> services = EnumSet.noneOf(McService.class);
          for (String w : r.getString(3).split(" ")) McService.fromWord(w).ifPresent(services::add);
          SharedGroupEntry e = new SharedGroupEntry(McServiceGroupId.of(r.getString(1)), services, true, r.getBoolean(4), r.getString(5),
              Optional.ofNullable(r.getString(6)), Optional.ofNullable(r.getString(7)).map(UNB64::decode));
          long ns = r.getLong(8);
          out.add(new PartnerGroup(r.getString(2), e, Instant.ofEpochSecond(0, ns)));
        }
      }
      return out;
    });
  }

  @Override
  public void replacePartnerGroups(String partner, List<SharedGroupEntry> groups, Instant at) {
    inTransaction(c -> {
      try (PreparedStatement d = c.prepareStatement("DELETE FROM gms_partner_group WHERE partner = ?")) {
        d.setString(1, partner);
        d.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO gms_partner_group "
          + "(group_uri, partner, services, broadcast, version, key_id, key_material, received_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (SharedGroupEntry e : groups) {
          s.setString(1, e.uri().uri());
          s.setString(2, partner);
          s.setString(3, e.services().stream().map(McService::word).sorted().collect(Collectors.joining(" ")));
          s.setBoolean(4, e.broadcast());
          s.setString(5, e.version());
          s.setString(6, e.keyId().orElse(null));
          s.setString(7, e.keyMaterial().map(B64::encodeToString).orElse(null));
          s.setLong(8, at.getEpochSecond() * 1_000_000_000L + at.getNano());
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    }, true);
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** On PostgreSQL, tells the instances sharing it ({@link #CHANNEL}); sent on commit, never for a rollback. */
  private static void changed(Connection c) throws SQLException {
    if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) return;
    try (PreparedStatement s = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', '')")) {
      s.execute();
    }
  }

  private <T> T inTransaction(Work<T> work) {
    return inTransaction(work, false);
  }

  /** One transaction; {@code durable}: a write the caller is answered on, made durable before it returns. */
  private <T> T inTransaction(Work<T> work, boolean durable) {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        T t = work.run(c);
        c.commit();
        if (durable && checkpoint) {
          try (java.sql.Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
          }
        }
        return t;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // broken connection: nothing was committed
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("store: " + e.getMessage(), e);
    }
  }
}
