package org.muster.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.muster.core.time.Backoff;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed's ear on PostgreSQL: a connection of its own (not from the pool, which it would
 * hold for good) that LISTENs on one channel ({@link ChangeFeedRows#CHANNEL}, the GMS's), and a thread that waits for
 * notifications on it. Each batch of notifications, and each (re)connection, calls the
 * listener: it reads the changes by number, so a notification lost while the connection was
 * down costs nothing. A lost connection is opened again after {@link Backoff#CHANGE_FEED}.
 */
final class ChangeListener implements AutoCloseable {
  /** The application_name of the LISTEN connection (pg_stat_activity shows it). */
  static final String APPLICATION_NAME = "muster-change-feed";
  private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
  /** How long the thread waits for notifications before it checks the connection is alive. */
  private static final int WAIT_MS = 5000;

  private final StoreLocation location;
  private final String channel;
  private final Runnable changed;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  private ChangeListener(StoreLocation location, String channel, Runnable changed) {
    this.location = location;
    this.channel = channel;
    this.changed = changed;
    this.thread = new Thread(this::run, APPLICATION_NAME);
    thread.setDaemon(true);
  }

  static ChangeListener start(StoreLocation location, String channel, Runnable changed) {
    if (!channel.matches("[a-z_]+")) throw new IllegalArgumentException("channel: " + channel);
    ChangeListener l = new ChangeListener(location, channel, changed);
    l.thread.start();
    return l;
  }

  private void run() {
    int failures = 0;
    while (!closed) {
      try (Connection c = connect()) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        if (failures > 0) log.info("change feed: listening again on {} after {} failed attempt(s)", location.safeUrl(), failures);
        failures = 0;
        changed.run(); // catch up: whatever was committed before this LISTEN
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] n = pg.getNotifications(WAIT_MS);
          if (n != null && n.length > 0) {
            changed.run();
          } else if (!closed) {
            try (Statement s = c.createStatement()) {
              s.execute("SELECT 1"); // a connection dead without a word is found out here
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) break;
        failures++;
        long wait = Backoff.CHANGE_FEED.after(failures).toMillis();
        if (failures == 1) log.warn("change feed: lost its connection to {} ({}); connecting again", location.safeUrl(), Database.rootMessage(e));
        else log.debug("change feed: attempt {} failed ({}), next in {} ms", failures, Database.rootMessage(e), wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException stop) {
          break;
        }
      } finally {
        connection = null;
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("ApplicationName", APPLICATION_NAME);
    p.setProperty("connectTimeout", "5");
    Connection c = DriverManager.getConnection(location.jdbcUrl(), p);
    c.setAutoCommit(true);
    return c;
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close(); // wakes the wait
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
