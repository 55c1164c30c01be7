package org.muster.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.muster.core.port.StoreUnavailableException;

/** The connection pool on the store, migrated to the current schema; one transaction at a time. */
final class Database implements AutoCloseable {
  private final StoreLocation location;
  private final HikariDataSource pool;

  private Database(StoreLocation location, HikariDataSource pool) {
    this.location = location;
    this.pool = pool;
  }

  /** Opens the pool and migrates; throws {@link StoreUnavailableException} naming the store. */
  static Database open(StoreLocation location, Duration connectTimeout) {
    return open(location, connectTimeout, true);
  }

  /** As {@link #open(StoreLocation, Duration)}; without {@code migrate} the schema is taken as it is (operator commands). */
  static Database open(StoreLocation location, Duration connectTimeout, boolean migrate) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(location.jdbcUrl());
    if (location.isH2() && !location.jdbcUrl().contains("USER=")) c.setUsername("sa");
    c.setPoolName("muster-store");
    c.setMaximumPoolSize(4);
    c.setMinimumIdle(1);
    c.setAutoCommit(false);
    c.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
    c.setValidationTimeout(Math.max(250, Math.min(connectTimeout.toMillis(), 5000)));
    c.setInitializationFailTimeout(Math.max(1, connectTimeout.toMillis()));
    HikariDataSource pool;
    try {
      createFolder(location);
      pool = new HikariDataSource(c);
    } catch (RuntimeException e) {
      if (location.isH2() && inUse(e)) {
        throw new StoreUnavailableException("store " + location.safeUrl() + " is in use by another server (an H2 file store"
            + " serves one process): stop the other muster server on it, or give this one a system.store of its own", e);
      }
      throw new StoreUnavailableException("store " + location.safeUrl() + " unreachable: " + rootMessage(e), e);
    }
    if (!migrate) return new Database(location, pool);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreUnavailableException("store " + location.safeUrl() + ": migration failed: " + rootMessage(e), e);
    }
    return new Database(location, pool);
  }

  private static void createFolder(StoreLocation location) {
    String prefix = "jdbc:h2:file:";
    if (!location.jdbcUrl().startsWith(prefix)) return;
    String path = location.jdbcUrl().substring(prefix.length());
    int semi = path.indexOf(';');
    Path file = Path.of(semi < 0 ? path : path.substring(0, semi));
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create folder " + file.getParent() + ": " + e.getMessage(), e);
    }
  }

  /** Work done in one transaction. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction and commits it. H2 keeps no redo log: a checkpoint
   * writes the committed pages to the file before this returns, so a kill -9 loses nothing
   * that was answered.
   */
  <T> T inTransaction(Work<T> work) {
    return inTransaction(work, true);
  }

  /**
   * As {@link #inTransaction(Work)}; without {@code checkpoint} an embedded H2 file writes the
   * commit with its next checkpoint (the next answered change) or its own background write
   * within a second: for history, which a crash may lose the last moments of.
   */
  <T> T inTransaction(Work<T> work, boolean checkpoint) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        try {
          T result = work.run(c);
          c.commit();
          if (checkpoint && location.needsCheckpoint()) {
            try (Statement s = c.createStatement()) {
              s.execute("CHECKPOINT");
            }
          }
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c);
          throw e;
        }
      } catch (SQLException e) {
        if (attempt < DEADLOCK_ATTEMPTS && gaveWay(e)) continue;
        throw new StoreUnavailableException("store: " + rootMessage(e), e);
      }
    }
  }

  /** Attempts of a transaction the database aborted to break a deadlock ({@link #gaveWay}). */
  static final int DEADLOCK_ATTEMPTS = 3;

  /**
   * True when the database aborted the transaction to let another one through (PostgreSQL's
   * {@code deadlock_detected} 40P01, or a {@code serialization_failure} 40001): two server
   * instances sharing the store that claim the same groups in opposite orders, each in its own
   * batch. Nothing of it was committed; run again, it meets the other's committed claims (148,
   * 165) and is decided like any other.
   */
  static boolean gaveWay(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) return true;
    }
    for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
      if ("40P01".equals(next.getSQLState()) || "40001".equals(next.getSQLState())) return true;
    }
    return false;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken: the pool drops it; nothing was committed
    }
  }

  /** H2's "database may be already in use" (error 90020) or its file lock, anywhere in the causes. */
  private static boolean inUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) return true;
      if (t.getMessage() != null && t.getMessage().contains("file is locked")) return true;
    }
    return false;
  }

  /** H2's ErrorCode.DATABASE_ALREADY_OPEN_1. */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** An embedded H2 file (not PostgreSQL, not an in-memory H2). */
  boolean isEmbeddedFile() {
    return location.needsCheckpoint();
  }

  javax.sql.DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    if (location.jdbcUrl().startsWith("jdbc:h2:mem:")) {
      // an in-memory database kept open by DB_CLOSE_DELAY=-1 ends with its store
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException | RuntimeException e) {
        // already gone
      }
    }
    pool.close();
  }
}
