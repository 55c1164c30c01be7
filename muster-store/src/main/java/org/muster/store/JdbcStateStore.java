package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.muster.core.config.Retention;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.port.SharedStore;
import org.muster.core.port.Snapshot;
import org.muster.core.port.StateStore;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.MemberStep;
import org.muster.core.regroup.StateChange;
import org.muster.core.regroup.HistoryEntry;
import org.muster.core.port.HistoryPage;
import org.muster.core.port.HistoryQuery;

/**
 * {@link StateStore} on JDBC (H2 or PostgreSQL, schema {@code db/migration/V1__durable_state.sql}).
 * Each write is one transaction. The regroup claims table makes the "already regrouped" check
 * and the create one atomic step across every server sharing the database.
 */
public final class JdbcStateStore implements StateStore, SharedStore {
  /** Default wait for a connection before a request is refused as unavailable. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final String UNIQUE_VIOLATION = "23505";

  private final Database db;
  private final StoreLocation location;

  private JdbcStateStore(Database db, StoreLocation location) {
    this.db = db;
    this.location = location;
  }

  /** Opens (and migrates) the store of PROVISIONING.md {@code system.store}. */
  public static JdbcStateStore open(String store) {
    return open(StoreLocation.of(store), DEFAULT_CONNECT_TIMEOUT);
  }

  public static JdbcStateStore open(StoreLocation location, Duration connectTimeout) {
    return new JdbcStateStore(Database.open(location, connectTimeout), location);
  }

  public StoreLocation location() {
    return location;
  }

  /** The store's connection pool, for the GMS's own tables (muster-gms, V6) in the same database; closed with this store. */
  public javax.sql.DataSource dataSource() {
    return db.dataSource();
  }

  private volatile StoreRetention retention;

  /**
   * Starts pruning cancelled regroups per {@code r} in the background ({@link StoreRetention});
   * stopped by {@link #close()}. Once per store.
   */
  public synchronized StoreRetention retain(Retention r) {
    if (retention != null) throw new IllegalStateException("retention already running: " + retention.retention());
    retention = StoreRetention.start(db, r, StoreRetention.INTERVAL);
    return retention;
  }

  /** The database behind this store (the store's own tests prune and count through it). */
  Database database() {
    return db;
  }

  /** The server instance whose client state this store writes ({@link #load(String)}). */
  private volatile String instance = "";

  @Override
  public Snapshot load(String instance) {
    this.instance = instance;
    return db.inTransaction(c -> SnapshotReader.read(c, instance));
  }

  @Override
  public List<RegroupRecord> regroupsInEffect() {
    return db.inTransaction(SnapshotReader::inEffectLists);
  }

