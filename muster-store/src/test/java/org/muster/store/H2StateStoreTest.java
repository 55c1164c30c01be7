package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.core.port.StateStore;

/** The contract on the embedded default: H2 in file mode in a store folder. */
class H2StateStoreTest extends StateStoreContract {
  @TempDir Path folder;

  @Override
  StateStore openFresh() {
    return JdbcStateStore.open(folder.toString());
  }

  @Override
  StateStore openSame() {
    return JdbcStateStore.open(folder.toString());
  }

  @Test
  void theOperatorExportsAndResetsTheFolder() throws Exception {
    store = MaintenanceChecks.exportThenReset(store, folder.toString(), this::openSame);
  }

  @Test
  void aFolderWithoutADatabaseIsNotCreatedByTheOperatorCommands() {
    Path elsewhere = folder.resolve("not-yet");
    assertThatThrownBy(() -> StoreMaintenance.open(elsewhere.toString())).isInstanceOf(StoreMaintenance.Missing.class)
        .hasMessageContaining("nothing stored yet");
    assertThat(elsewhere).doesNotExist();
  }
}
