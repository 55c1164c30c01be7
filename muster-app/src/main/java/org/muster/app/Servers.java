package org.muster.app;

import java.security.SecureRandom;
import org.muster.gms.GroupDocuments;
import org.muster.gms.GroupManagementServer;
import org.muster.gms.GroupSharing;
import org.muster.gms.JdbcGmsStore;

import java.time.Clock;
import java.util.UUID;
import org.muster.core.config.McSystemConfig;
import org.muster.sip.server.MusterServer;
import org.muster.sip.server.ServerSettings;
import org.muster.store.JdbcStateStore;
import org.muster.store.StoreLocation;

/**
 * Wiring: a {@link MusterServer} (the SIP side, which knows the store only as the core's {@code
 * StateStore} port) on a JDBC store ({@code muster-store}). The SIP module does not depend on the
 * store module; the application puts them together here.
 */
public final class Servers {
  private Servers() {}

  /**
   * A server on the store PROVISIONING.md {@code system.store} names (an embedded database folder,
   * or a JDBC URL), as {@code muster server} runs. Throws {@link
   * org.muster.core.port.StoreUnavailableException} when the store cannot be opened (nothing is
   * left running).
   */
  public static MusterServer durable(McSystemConfig config) {
    return durable(config, ServerSettings.fromSystemProperties());
  }

  /** {@link #durable(McSystemConfig)} with these settings. */
  public static MusterServer durable(McSystemConfig config, ServerSettings settings) {
    return withGms(config, settings, Clock.systemUTC(), retained(config, JdbcStateStore.open(config.system().store())));
  }

  /**
   * A server with its state in a private in-memory database that ends with it (tests and
   * benchmarks: the full persistence path, nothing left on disk).
   */
  public static MusterServer inMemory(McSystemConfig config) {
    return inMemory(config, Clock.systemUTC());
  }

  public static MusterServer inMemory(McSystemConfig config, Clock clock) {
    // kept while the server runs (even between pool connections), dropped by the store's close
    String url = "jdbc:h2:mem:muster-" + config.system().id() + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    ServerSettings settings = ServerSettings.fromSystemProperties(); // a bad -D value fails before anything opens
    return withGms(config, settings, clock,
        retained(config, JdbcStateStore.open(StoreLocation.of(url), JdbcStateStore.DEFAULT_CONNECT_TIMEOUT)));
  }

  /**
   * The server with its group management server embedded (muster-gms), both on {@code store}: the
   * GMS's tables live in the same database. Nothing is left running when either fails to start.
   */
  private static MusterServer withGms(McSystemConfig config, ServerSettings settings, Clock clock, JdbcStateStore store) {
    GroupSharing gms;
    try {
      JdbcGmsStore gmsStore = new JdbcGmsStore(store.dataSource(), store.location().needsCheckpoint());
      GroupDocuments groups = GroupDocuments.open(config, gmsStore, clock); // the system's groups are the GMS's from here on
      gms = new GroupSharing(config, GroupManagementServer.open(config, gmsStore, clock, new SecureRandom()), groups);
      gms.followStore(changed -> store.listen(JdbcGmsStore.CHANNEL, changed)); // PostgreSQL: the others' documents and marks
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      return MusterServer.start(config, settings, clock, store, gms);
    } catch (RuntimeException e) {
      gms.stopped();
      throw e;
    }
  }

  /**
   * {@code store} pruning cancelled regroups per {@code system.retention} on its own thread from
   * now on (the store's close stops it).
   */
  private static JdbcStateStore retained(McSystemConfig config, JdbcStateStore store) {
    store.retain(config.system().retention());
    return store;
  }
  /**
   * The system's GMS on its own ({@code muster gms}): on a store the servers share (a database
   * server's JDBC URL; an embedded H2 file is one process's), so what it changes reaches every
   * server as it is written (PostgreSQL's NOTIFY, then their own GMS reads the store). Throws {@link IllegalArgumentException}
   * for a store that cannot be shared, {@link org.muster.core.port.StoreUnavailableException}.
   */
  public static StandaloneGms standaloneGms(McSystemConfig config) {
    String store = config.system().store();
    if (!store.startsWith("jdbc:") || store.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException("muster gms runs beside muster server only on a store they share: system.store must be a"
          + " database server's JDBC URL (such as jdbc:postgresql://...), not " + store);
    }
    JdbcStateStore jdbc = JdbcStateStore.open(store);
    try {
      JdbcGmsStore gmsStore = new JdbcGmsStore(jdbc.dataSource(), false);
      GroupDocuments groups = GroupDocuments.open(config, gmsStore, Clock.systemUTC());
      GroupManagementServer gms = GroupManagementServer.open(config, gmsStore, Clock.systemUTC(), new SecureRandom());
      return new StandaloneGms(jdbc, gms, groups);
    } catch (RuntimeException e) {
      jdbc.close();
      throw e;
    }
  }

  /** A GMS running on its own: its parts, following the store's documents and marks as the servers' GMSs write them. */
  public static final class StandaloneGms implements AutoCloseable {
    private final JdbcStateStore store;
    private final GroupManagementServer gms;
    private final GroupDocuments groups;
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final AutoCloseable feed;

    StandaloneGms(JdbcStateStore store, GroupManagementServer gms, GroupDocuments groups) {
      this.store = store;
      this.gms = gms;
      this.groups = groups;
      this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "muster-gms-follow");
        t.setDaemon(true);
        return t;
      });
      this.feed = store.listen(JdbcGmsStore.CHANNEL, () -> timer.execute(this::refresh));
    }

    private void refresh() {
      try {
        gms.refreshMarks();
        groups.refresh();
        gms.ensureKeys();
      } catch (RuntimeException e) {
        // the store is unreachable: again in a second
        try {
          timer.schedule(this::refresh, 1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
          // closing
        }
      }
    }

    public GroupManagementServer gms() {
      return gms;
    }

    public GroupDocuments groups() {
      return groups;
    }

    /** The regroups in effect in the shared store: the servers' group dynamic data. */
    public java.util.List<org.muster.core.regroup.RegroupRecord> regroupsInEffect() {
      return store.regroupsInEffect();
    }

    @Override
    public void close() {
      try {
        feed.close();
      } catch (Exception e) {
        // closing anyway
      }
      timer.shutdownNow();
      store.close();
    }
  }
}