  /**
   * Writes {@code changes} in order, in one transaction (group commit: the writer hands over
   * everything that queued meanwhile). A formed or forming regroup that another server sharing
   * the database claimed first is rolled back alone, to a savepoint, and reported; so are the
   * member steps after it of the same regroup group.
   */
  @Override
  public Written write(List<StateChange> changes, String owner) {
    if (changes.isEmpty()) return Written.ALL;
    // member steps alone are history (outcome steps): no checkpoint of their own (Database.inTransaction)
    boolean history = changes.stream().allMatch(ch -> ch instanceof StateChange.MemberStepped);
    return db.inTransaction(c -> {
      if (!history && !location.isH2()) oneWriterAtATime(c);
      // several instances on PostgreSQL: the regroup rows changed here are stamped for the change feed (V19)
      long version = !location.isH2() && changes.stream().anyMatch(ChangeFeedRows::changesRegroups) ? ChangeFeedRows.next(c) : 0;
      Map<Integer, Rejection> refused = new LinkedHashMap<>();
      Map<McServiceGroupId, Rejection> refusedGroups = new java.util.HashMap<>();
      Set<McServiceGroupId> endedNone = new java.util.HashSet<>(); // cancels another instance made first
      List<StateChange.MemberStepped> steps = new ArrayList<>();
      for (int i = 0; i < changes.size(); i++) {
        StateChange ch = changes.get(i);
        if (ch instanceof StateChange.MemberStepped m) {
          if (!refusedGroups.containsKey(m.regroupGroup())) steps.add(m);
          continue;
        }
        MemberStepRows.write(c, steps); // what came before, in order
        steps.clear();
        RegroupRecord claimed = ch instanceof StateChange.RegroupFormed formed ? formed.regroup()
            : ch instanceof StateChange.RegroupForming forming ? forming.regroup() : null;
        if (claimed != null) {
          Optional<Rejection> clash = insertClaimed(c, claimed, ch instanceof StateChange.RegroupForming ? owner : null, version);
          if (clash.isPresent()) {
            refused.put(i, clash.get());
            refusedGroups.put(claimed.regroupGroup(), clash.get());
          }
        } else if (ch instanceof StateChange.RegroupInEffect e) RegroupRows.inEffect(c, e.regroupGroup(), e.partners(), version);
        else if (ch instanceof StateChange.RegroupCancelled x) {
          if (RegroupRows.cancelled(c, x.regroupGroup(), x.at(), x.owed(), owner, x.before().participants(), version)) {
            endedNone.remove(x.regroupGroup());
          } else {
            endedNone.add(x.regroupGroup());
          }
        } else if (ch instanceof StateChange.RegroupNotInEffect x) RegroupRows.cancelled(c, x.regroupGroup(), x.at(), x.owed(), owner, Set.of(), version);
        else if (ch instanceof StateChange.CancelSettled x) {
          RegroupRows.exec(c, "DELETE FROM partner_cancel WHERE regroup_group = ? AND partner = ?", x.regroupGroup().uri(), x.partner());
        } else if (ch instanceof StateChange.ClientChanged x) client(c, x);
        else if (ch instanceof StateChange.Recorded r) history(c, r.entry(), refusedGroups, endedNone);
      }
      MemberStepRows.write(c, steps);
      if (version != 0) ChangeFeedRows.notifyListeners(c, version);
      return refused.isEmpty() ? Written.ALL : new Written(refused);
    }, !history);
  }

  /**
   * A history line; a create whose regroup was refused above is recorded as the reject it became,
   * and the cancel or expiry of a regroup another instance had ended already is not recorded again.
   */
  private static void history(Connection c, HistoryEntry e, Map<McServiceGroupId, Rejection> refused, Set<McServiceGroupId> endedNone)
      throws SQLException {
    boolean ends = e.event() == HistoryEntry.Event.CANCEL || e.event() == HistoryEntry.Event.EXPIRY;
    if (ends && endedNone.contains(e.regroupGroup())) return;
    Rejection clash = e.event() == HistoryEntry.Event.CREATE ? refused.get(e.regroupGroup()) : null;
    HistoryRows.insert(c, clash == null ? e : HistoryRows.refused(e, clash));
  }

  @Override
  public HistoryPage history(HistoryQuery query) {
    return db.inTransaction(c -> HistoryRows.page(c, query), false);
  }

  /** The key of the PostgreSQL advisory lock that {@link #oneWriterAtATime} takes ("mstr"). */
  static final long WRITERS_LOCK = 0x6d737472L;

