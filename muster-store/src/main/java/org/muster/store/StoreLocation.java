package org.muster.store;

import java.nio.file.Path;

/**
 * PROVISIONING.md {@code system.store}: an embedded database folder (H2 file {@code muster} in
 * it), or a JDBC URL ({@code jdbc:postgresql:...}, or {@code jdbc:h2:...} for tests).
 */
public record StoreLocation(String jdbcUrl, boolean embedded) {

  public static StoreLocation of(String store) {
    if (store.startsWith("jdbc:")) return new StoreLocation(store, store.startsWith("jdbc:h2:"));
    return folder(Path.of(store));
  }

  /**
   * H2 in file mode, writing each commit to the file before the commit returns ({@code
   * WRITE_DELAY=0}: no background writer). With H2's background writer a {@code CHECKPOINT} may
   * return while the background's own write of the same commit is still under way (MVStore's
   * commit skips when another store began meanwhile), and a kill -9 then loses an answered commit.
   */
  public static StoreLocation folder(Path folder) {
    String path = folder.toAbsolutePath().normalize().resolve("muster").toString().replace('\\', '/');
    return new StoreLocation("jdbc:h2:file:" + path + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", true);
  }

  /**
   * An embedded H2 file: it keeps no redo log, so a commit is durable against kill -9 only once
   * it is written to the file ({@link #folder}: at commit; a {@code CHECKPOINT} after it as well).
   */
  public boolean needsCheckpoint() {
    return isH2() && !jdbcUrl.startsWith("jdbc:h2:mem:");
  }

  boolean isH2() {
    return jdbcUrl.startsWith("jdbc:h2:");
  }

  /** The URL without credentials, for messages. */
  public String safeUrl() {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }
}
