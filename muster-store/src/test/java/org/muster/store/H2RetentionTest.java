package org.muster.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Retention on the embedded default (H2 file). */
class H2RetentionTest extends RetentionContract {
  @TempDir Path folder;

  @Override
  JdbcStateStore openFresh() {
    return JdbcStateStore.open(folder.toString());
  }
}
