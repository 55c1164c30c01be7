package org.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
import org.muster.core.port.AffiliationRecord;
import org.muster.core.port.MemberChange;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.port.Snapshot;
import org.muster.core.port.StateStore;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.MemberStep;

/**
 * {@link StateStore} on JDBC (H2 or PostgreSQL, schema {@code db/migration/V1__durable_state.sql}).
 * Each method is one transaction. The regroup claims table makes the "already regrouped" check
 * and the create one atomic step across every server sharing the database.
 */
public final class JdbcStateStore implements StateStore {
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

  @Override
  public Optional<Rejection> regroupFormed(RegroupRecord r) {
    return insertClaimed(r, null);
  }

  @Override
  public Optional<Rejection> regroupForming(RegroupRecord r, String owner) {
    return insertClaimed(r, owner);
  }

  private Optional<Rejection> insertClaimed(RegroupRecord r, String formingOwner) {
    return db.inTransaction(c -> {
      String id = UUID.randomUUID().toString();
      RegroupRows.insertRegroup(c, id, r, formingOwner);
      // TS 23.280 10.xx.3.2.1 step 4, made atomic: claim the regroup group, then each group
      if (!RegroupRows.claim(c, r.regroupGroup(), id, "REGROUP")) {
        c.rollback();
        return Optional.of(Rejection.of(RejectReason.REGROUP_GROUP_ID_IN_USE, r.regroupGroup().uri()));
      }
      for (McServiceGroupId g : r.regroupedGroups()) {
        if (!RegroupRows.claim(c, g, id, "REGROUPED")) {
          c.rollback();
          return Optional.of(Rejection.of(RejectReason.GROUP_REGROUPED, g.uri()));
        }
      }
      RegroupRows.insertTargets(c, id, r.targets());
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO regroup_member (regroup_id, user_id, contact) VALUES (?, ?, ?)")) {
        for (McServiceClient p : r.participants()) {
          ps.setString(1, id);
          ps.setString(2, p.user().uri());
          ps.setString(3, p.contact());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement(StepSql.INSERT)) {
        for (Map.Entry<McServiceClient, List<MemberStep>> e : r.outcomes().entrySet()) {
          for (MemberStep s : e.getValue()) StepSql.add(ps, id, e.getKey(), s);
        }
        ps.executeBatch();
      }
      return Optional.<Rejection>empty();
    });
  }

