package org.muster.store;

import java.nio.file.Path;
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
}
