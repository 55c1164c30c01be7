package org.muster.app.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.ServerProcess;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;
import org.muster.sip.stack.SipResponse;

/**
 * Issue 13, 10.xx.3.3.1 / 10.2.7: metro's GMS shares its preconfigured group with north's, so a
 * regroup across the two works with nothing about metro's group in north's provisioning; north
 * keeps what was shared across a kill -9. Separate server processes on loopback, real SIP.
 */
class GroupSharingIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final McServiceGroupId TMPL = McServiceGroupId.of("sip:tmpl-joint@metro.example");
  private final List<McClient> clients = new ArrayList<>();
  private ServerProcess metro;
  private ServerProcess north;

  @AfterEach
  void stop() throws Exception {
    for (McClient c : clients) c.close();
    if (metro != null) metro.close();
    if (north != null) north.close();
  }

  private static SipResponse get(java.util.concurrent.CompletableFuture<SipResponse> f) throws Exception {
    return Clients.get(f);
  }

  private static RegroupTargets groups(String... uris) {
    return new RegroupTargets.Groups(java.util.Arrays.stream(uris).map(McServiceGroupId::of).toList());
  }

  @Test
  void aPartnerThatKnowsNothingOfThePrimarysPreconfiguredGroupRegroupsWithItAndKeepsItAcrossAKill() throws Exception {
    Path dir = Files.createTempDirectory("muster-gms-sharing");
    int metroPort = FreePorts.udpAndTcp();
    int northPort = FreePorts.udpAndTcp();
    // the primary first: north is not up yet when metro's GMS first tries to share
    metro = ServerProcess.write(dir, "metro", metroPort, """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, store: %s}
        users:
          - {id: sip:disp1@metro.example, may: [group-regroup, user-regroup, cancel-regroup], password: disp1-secret}
          - {id: sip:ff1@metro.example, password: ff1-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example]}
          - {id: sip:tmpl-joint@metro.example, preconfigured-regroup-only: true, broadcast: true, services: [mcptt], members: [sip:ff1@metro.example]}
        partners:
          - {id: north, domain: north.example, sip: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup]}
        """.formatted(metroPort, dir.resolve("metro-store"), northPort)).start();
    // north's provisioning says nothing of tmpl-joint@metro.example
    north = ServerProcess.write(dir, "north", northPort, """
        system: {id: north, domain: north.example, sip: 127.0.0.1:%d, store: %s}
        users:
          - {id: sip:nf1@north.example, password: nf1-secret}
          - {id: sip:nf2@north.example, password: nf2-secret}
        groups:
          - {id: sip:north-fire@north.example, members: [sip:nf1@north.example, sip:nf2@north.example]}
        partners:
          - {id: metro, domain: metro.example, sip: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup]}
        """.formatted(northPort, dir.resolve("north-store"), metroPort)).start();

    McClient disp = Clients.registered(clients, "sip:disp1@metro.example", metro, "metro.example");
    McClient ff1 = Clients.registered(clients, "sip:ff1@metro.example", metro, "metro.example", "sip:fire@metro.example");
    McClient nf1 = Clients.registered(clients, "sip:nf1@north.example", north, "north.example", "sip:north-fire@north.example");

    // 10.xx.3.3.1: the create reaches north with a preconfigured group only metro's GMS defines
    McServiceGroupId rg1 = McServiceGroupId.of("sip:rg-joint1@metro.example");
    SipResponse formed = get(disp.regroup(McService.MCPTT, rg1, TMPL, groups("sip:fire@metro.example", "sip:north-fire@north.example")));
    assertThat(formed.status()).as("%s %s", formed.status(), formed.header("Warning").orElse("")).isEqualTo(200);
    RegroupNotification atNorth = nf1.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg1), WAIT).orElseThrow();
    assertThat(atNorth.broadcast()).as("broadcast, as metro's GMS shared it").isTrue();
    assertThat(ff1.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg1), WAIT)).isPresent();
    assertThat(get(disp.cancel(McService.MCPTT, rg1)).status()).isEqualTo(200);
    assertThat(nf1.awaitNotification(n -> n.cancel() && n.regroupGroup().equals(rg1), WAIT)).isPresent();

    // north loses its process, not what metro's GMS shared with it
    north.kill();
    north.start();
    McClient nf2 = Clients.registered(clients, "sip:nf2@north.example", north, "north.example", "sip:north-fire@north.example");
    McServiceGroupId rg2 = McServiceGroupId.of("sip:rg-joint2@metro.example");
    SipResponse again = get(disp.regroup(McService.MCPTT, rg2, TMPL, groups("sip:north-fire@north.example")));
    assertThat(again.status()).as("%s %s", again.status(), again.header("Warning").orElse("")).isEqualTo(200);
    assertThat(nf2.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg2), WAIT)).isPresent();

    // a service the shared group does not have is refused by north, and the refusal passed back
    McServiceGroupId rg3 = McServiceGroupId.of("sip:rg-joint3@metro.example");
    SipResponse video = get(disp.regroup(McService.MCVIDEO, rg3, TMPL, groups("sip:north-fire@north.example")));
    assertThat(video.status()).isGreaterThanOrEqualTo(400);
    assertThat(get(disp.cancel(McService.MCPTT, rg2)).status()).isEqualTo(200);

    // north comes back on an empty store (a restored backup, say) while metro believes north holds
    // the group, so nothing is pushed before the create: north's GMS asks metro's for it (10.xx.3.3.1
    // step 3, "may retrieve") and the create works the first time (without the fetch: 404 163)
    north.kill();
    Files.writeString(north.config, Files.readString(north.config).replace("north-store", "north-store-restored"));
    north.start();
    McClient nf1Again = Clients.registered(clients, "sip:nf1@north.example", north, "north.example", "sip:north-fire@north.example");
    McServiceGroupId rg4 = McServiceGroupId.of("sip:rg-joint4@metro.example");
    SipResponse fetched = get(disp.regroup(McService.MCPTT, rg4, TMPL, groups("sip:north-fire@north.example")));
    assertThat(fetched.status()).as("%s %s", fetched.status(), fetched.header("Warning").orElse("")).isEqualTo(200);
    assertThat(nf1Again.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg4), WAIT)).isPresent();
  }
}