  @Override
  public void regroupInEffect(McServiceGroupId regroupGroup, Set<String> partners) {
    db.inTransaction(c -> {
      Optional<String> id = activeId(c, regroupGroup);
      if (id.isPresent()) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE regroup SET forming_owner = NULL, partners = ? WHERE id = ?")) {
          ps.setString(1, String.join(",", partners));
          ps.setString(2, id.get());
          ps.executeUpdate();
        }
      }
      for (String p : partners) exec(c, "DELETE FROM partner_cancel WHERE regroup_group = ? AND partner = ?", regroupGroup.uri(), p);
      return null;
    });
  }

  @Override
  public void regroupCancelled(McServiceGroupId regroupGroup, Instant at, List<MemberChange> steps, List<OwedCancel> owed, String owner) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO partner_cancel (regroup_group, partner, service, requester, since_ns, owner) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (OwedCancel o : owed) {
          exec(c, "DELETE FROM partner_cancel WHERE regroup_group = ? AND partner = ?", o.regroupGroup().uri(), o.partner());
          ps.setString(1, o.regroupGroup().uri());
          ps.setString(2, o.partner());
          ps.setString(3, o.service().name());
          ps.setString(4, o.requester().uri());
          ps.setLong(5, Rows.nanos(o.since()));
          ps.setString(6, owner);
          ps.executeUpdate();
        }
      }
      Optional<String> id = activeId(c, regroupGroup);
      if (id.isEmpty()) return null;
      appendSteps(c, Map.of(regroupGroup, id.get()), steps, Set.of(id.get()));
      exec(c, "DELETE FROM regroup_claim WHERE regroup_id = ?", id.get());
      // the participants stay as the clients owed the cancel, until they answer it (restart resend)
      try (PreparedStatement ps = c.prepareStatement("UPDATE regroup SET cancelled_ns = ? WHERE id = ?")) {
        ps.setLong(1, Rows.nanos(at));
        ps.setString(2, id.get());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void partnerCancelSettled(McServiceGroupId regroupGroup, String partner) {
    db.inTransaction(c -> {
      exec(c, "DELETE FROM partner_cancel WHERE regroup_group = ? AND partner = ?", regroupGroup.uri(), partner);
      return null;
    });
  }

  @Override
  public void memberSteps(List<MemberChange> steps) {
    if (steps.isEmpty()) return;
    db.inTransaction(c -> {
      Map<McServiceGroupId, String> ids = new LinkedHashMap<>();
      Set<String> cancelled = new java.util.HashSet<>();
      for (MemberChange m : steps) {
        if (ids.containsKey(m.regroupGroup())) continue;
        Optional<String> active = activeId(c, m.regroupGroup());
        Optional<String> id = active.isPresent() ? active : latestId(c, m.regroupGroup());
        id.ifPresent(x -> ids.put(m.regroupGroup(), x));
        if (active.isEmpty()) id.ifPresent(cancelled::add);
      }
      appendSteps(c, ids, steps, cancelled);
      return null;
    });
  }

  /**
   * Appends steps in one batch and keeps {@code regroup_member} in step: for a regroup in effect
   * its participants; for a {@code cancelled} one the clients still owed the cancel (a client's
   * row goes when it answered the cancel).
   */
  private static void appendSteps(Connection c, Map<McServiceGroupId, String> ids, List<MemberChange> steps, Set<String> cancelled)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(StepSql.INSERT);
        PreparedStatement leave = c.prepareStatement("DELETE FROM regroup_member WHERE regroup_id = ? AND user_id = ? AND contact = ?");
        PreparedStatement join = c.prepareStatement("INSERT INTO regroup_member (regroup_id, user_id, contact) VALUES (?, ?, ?)")) {
      // the last membership change of each client in the batch wins
      Map<Map.Entry<String, McServiceClient>, Boolean> membership = new LinkedHashMap<>();
      for (MemberChange m : steps) {
        String id = ids.get(m.regroupGroup());
        if (id == null) continue;
        StepSql.add(ps, id, m.client(), m.step());
        if (cancelled.contains(id)) {
          if (m.answersCancel()) membership.put(Map.entry(id, m.client()), false);
        } else if (m.joins() || m.leaves()) {
          membership.put(Map.entry(id, m.client()), m.joins());
        }
      }
      for (Map.Entry<Map.Entry<String, McServiceClient>, Boolean> e : membership.entrySet()) {
        member(leave, e.getKey().getKey(), e.getKey().getValue());
        if (e.getValue()) member(join, e.getKey().getKey(), e.getKey().getValue());
      }
      ps.executeBatch();
      leave.executeBatch();
      join.executeBatch();
    }
  }

  private static void member(PreparedStatement ps, String id, McServiceClient p) throws SQLException {
    ps.setString(1, id);
    ps.setString(2, p.user().uri());
    ps.setString(3, p.contact());
    ps.addBatch();
  }

  @Override
  public void registration(Registration r) {
    db.inTransaction(c -> {
      exec(c, "DELETE FROM registration WHERE user_id = ? AND contact = ?", r.client().user().uri(), r.client().contact());
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO registration (user_id, contact, services, expires_ns, served_by) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, r.client().user().uri());
        ps.setString(2, r.client().contact());
        ps.setString(3, Rows.services(r.services()));
        ps.setLong(4, Rows.nanos(r.expiresAt()));
        ps.setString(5, instance);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void registrationEnded(McServiceClient client) {
    db.inTransaction(c -> {
      exec(c, "DELETE FROM registration WHERE user_id = ? AND contact = ?", client.user().uri(), client.contact());
      exec(c, "DELETE FROM affiliation WHERE user_id = ? AND contact = ?", client.user().uri(), client.contact());
      return null;
    });
  }

  @Override
  public void affiliations(McServiceClient client, McService service, Set<McServiceGroupId> groups) {
    db.inTransaction(c -> {
      exec(c, "DELETE FROM affiliation WHERE user_id = ? AND contact = ? AND service = ?", client.user().uri(), client.contact(), service.name());
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO affiliation (user_id, contact, service, group_id) VALUES (?, ?, ?, ?)")) {
        for (McServiceGroupId g : groups) {
          ps.setString(1, client.user().uri());
          ps.setString(2, client.contact());
          ps.setString(3, service.name());
          ps.setString(4, g.uri());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void client(McServiceClient client, Optional<Registration> registration, List<AffiliationRecord> affiliations) {
    db.inTransaction(c -> {
      String user = client.user().uri();
      exec(c, "DELETE FROM registration WHERE user_id = ? AND contact = ?", user, client.contact());
      exec(c, "DELETE FROM affiliation WHERE user_id = ? AND contact = ?", user, client.contact());
      if (registration.isEmpty()) return null;
      Registration r = registration.get();
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO registration (user_id, contact, services, expires_ns, served_by) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, user);
        ps.setString(2, client.contact());
        ps.setString(3, Rows.services(r.services()));
        ps.setLong(4, Rows.nanos(r.expiresAt()));
        ps.setString(5, instance);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO affiliation (user_id, contact, service, group_id) VALUES (?, ?, ?, ?)")) {
        for (AffiliationRecord a : affiliations) {
          for (McServiceGroupId g : a.groups()) {
            ps.setString(1, user);
            ps.setString(2, client.contact());
            ps.setString(3, a.service().name());
            ps.setString(4, g.uri());
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void close() {
    StoreRetention r = retention;
    if (r != null) r.close();
    db.close();
  }

  // ---- statements

  private static Optional<String> activeId(Connection c, McServiceGroupId regroupGroup) throws SQLException {
    return one(c, "SELECT regroup_id FROM regroup_claim WHERE group_id = ? AND claim_kind = 'REGROUP'", regroupGroup.uri());
  }

  /** The regroup in effect for the regroup group, else the last one cancelled (late cancel answers). */
  private static Optional<String> latestId(Connection c, McServiceGroupId regroupGroup) throws SQLException {
    Optional<String> active = activeId(c, regroupGroup);
    if (active.isPresent()) return active;
    return one(c, "SELECT id FROM regroup WHERE regroup_group = ? ORDER BY formed_ns DESC FETCH FIRST 1 ROWS ONLY", regroupGroup.uri());
  }

  private static Optional<String> one(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static void exec(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
      ps.executeUpdate();
    }
  }
}
