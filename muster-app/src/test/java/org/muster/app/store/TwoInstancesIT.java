package org.muster.app.store;

import org.muster.app.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.store.StoreSystem.config;
import static org.muster.app.store.StoreSystem.get;
import static org.muster.app.store.StoreSystem.group;
import static org.muster.app.store.StoreSystem.registered;
import static org.muster.app.store.StoreSystem.warning;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
 * overlapping creates sent to both at once exactly one is accepted.
 */
class TwoInstancesIT {
  private static EmbeddedPostgres pg;
  private static MusterServer a;
  private static MusterServer b;
  private static final List<McClient> clients = new ArrayList<>();
  private static McClient dispA;
  private static McClient dispB;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.start();
    String url = pg.getJdbcUrl("postgres", "postgres");
    int portA = FreePorts.udpAndTcp();
    int portB = FreePorts.udpAndTcp();
    a = MusterServer.startDurable(config(portA, url));
    b = MusterServer.startDurable(config(portB, url));
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
}
