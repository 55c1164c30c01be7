package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileCompaction} on an embedded H2 file under churn: rounds of small commits (each with
 * its CHECKPOINT, as the store writes them) adding "hot" rows, deleted a round later, and a few
 * "cold" rows at random keys that stay, so that many chunks keep a little live data and are never
 * wholly dead. The same rounds run compacted after each round and not compacted: the compacted
 * file holds more live data per chunk and stays smaller. H2's own background compaction is off
 * here (it did not keep up in the soak; here it would blur the difference), and its retention time
 * is 0 so that emptied chunks are free at once (45 s otherwise). That the file stays bounded under
 * a steady load for half an hour is shown by the soak (BENCHMARKS.md, "Soak"), not by a test of seconds.
 */
class FileCompactionTest {
  static final String PAYLOAD = "x".repeat(300);
  static final int ROUNDS = 12;

  @TempDir Path dir;

  @Test
  void aCompactedFileKeepsItsChunksFullerAndStaysSmaller() throws Exception {
    Churn compacted = churn(dir.resolve("compacted"), true);
    Churn control = churn(dir.resolve("control"), false);

    assertThat(compacted.steps).as("compaction steps").isPositive();
    assertThat(compacted.chunkFill).as("live share of the chunks, compacted against not").isGreaterThan(control.chunkFill);
    assertThat(compacted.lastRoundsMax()).as("largest file of the last rounds (KiB), compacted %s, not %s", compacted.sizes, control.sizes)
        .isLessThan(control.lastRoundsMax() * 9 / 10);
  }

  @Test
  void stopsWhenAskedTo() throws Exception {
    Database db = open(dir.resolve("stopped"));
    try {
      Churn c = new Churn();
      for (int i = 0; i < 100; i++) c.insertSome(db);
      assertThat(FileCompaction.of(db).compact(() -> true)).isZero();
    } finally {
      db.close();
    }
  }

  @Test
  void anIdleFileIsLeftAloneOnceCompacted() throws Exception {
    Path folder = dir.resolve("idle");
    Database db = open(folder);
    try {
      Churn c = new Churn();
      for (int i = 0; i < 50; i++) c.insertSome(db);
      FileCompaction compaction = FileCompaction.of(db);
      compaction.compact(() -> false);
      long size = Files.size(folder.resolve("muster.mv.db"));
      long modified = Files.getLastModifiedTime(folder.resolve("muster.mv.db")).toMillis();
      // nothing changed since: a round finds nothing to rewrite or move, and writes nothing
      assertThat(compaction.compact(() -> false)).isZero();
      assertThat(Files.size(folder.resolve("muster.mv.db"))).isEqualTo(size);
      assertThat(Files.getLastModifiedTime(folder.resolve("muster.mv.db")).toMillis()).isEqualTo(modified);
    } finally {
      db.close();
    }
  }

  @Test
  void nothingToDoForAnInMemoryDatabase() {
    Database db = Database.open(StoreLocation.of("jdbc:h2:mem:compaction-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"), Duration.ofSeconds(2));
    try {
      assertThat(FileCompaction.of(db)).isNull();
    } finally {
      db.close();
    }
  }

  private static Churn churn(Path folder, boolean compact) throws Exception {
    Database db = open(folder);
    try {
      FileCompaction compaction = FileCompaction.of(db);
      Churn c = new Churn();
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < 100; i++) c.insertSome(db);
        exec(db, "DELETE FROM hot WHERE id < " + (c.nextId - 2_000));
        if (compact) c.steps += compaction.compact(() -> false);
        c.sizes.add(Files.size(folder.resolve("muster.mv.db")) / 1024);
      }
      c.chunkFill = compaction.chunkFillPercent();
      return c;
    } finally {
      db.close();
    }
  }

  private static Database open(Path folder) {
    Database db = Database.open(new StoreLocation(StoreLocation.folder(folder).jdbcUrl() + ";AUTO_COMPACT_FILL_RATE=0", true),
        Duration.ofSeconds(2));
    exec(db, "SET RETENTION_TIME 0");
    exec(db, "CREATE TABLE hot (id BIGINT PRIMARY KEY, v VARCHAR(400))");
    exec(db, "CREATE TABLE cold (id BIGINT PRIMARY KEY, v VARCHAR(400))");
    return db;
  }

  private static void exec(Database db, String sql) {
    db.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
      return null;
    });
  }

  /** One file's churn: its size after each round, the chunks' live share at the end. */
  static final class Churn {
    final Random random = new Random(14);
    final List<Long> sizes = new ArrayList<>();
    long nextId;
    int steps;
    int chunkFill;

    long lastRoundsMax() {
      return Collections.max(sizes.subList(ROUNDS - 4, ROUNDS));
    }

    /** One commit: 20 hot rows and a cold one at a random key. */
    void insertSome(Database db) {
      db.inTransaction(c -> {
        try (PreparedStatement hot = c.prepareStatement("INSERT INTO hot (id, v) VALUES (?, ?)");
            PreparedStatement cold = c.prepareStatement("INSERT INTO cold (id, v) VALUES (?, ?)")) {
          for (int k = 0; k < 20; k++) {
            hot.setLong(1, nextId++);
            hot.setString(2, PAYLOAD);
            hot.addBatch();
          }
          hot.executeBatch();
          cold.setLong(1, random.nextLong());
          cold.setString(2, "c");
          cold.executeUpdate();
        }
        return null;
      });
    }
  }
}
