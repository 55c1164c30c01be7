package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.muster.core.config.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes cancelled regroups (their lists, clients owed the cancel and member steps) per PROVISIONING.md
 * {@code system.retention}, on its own thread, in small transactions; the core never waits for it.
 * Never pruned: a regroup in effect or forming (not cancelled), one whose regroup group still has a
 * cancel owed to a partner system ({@code partner_cancel}), one cancelled within the last hour that
 * has clients which have not answered the cancel (a restart sends it to them again, {@link
 * SnapshotReader#CANCEL_RESEND_WINDOW}), and one cancelled within {@link #GRACE} (late answers to
 * the cancel are still written to it). The regroup history goes by its own age ({@code historyDays}),
 * {@link HistoryRows#PRUNE_BATCH} lines per transaction, whatever became of its regroups. Between prunes it lets an embedded H2 file reuse the space
 * left dead ({@link FileCompaction}).
 */
public final class StoreRetention implements AutoCloseable {
  /** A cancelled regroup is left alone this long, whatever the retention: late cancel answers land in it. */
  public static final Duration GRACE = Duration.ofMinutes(5);
  /**
   * Regroups deleted per transaction: few, so that a prune's undo log (every deleted row, until it
   * commits) stays small; with 20 regroups of 75 members (9,000 step rows) the soak's file kept
   * mostly dead chunks of about that size (4 MB) for minutes.
   */
  static final int BATCH = 5;
  /** How often the background thread prunes. */
  public static final Duration INTERVAL = Duration.ofSeconds(30);
  static final List<String> TABLES = List.of("regroup", "regroup_target", "regroup_member", "regroup_step", "regroup_claim", "partner_cancel");
  private static final Logger LOG = LoggerFactory.getLogger(StoreRetention.class);

  private static final String CANDIDATES = "SELECT r.id, r.cancelled_ns FROM regroup r WHERE r.cancelled_ns IS NOT NULL "
      + "AND r.cancelled_ns < ? "
      + "AND NOT EXISTS (SELECT 1 FROM partner_cancel p WHERE p.regroup_group = r.regroup_group) "
      + "AND NOT EXISTS (SELECT 1 FROM regroup_claim k WHERE k.regroup_id = r.id) "
      + "AND (r.cancelled_ns < ? OR NOT EXISTS (SELECT 1 FROM regroup_member m WHERE m.regroup_id = r.id)) "
      + "ORDER BY r.cancelled_ns, r.id FETCH FIRST " + BATCH + " ROWS ONLY";

  private final Database db;
  private final Retention retention;
  private final ScheduledExecutorService thread;
  private volatile boolean closed;

  private StoreRetention(Database db, Retention retention, ScheduledExecutorService thread) {
    this.db = db;
    this.retention = retention;
    this.thread = thread;
  }

  /** Prunes now and then every {@code every} on a daemon thread ({@code muster-retention}) until closed. */
  static StoreRetention start(Database db, Retention retention, Duration every) {
    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread th = new Thread(r, "muster-retention");
      th.setDaemon(true);
      return th;
    });
    StoreRetention s = new StoreRetention(db, retention, t);
    t.scheduleWithFixedDelay(s::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    if (db.isEmbeddedFile()) {
      long compactMillis = FileCompaction.EVERY.toMillis();
      t.scheduleWithFixedDelay(s::compactFile, compactMillis, compactMillis, TimeUnit.MILLISECONDS);
    }
    return s;
  }

  public Retention retention() {
    return retention;
  }

  private void tick() {
    try {
      int n = prune(db, retention, Instant.now(), () -> closed);
      if (n > 0) LOG.info("retention: pruned {} cancelled regroups ({} days or {} regroups)", n, retention.days(), retention.regroups());
      int h = HistoryRows.prune(db, Instant.now().minus(retention.historyAge()), () -> closed);
      if (h > 0) LOG.info("retention: pruned {} history lines older than {} days", h, retention.historyDays());
    } catch (RuntimeException e) {
      LOG.warn("retention: pruning failed, tried again in {} s: {}", INTERVAL.toSeconds(), Database.rootMessage(e));
    }
  }

  /** The embedded H2 file's compaction, found on the first tick (this thread only). */
  private FileCompaction compaction;

  /** Lets an embedded H2 file reuse the space that pruning and every commit leave dead ({@link FileCompaction}), every {@link FileCompaction#EVERY}. */
  private void compactFile() {
    if (!db.isEmbeddedFile() || closed) return;
    try {
      if (compaction == null) compaction = FileCompaction.of(db);
      int steps = compaction.compact(() -> closed);
      if (steps > 0) LOG.debug("retention: file compacted in {} steps, chunks {} % live, file {} % used", steps, compaction.chunkFillPercent(),
          compaction.fileFillPercent());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("retention: compacting the file failed, tried again in {} s: {}", FileCompaction.EVERY.toSeconds(), Database.rootMessage(e));
    }
  }

  /**
   * Deletes, oldest cancel first, the cancelled regroups that are due ({@code retention}) and may
   * go (see the class comment) as of {@code now}, {@link #BATCH} per transaction; the count deleted.
   */
  static int prune(Database db, Retention retention, Instant now, java.util.function.BooleanSupplier stop) {
    int total = 0;
    while (!stop.getAsBoolean()) {
      int n = db.inTransaction(c -> pruneBatch(c, retention, now));
      total += n;
      if (n < BATCH) break;
    }
    return total;
  }

  private static int pruneBatch(Connection c, Retention retention, Instant now) throws SQLException {
    long excess = count(c, "SELECT COUNT(*) FROM regroup WHERE cancelled_ns IS NOT NULL") - retention.regroups();
    long ageCutoff = Rows.nanos(now.minus(retention.maxAge()));
    List<String> due = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CANDIDATES)) {
      ps.setLong(1, Rows.nanos(now.minus(GRACE)));
      ps.setLong(2, Rows.nanos(now.minus(SnapshotReader.CANCEL_RESEND_WINDOW)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // oldest first: the first that is neither too old nor in excess ends the batch
          if (rs.getLong(2) >= ageCutoff && excess <= 0) break;
          excess--;
          due.add(rs.getString(1));
        }
      }
    }
    for (String table : List.of("regroup_step", "regroup_target", "regroup_member", "regroup_claim")) {
      delete(c, "DELETE FROM " + table + " WHERE regroup_id = ?", due);
    }
    delete(c, "DELETE FROM regroup WHERE id = ?", due);
    return due.size();
  }

  private static void delete(Connection c, String sql, List<String> ids) throws SQLException {
    if (ids.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (String id : ids) {
        ps.setString(1, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Rows per regroup table (what retention bounds), in {@link #TABLES} order. */
  static Map<String, Long> rowCounts(Database db) {
    return db.inTransaction(c -> {
      Map<String, Long> out = new LinkedHashMap<>();
      for (String t : TABLES) out.put(t, count(c, "SELECT COUNT(*) FROM " + t));
      return out;
    });
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Stops the background thread after the transaction under way (never interrupted: an interrupt
   * inside H2 closes its file).
   */
  @Override
  public void close() {
    closed = true;
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) LOG.warn("retention: a prune still running after 10 s at close");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
