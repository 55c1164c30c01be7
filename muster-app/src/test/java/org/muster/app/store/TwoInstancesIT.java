package org.muster.app.store;

import org.muster.app.Servers;
import org.muster.app.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.store.StoreSystem.affiliated;
import static org.muster.app.store.StoreSystem.config;
import static org.muster.app.store.StoreSystem.get;
import static org.muster.app.store.StoreSystem.group;
import static org.muster.app.store.StoreSystem.registered;
import static org.muster.app.store.StoreSystem.warning;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.muster.core.id.McServiceGroupId;
import org.muster.sip.client.RegroupNotification;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;
import org.muster.sip.stack.SipResponse;

/**
 * Two server instances of one MC system on one PostgreSQL (a real one, started here): the
 * "already regrouped" check and the create are one atomic step in the database, so of two
 * overlapping creates sent to both at once exactly one is accepted; each instance serves the
 * clients that registered with it and follows the regroups formed and cancelled on the other.
 */
class TwoInstancesIT {
  private static EmbeddedPostgres pg;
  private static MusterServer a;
  private static MusterServer b;
  private static final List<McClient> clients = new ArrayList<>();
  private static McClient dispA;
  private static McClient dispB;
  private static int portA;
  private static int portB;
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(20);

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.start();
    String url = pg.getJdbcUrl("postgres", "postgres");
    portA = FreePorts.udpAndTcp();
    portB = FreePorts.udpAndTcp();
    a = Servers.durable(config(portA, url));
    b = Servers.durable(config(portB, url));
    dispA = registered(clients, "disp1", portA);
    dispB = registered(clients, "disp1", portB);
  }

  @AfterAll
  static void stop() throws Exception {
    StoreSystem.closeAll(clients);
    if (a != null) a.close();
    if (b != null) b.close();
    if (pg != null) pg.close();
  }

  @Test
  void step4_ofTwoOverlappingCreatesAtOnceExactlyOneIsAccepted() throws Exception {
    for (int i = 0; i < 10; i++) {
      RegroupTargets g = new RegroupTargets.Groups(List.of(group("g" + i)));
      CompletableFuture<SipResponse> fa = dispA.regroup(McService.MCPTT, group("rg-a" + i), group("tmpl"), g);
      CompletableFuture<SipResponse> fb = dispB.regroup(McService.MCPTT, group("rg-b" + i), group("tmpl"), g);
      List<SipResponse> answers = List.of(get(fa), get(fb));
      assertThat(answers).as("round " + i).extracting(SipResponse::status).containsExactlyInAnyOrder(200, 403);
      SipResponse refused = answers.stream().filter(r -> r.status() == 403).findFirst().orElseThrow();
      assertThat(warning(refused)).as("round " + i).contains("148");
    }
  }

  @Test
  void aRegroupFormedOnOneInstanceReachesTheClientsOfTheOtherAndIsCancelledFromIt() throws Exception {
    McClient ff1 = affiliated(clients, "ff1", portB, "rescue"); // served by B
    McClient pol1 = affiliated(clients, "pol1", portA, "traffic"); // served by A
    McServiceGroupId rg = group("rg-both");
    RegroupTargets both = new RegroupTargets.Groups(List.of(group("rescue"), group("traffic")));
    assertThat(get(dispA.regroup(McService.MCPTT, rg, group("tmpl"), both)).status()).isEqualTo(200);
    // A notifies the client it serves; B takes the regroup from the store and notifies its own
    RegroupNotification atA = pol1.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg), WAIT).orElseThrow();
    RegroupNotification atB = ff1.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg), WAIT).orElseThrow();
    assertThat(atB.requester()).contains(StoreSystem.user("disp1"));
    assertThat(atA.requester()).contains(StoreSystem.user("disp1"));
    // the cancel may go to the other instance
    Awaitility.await().atMost(WAIT).until(() -> b.query(core -> core.activeRegroup(rg).isPresent()).get());
    assertThat(get(dispB.cancel(McService.MCPTT, rg)).status()).isEqualTo(200);
    assertThat(ff1.awaitNotification(n -> n.cancel() && n.regroupGroup().equals(rg), WAIT)).isPresent();
    assertThat(pol1.awaitNotification(n -> n.cancel() && n.regroupGroup().equals(rg), WAIT)).isPresent();
    // both groups are free again, on either instance
    Awaitility.await().atMost(WAIT).until(() -> a.query(core -> core.activeRegroup(rg).isEmpty()).get());
    assertThat(get(dispA.regroup(McService.MCPTT, group("rg-both2"), group("tmpl"), both)).status()).isEqualTo(200);
    assertThat(get(dispA.cancel(McService.MCPTT, group("rg-both2"))).status()).isEqualTo(200);
  }

  @Test
  void aRegroupGroupIdTakenOnOneInstanceIsRefused165OnTheOther() throws Exception {
    RegroupTargets fire = new RegroupTargets.Groups(List.of(group("fire")));
    RegroupTargets police = new RegroupTargets.Groups(List.of(group("police")));
    assertThat(get(dispA.regroup(McService.MCPTT, group("rg-shared"), group("tmpl"), fire)).status()).isEqualTo(200);
    SipResponse refused = get(dispB.regroup(McService.MCPTT, group("rg-shared"), group("tmpl"), police));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(warning(refused)).contains("165");
    // the refused create was undone in B's memory too: police is free there
    assertThat(get(dispB.regroup(McService.MCPTT, group("rg-police"), group("tmpl"), police)).status()).isEqualTo(200);
  }
  @Test
  void aGroupMarkedRegroupedByTheGmsOfOneInstanceIsRefused148OnTheOtherUntilUnmarked() throws Exception {
    RegroupTargets rescue = new RegroupTargets.Groups(List.of(group("rescue")));
    org.muster.gms.GroupManagementServer gmsA = ((org.muster.gms.GroupSharing) a.gms()).server();
    assertThat(gmsA.markRegrouped(group("rescue"))).isTrue();
    // B hears of it (NOTIFY muster_gms) and reads the marks again
    Awaitility.await().atMost(WAIT).until(() -> ((org.muster.gms.GroupSharing) b.gms()).server().regroupedMarks().contains(group("rescue")));
    SipResponse refused = get(dispB.regroup(McService.MCPTT, group("rg-marked"), group("tmpl"), rescue));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(warning(refused)).contains("148");

    assertThat(gmsA.unmarkRegrouped(group("rescue"))).isTrue();
    Awaitility.await().atMost(WAIT).until(() -> ((org.muster.gms.GroupSharing) b.gms()).server().regroupedMarks().isEmpty());
    assertThat(get(dispB.regroup(McService.MCPTT, group("rg-marked"), group("tmpl"), rescue)).status()).isEqualTo(200);
    assertThat(get(dispB.cancel(McService.MCPTT, group("rg-marked"))).status()).isEqualTo(200);
  }
  @Test
  void aGroupAnOperatorAddsThroughOneInstancesGmsIsRegroupedOnTheOther() throws Exception {
    org.muster.gms.GroupDocuments groupsA = ((org.muster.gms.GroupSharing) a.gms()).groups();
    byte[] doc = ("<group xmlns=\"urn:muster:ns:groupDocument:1.0\" uri=\"sip:hazmat@metro.example\">"
        + "<members><entry uri=\"sip:pol1@metro.example\"/></members></group>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(groupsA.put(group("hazmat"), "application/vnd.muster.group+xml", doc, java.util.Optional.empty(), true).status()).isEqualTo(201);
    // B hears of it (NOTIFY muster_gms) and reads the documents again
    Awaitility.await().atMost(WAIT).until(() -> b.config().group(group("hazmat")).isPresent());
    RegroupTargets hazmat = new RegroupTargets.Groups(List.of(group("hazmat")));
    assertThat(get(dispB.regroup(McService.MCPTT, group("rg-hazmat"), group("tmpl"), hazmat)).status()).isEqualTo(200);
    assertThat(get(dispB.cancel(McService.MCPTT, group("rg-hazmat"))).status()).isEqualTo(200);
  }
}
