package org.muster.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.port.StoreUnavailableException;

/**
 * The operator's commands on a store no server is using ({@code muster store export|reset}):
 * opened without migrating it, so a store is read as it is. An embedded H2 file is one process's:
 * while a server has it open, {@link #open} refuses with {@link InUse}.
 */
public final class StoreMaintenance implements AutoCloseable {
  /**
   * Tables a reset leaves as they are: the schema's history, the GMS's counter row (moved instead),
   * and the change feed's counter (instances running on the store keep their last number read).
   */
  private static final List<String> KEPT = List.of("flyway_schema_history", "gms_counter", "store_version");

  /** An embedded file is there or locked at once: no server to wait for. */
  private static final java.time.Duration EMBEDDED_WAIT = java.time.Duration.ofMillis(250);

  private final Database db;
  private final StoreLocation location;

  private StoreMaintenance(Database db, StoreLocation location) {
    this.db = db;
    this.location = location;
  }

  /** Another process (a running server) holds the embedded database file. */
  public static final class InUse extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InUse(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** There is no store at that place yet (an embedded folder without its database file). */
  public static final class Missing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Missing(String message) {
      super(message);
    }
  }

  /**
   * Opens PROVISIONING.md {@code system.store} for maintenance.
   *
   * @throws Missing for an embedded folder that holds no database (nothing is created)
   * @throws InUse when a running server holds the embedded database
   * @throws StoreUnavailableException when the database cannot be reached
   */
  public static StoreMaintenance open(String store) {
    StoreLocation location = StoreLocation.of(store);
    Optional<Path> file = embeddedFile(location);
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      throw new Missing("no store at " + file.get().getParent() + " (no " + file.get().getFileName() + " there): nothing stored yet");
    }
    try {
      return new StoreMaintenance(Database.open(location, location.isH2() ? EMBEDDED_WAIT : JdbcStateStore.DEFAULT_CONNECT_TIMEOUT, false), location);
    } catch (StoreUnavailableException e) {
      String why = String.valueOf(e.getMessage()).toLowerCase();
      if (file.isPresent() && (why.contains("locked") || why.contains("already in use") || why.contains("in use by another server"))) {
        throw new InUse("another process is using the store " + file.get().getParent() + " (a muster server running on it?): stop it first", e);
      }
      throw e;
    }
  }

  /** The H2 file of an embedded folder store ({@code <folder>/muster.mv.db}); empty for any other URL. */
  static Optional<Path> embeddedFile(StoreLocation location) {
    String prefix = "jdbc:h2:file:";
    if (!location.jdbcUrl().startsWith(prefix)) return Optional.empty();
    String path = location.jdbcUrl().substring(prefix.length());
    int semi = path.indexOf(';');
    return Optional.of(Path.of((semi < 0 ? path : path.substring(0, semi)) + ".mv.db"));
  }

  public StoreLocation location() {
    return location;
  }

  /**
   * On a database server (PostgreSQL), how many other sessions are connected to this database: a
   * server instance sharing it keeps some open. Empty where it cannot be told (H2: {@link InUse}
   * already; no right to read {@code pg_stat_activity}).
   */
  public Optional<Integer> otherSessions() {
    if (location.isH2()) return Optional.empty();
    try {
      return db.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
            ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getInt(1)) : Optional.<Integer>empty();
        }
      }, false);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * What the store holds, read-only: the regroups in effect and forming, the {@code
   * recentCancelled} last cancelled ones, each with its lists, participants and member steps;
   * registrations, affiliations, cancels owed to partner systems, and the GMS's regrouped marks.
   */
  public Map<String, Object> export(int recentCancelled) {
    return db.inTransaction(c -> {
      c.setReadOnly(true);
      return StoreExport.read(c, recentCancelled);
    }, false);
  }

  /**
   * Deletes everything the store holds (every table but the schema's history), in one
   * transaction: the store is as a first start leaves it, and the GMS's counter moves so that it
   * reloads. Returns the rows deleted per table (tables that had none left out).
   */
  public Map<String, Integer> reset() {
    return db.inTransaction(c -> {
      List<String> tables = tables(c);
      Map<String, Integer> deleted = new LinkedHashMap<>();
      // rows referenced by others go after those: retried until every table is empty (no FK order to keep by hand)
      List<String> left = new ArrayList<>(tables);
      for (int pass = 0; !left.isEmpty() && pass <= tables.size(); pass++) {
        List<String> again = new ArrayList<>();
        for (String t : left) {
          Savepoint before = c.setSavepoint();
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t)) {
            int n = ps.executeUpdate();
            c.releaseSavepoint(before);
            if (n > 0) deleted.merge(t.toLowerCase(), n, Integer::sum);
          } catch (SQLException referenced) {
            c.rollback(before);
            again.add(t);
          }
        }
        if (again.size() == left.size()) throw new SQLException("cannot empty " + again + " (referenced from elsewhere)");
        left = again;
      }
      if (tables.stream().anyMatch(t -> t.equalsIgnoreCase("gms_counter"))) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE gms_counter SET count = count + 1")) {
          ps.executeUpdate();
        }
      }
      return deleted;
    });
  }

  /** The store's tables (current schema), less {@link #KEPT}. */
  private static List<String> tables(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    List<String> out = new ArrayList<>();
    try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        if (KEPT.stream().noneMatch(k -> k.equalsIgnoreCase(name))) out.add(name);
      }
    }
    return out;
  }

  @Override
  public void close() {
    db.close();
  }
}