  /**
   * Several server instances on one PostgreSQL: their batches of decisions are written one at a
   * time (a transaction-scoped advisory lock, released by the commit). Each batch claims the
   * groups of many creates in decision order; two batches that claim the same groups in
   * opposite orders would each wait for the other's uncommitted claim, and PostgreSQL would
   * abort one of them as a deadlock, refusing every create in it (503). In turn, each batch
   * sees the other's committed claims and refuses only the creates that clash (148, 165).
   */
  private static void oneWriterAtATime(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, WRITERS_LOCK);
      ps.execute();
    }
  }

  /** TS 23.280 10.xx.3.2.1 step 4, made atomic: the regroup group, then each group, claimed; or nothing of it. */
  private static Optional<Rejection> insertClaimed(Connection c, RegroupRecord r, String formingOwner, long version) throws SQLException {
    java.sql.Savepoint before = c.setSavepoint();
    String id = UUID.randomUUID().toString();
    RegroupRows.insertRegroup(c, id, r, formingOwner);
    if (!RegroupRows.claim(c, r.regroupGroup(), id, "REGROUP")) {
      c.rollback(before);
      return Optional.of(Rejection.of(RejectReason.REGROUP_GROUP_ID_IN_USE,
          r.regroupGroup().uri() + " was claimed by another server sharing the store"));
    }
    for (McServiceGroupId g : r.regroupedGroups()) {
      if (!RegroupRows.claim(c, g, id, "REGROUPED")) {
        c.rollback(before);
        return Optional.of(Rejection.of(RejectReason.GROUP_REGROUPED,
            g.uri() + " is regrouped by a regroup of another server sharing the store"));
      }
    }
    c.releaseSavepoint(before);
    ChangeFeedRows.stamp(c, id, version);
    RegroupRows.insertTargets(c, id, r.targets());
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO regroup_member (regroup_id, user_id, contact) VALUES (?, ?, ?)")) {
      for (McServiceClient p : r.participants()) MemberStepRows.member(ps, id, p);
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement(StepSql.INSERT)) {
      for (Map.Entry<McServiceClient, List<MemberStep>> e : r.outcomes().entrySet()) {
        for (MemberStep s : e.getValue()) StepSql.add(ps, id, e.getKey(), s);
      }
      ps.executeBatch();
    }
    return Optional.empty();
  }

  /** The whole durable state of one client, replacing what was stored; marked as served by this instance. */
  private void client(Connection c, StateChange.ClientChanged x) throws SQLException {
    String user = x.client().user().uri();
    String contact = x.client().contact();
    RegroupRows.exec(c, "DELETE FROM registration WHERE user_id = ? AND contact = ?", user, contact);
    RegroupRows.exec(c, "DELETE FROM affiliation WHERE user_id = ? AND contact = ?", user, contact);
    if (x.registration().isEmpty()) return;
    Registration r = x.registration().get();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO registration (user_id, contact, services, expires_ns, served_by, path) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, user);
      ps.setString(2, contact);
      ps.setString(3, Rows.services(r.services()));
      ps.setLong(4, Rows.nanos(r.expiresAt()));
      ps.setString(5, instance);
      ps.setString(6, String.join("\n", r.path()));
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO affiliation (user_id, contact, service, group_id) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<McService, Set<McServiceGroupId>> a : x.affiliations().entrySet()) {
        for (McServiceGroupId g : a.getValue()) {
          ps.setString(1, user);
          ps.setString(2, contact);
          ps.setString(3, a.getKey().name());
          ps.setString(4, g.uri());
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  // ---- several instances on one PostgreSQL (SharedStore): change feed and leases

  private final List<ChangeListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public long regroupVersion() {
    return db.inTransaction(ChangeFeedRows::current, false);
  }

  @Override
  public RegroupChanges regroupsChangedSince(long version) {
    return db.inTransaction(c -> ChangeFeedRows.since(c, version), false);
  }

  /** On H2 (one instance) there is nothing to hear: the returned handle does nothing. */
  @Override
  public AutoCloseable listen(Runnable changed) {
    return listen(ChangeFeedRows.CHANNEL, changed);
  }

  /** As {@link #listen(Runnable)} on another channel of the store (the GMS's: its documents and marks). */
  public AutoCloseable listen(String channel, Runnable changed) {
    if (location.isH2()) return () -> {};
    ChangeListener l = ChangeListener.start(location, channel, changed);
    listeners.add(l);
    return () -> {
      listeners.remove(l);
      l.close();
    };
  }

  @Override
  public boolean renewLease(String instance, Instant renewedAt, Instant until) {
    return db.inTransaction(c -> InstanceLeases.renew(c, instance, Rows.nanos(renewedAt), Rows.nanos(until)));
  }

  @Override
  public List<String> expiredLeases(Instant now, String except) {
    return db.inTransaction(c -> InstanceLeases.expired(c, Rows.nanos(now), except), false);
  }

  @Override
  public Optional<Snapshot> takeOver(String dead, String survivor, Instant now) {
    return db.inTransaction(c -> InstanceLeases.takeOver(c, dead, survivor, Rows.nanos(now)));
  }

  @Override
  public void close() {
    listeners.forEach(ChangeListener::close);
    StoreRetention r = retention;
    if (r != null) r.close();
    db.close();
  }
}
