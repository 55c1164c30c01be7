package org.muster.app.interconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.ServerProcess;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;

/**
 * Migration (TS 23.280 3.1) with real processes and real SIP: ff1, a user of metro, obtains service
 * from partner north (metro: {@code served-by: north}; north: {@code migrated-users}, and a copy of
 * ff1's profile and of metro's fire group). metro's regroups of fire or of ff1 ask north too
 * (10.xx.3.3.1 step 5), north notifies ff1's clients, one that affiliates late included, and their
 * steps appear in metro's per-member outcome, served by north.
 */
class MigrationIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  static ServerProcess metro;
  static ServerProcess north;
  static int metroHttp;
  static final List<McClient> clients = new ArrayList<>();
  static final McServiceGroupId FIRE = McServiceGroupId.of("sip:fire@metro.example");
  static final McServiceGroupId TMPL = McServiceGroupId.of("sip:tmpl-incident@metro.example");

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("muster-migration");
    int metroPort = FreePorts.udpAndTcp();
    int northPort = FreePorts.udpAndTcp();
    metroHttp = FreePorts.udpAndTcp();
    metro = ServerProcess.write(dir, "metro", metroPort, """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, http: 127.0.0.1:%d, store: %s}
        users:
          - {id: sip:disp1@metro.example, may: [group-regroup, user-regroup, cancel-regroup], password: disp1-secret}
          - {id: sip:ff1@metro.example, password: ff1-secret, served-by: north}
          - {id: sip:ff2@metro.example, password: ff2-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example, sip:ff2@metro.example]}
          - {id: sip:tmpl-incident@metro.example, preconfigured-regroup-only: true, members: [sip:ff1@metro.example, sip:ff2@metro.example]}
        partners:
          - {id: north, domain: north.example, sip: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup]}
        """.formatted(metroPort, metroHttp, dir.resolve("metro-store"), northPort)).start();
    north = ServerProcess.write(dir, "north", northPort, """
        system: {id: north, domain: north.example, sip: 127.0.0.1:%d, store: %s}
        users:
          - {id: sip:nf1@north.example, password: nf1-secret}
          # copies of metro's profiles: ff1 migrated here; ff2 is listed but not migrated
          - {id: sip:ff1@metro.example, password: ff1-secret}
          - {id: sip:ff2@metro.example, password: ff2-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example]}
          - {id: sip:tmpl-incident@metro.example, preconfigured-regroup-only: true, members: [sip:ff1@metro.example, sip:nf1@north.example]}
        partners:
          - {id: metro, domain: metro.example, sip: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup],
             migrated-users: [sip:ff1@metro.example]}
        """.formatted(northPort, dir.resolve("north-store"), metroPort)).start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (McClient c : clients) c.close();
    if (metro != null) metro.close();
    if (north != null) north.close();
  }

  /** A client of metro's {@code uri} registered at north (migrated), affiliated to {@code groups}. */
  static McClient atNorth(String uri, String... groups) throws Exception {
    return Clients.registered(clients, ClientOptions.loopback(McServiceId.of(uri), "north.example", north.sipPort)
        .withPassword(Clients.password(uri)), groups);
  }

  @Test
  void aMigratedUserRegroupedByItsPrimaryWhileServedAtThePartner() throws Exception {
    McClient disp = Clients.registered(clients, "sip:disp1@metro.example", metro, "metro.example");
    McClient ff2 = Clients.registered(clients, "sip:ff2@metro.example", metro, "metro.example", FIRE.uri());
    McClient ff1 = atNorth("sip:ff1@metro.example", FIRE.uri());
    McServiceGroupId rg = McServiceGroupId.of("sip:rg-migrated@metro.example");

    // 10.xx.3.3.1: 4. metro asks north, which serves ff1; 5./6. north finds ff1 affiliated to metro's fire
    assertThat(Clients.get(disp.regroup(McService.MCPTT, rg, TMPL, new RegroupTargets.Groups(List.of(FIRE)))).status()).isEqualTo(200);
    RegroupNotification atNorth = ff1.awaitNotification(n -> n.regroupGroup().equals(rg) && !n.cancel(), WAIT).orElseThrow();
    assertThat(atNorth.from()).isEqualTo("sip:mcptt-server@north.example");
    assertThat(atNorth.requester()).contains(McServiceId.of("sip:disp1@metro.example"));
    assertThat(ff2.awaitNotification(n -> n.regroupGroup().equals(rg) && !n.cancel(), WAIT)).isPresent();
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode m = memberAtMetro(rg, ff1.contact());
      assertThat(m.path("servedBy").asText()).isEqualTo("north");
      assertThat(m.path("user").asText()).isEqualTo("sip:ff1@metro.example");
      assertThat(m.path("state").asText()).isEqualTo("ACKNOWLEDGED");
    });

    // 10.xx.3.4.1 at the partner: another client of ff1 affiliating to fire at north joins late
    McClient late = atNorth("sip:ff1@metro.example", FIRE.uri());
    assertThat(late.awaitNotification(n -> n.regroupGroup().equals(rg) && !n.cancel(), WAIT)).isPresent();
    await().atMost(WAIT).untilAsserted(() -> assertThat(MultiSystemRegroupIT.states(memberAtMetro(rg, late.contact())))
        .contains("NOTIFIED", "JOINED_LATE"));

    // 10.xx.3.3.3: the cancel reaches ff1's clients at north
    assertThat(Clients.get(disp.cancel(McService.MCPTT, rg)).status()).isEqualTo(200);
    assertThat(ff1.awaitNotification(n -> n.regroupGroup().equals(rg) && n.cancel(), WAIT)).isPresent();
    assertThat(late.awaitNotification(n -> n.regroupGroup().equals(rg) && n.cancel(), WAIT)).isPresent();

    // 10.xx.3.3.2: a user regroup of ff1 reaches it at north too
    McServiceGroupId ru = McServiceGroupId.of("sip:rg-migrated-user@metro.example");
    assertThat(Clients.get(disp.regroup(McService.MCPTT, ru, TMPL,
        new RegroupTargets.Users(List.of(McServiceId.of("sip:ff1@metro.example"))))).status()).isEqualTo(200);
    assertThat(ff1.awaitNotification(n -> n.regroupGroup().equals(ru) && !n.cancel(), WAIT)).isPresent();
    assertThat(Clients.get(disp.cancel(McService.MCPTT, ru)).status()).isEqualTo(200);
  }

  @Test
  void aUserOfThePrimaryThatNorthDoesNotListAsMigratedCannotRegisterThere() throws Exception {
    McClient ff2 = McClient.start(ClientOptions.loopback(McServiceId.of("sip:ff2@metro.example"), "north.example", north.sipPort)
        .withPassword("ff2-secret"));
    clients.add(ff2);
    var r = Clients.get(ff2.register(List.of(McService.MCPTT), 600));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("Warning").orElseThrow()).contains("sip:ff2@metro.example is not an MC service user of this system");
  }

  static JsonNode memberAtMetro(McServiceGroupId rg, String contact) throws Exception {
    return Clients.memberAt(metroHttp, rg, contact);
  }
}
