package org.muster.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.h2.mvstore.MVStore;

/**
 * Keeps an embedded H2 file from growing without end under steady writes (issue 14, soak). H2
 * never overwrites a page in place: each commit (here each with a {@code CHECKPOINT}, for kill -9
 * safety) writes the changed pages into a new chunk and leaves the old copies dead in older
 * chunks, whose space is reused only once the whole chunk is dead. H2's own background compaction
 * did not keep up with a steady stream of small commits (the soak's file grew 70 MB a minute with
 * the rows bounded, 27 % of its chunks live after 9 minutes), so the retention thread asks for it
 * after each prune: live pages of the emptiest chunks are rewritten, a few MB at a time with a
 * pause between (each step holds H2's store lock, which commits also take), until the chunks are
 * {@link #TARGET_FILL_PERCENT} live or the time budget is spent. The chunks emptied this way are
 * reused once H2's retention time (45 s) has passed. H2's internal API (its MVStore), pinned to
 * the H2 version of the build; nothing to do for PostgreSQL or an in-memory H2.
 */
final class FileCompaction {
  /** Chunks are rewritten while less than this share of their bytes is live (H2's own default target is 90, 81 under load). */
  static final int TARGET_FILL_PERCENT = 75;
  /** Live bytes rewritten per step, under H2's store lock. */
  static final int STEP_BYTES = 4 << 20;
  /** Pause between steps, so commits waiting for the store lock go first. */
  static final long PAUSE_MS = 20;
  /** Time spent compacting per call at most (a fifth of the retention thread's 30 s). */
  static final Duration BUDGET = Duration.ofSeconds(6);

  private final MVStore store;

  private FileCompaction(MVStore store) {
    this.store = store;
  }

  /** The compaction of {@code db}'s file, or null when {@code db} is not an embedded H2 file. */
  static FileCompaction of(Database db) {
    if (!db.isEmbeddedFile()) return null;
    return new FileCompaction(db.inTransaction(c -> {
      try {
        return ((org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
      } catch (ClassCastException e) {
        throw new SQLException("not an embedded H2 session: " + e.getMessage(), e);
      }
    }, false));
  }

  /**
   * Rewrites the emptiest chunks for {@link #BUDGET} (or until {@code stop}) while the chunks are
   * less than {@link #TARGET_FILL_PERCENT} live; the steps that rewrote something. A step often
   * rewrites nothing although there is work (H2 gives up when its store lock is not free within
   * 10 ms, and chunks younger than its retention time are left alone), so only the budget ends it.
   */
  int compact(BooleanSupplier stop) throws InterruptedException {
    long end = System.nanoTime() + BUDGET.toNanos();
    int steps = 0;
    while (!stop.getAsBoolean() && System.nanoTime() < end && chunkFillPercent() < TARGET_FILL_PERCENT) {
      if (store.compact(TARGET_FILL_PERCENT, STEP_BYTES)) steps++;
      Thread.sleep(PAUSE_MS);
    }
    return steps;
  }

  /** The share of the chunks' bytes that is live, in percent (H2's chunk fill rate). */
  int chunkFillPercent() {
    return store.getFileStore().getChunksFillRate();
  }

  /** The share of the file that chunks occupy, in percent (the rest is free space H2 reuses). */
  int fileFillPercent() {
    return store.getFillRate();
  }
}
