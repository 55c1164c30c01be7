package org.muster.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * Keeps an embedded H2 file from growing without end under steady writes (issue 14, soak). H2
 * never overwrites a page in place: each commit (here each with a {@code CHECKPOINT}, for kill -9
 * safety) writes the changed pages into a new chunk and leaves the old copies dead in older
 * chunks, whose space is reused only once the whole chunk is dead. With {@code WRITE_DELAY=0} H2
 * runs no housekeeping of its own, and a chunk that keeps one live page (a full leaf of a table
 * that only grows, say) stays forever: the soak's file grew 70 MB a minute with the rows bounded,
 * its chunks 15 to 25 % live. So the retention thread runs a round every {@link #EVERY}, each
 * within {@link #BUDGET}, in small steps with a pause between (each step holds H2's store lock,
 * which commits take too):
 * <ol>
 *   <li>the live pages of the emptiest chunks are rewritten ({@link #STEP_BYTES} at a time) while
 *       the chunks are less than {@link #TARGET_FILL_PERCENT} live: the old chunks die whole;
 *   <li>chunks are moved towards the start of the file into the space so freed ({@link
 *       #MOVE_BYTES} at a time) while less than {@link #MOVE_BELOW_PERCENT} of the file is used,
 *       and the file is cut after the last one.
 * </ol>
 * During a round H2's retention time is 0, so an emptied chunk is free at once; between rounds it
 * is H2's 45 s again. H2 forces the file to disk before it overwrites a moved chunk's old place or
 * cuts the file, as it does when it compacts at shutdown. H2's internal API (its MVStore), pinned
 * to the H2 version of the build; nothing to do for PostgreSQL or an in-memory H2.
 */
final class FileCompaction {
  /** Chunks are rewritten while less than this share of their bytes is live (H2's own default target is 90, 81 under load). */
  static final int TARGET_FILL_PERCENT = 75;
  /** Chunks are moved while less than this share of the file is used by chunks. */
  static final int MOVE_BELOW_PERCENT = 90;
  /** Live bytes rewritten per step, under H2's store lock. */
  static final int STEP_BYTES = 2 << 20;
  /** Chunk bytes moved per step. */
  static final long MOVE_BYTES = 4L << 20;
  /** Pause between steps, so commits waiting for the store lock go first. */
  static final long PAUSE_MS = 20;
  /** How often a round runs. */
  static final Duration EVERY = Duration.ofSeconds(5);
  /**
   * Time spent per round at most. Mostly waiting: under load most steps find the store lock taken
   * by a commit and give up after 10 ms, so the rounds must be long enough for some to succeed.
   */
  static final Duration BUDGET = Duration.ofSeconds(3);

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
   * One round (see the class comment), until {@link #BUDGET} is spent, nothing is left to do, or
   * {@code stop}; the steps that rewrote or moved something. A step often does nothing although
   * there is work (H2 gives up when its store lock is not free within 10 ms), so a step that did
   * nothing ends the round only when nothing was written meanwhile either (an idle store: nothing
   * to gain by trying again).
   */
  int compact(BooleanSupplier stop) throws InterruptedException {
    long end = System.nanoTime() + BUDGET.toNanos();
    int retention = store.getRetentionTime();
    store.setRetentionTime(0);
    try {
      int steps = 0;
      long version = store.getCurrentVersion();
      while (!stop.getAsBoolean() && System.nanoTime() < end) {
        boolean rewrite = chunkFillPercent() < TARGET_FILL_PERCENT;
        boolean move = fileFillPercent() < MOVE_BELOW_PERCENT;
        if (!rewrite && !move) break;
        boolean did = rewrite && store.compact(TARGET_FILL_PERCENT, STEP_BYTES);
        if (move && store.getFileStore() instanceof RandomAccessStore file) {
          long before = file.size();
          file.compactMoveChunks(MOVE_BELOW_PERCENT, MOVE_BYTES, store);
          did |= file.size() < before;
        }
        if (did) steps++;
        // nothing done and nothing written meanwhile: the file is as compact as H2 can make it now
        else if (store.getCurrentVersion() == version) break;
        version = store.getCurrentVersion();
        Thread.sleep(PAUSE_MS);
      }
      return steps;
    } finally {
      store.setRetentionTime(retention);
    }
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
