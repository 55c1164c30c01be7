package org.muster.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The regroup history on the embedded default (H2 file). */
class H2HistoryTest extends HistoryContract {
  @TempDir Path folder;

  @Override
  JdbcStateStore openFresh() {
    return JdbcStateStore.open(folder.toString());
  }
}
