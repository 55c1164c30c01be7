package org.muster.app.interconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.MusterCli;
import org.muster.app.testing.ServerProcess;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;

/**
 * Beyond the seed, with real processes: a regroup metro (the primary) formed at north (the
 * partner) ends at north without metro's cancel, by north's operator ({@code muster release},
 * {@code POST /api/partner-regroups/release}) or, once metro is gone, by north's
 * {@code release-after}; north's client gets the cancel, north logs who did it, and metro records
 * north as released and sends it no cancel.
 */
class PartnerReleaseIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOKEN = "north-admin-token-0123456789";
  static ServerProcess metro;
  static ServerProcess north;
  static int metroHttp;
  static int northHttp;
  static final List<McClient> clients = new ArrayList<>();
  static final McServiceGroupId NORTH_FIRE = McServiceGroupId.of("sip:north-fire@north.example");
  static final McServiceGroupId TMPL = McServiceGroupId.of("sip:tmpl-incident@metro.example");

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("muster-release");
    int metroPort = FreePorts.udpAndTcp();
    int northPort = FreePorts.udpAndTcp();
    metroHttp = FreePorts.udpAndTcp();
    northHttp = FreePorts.udpAndTcp();
    metro = ServerProcess.write(dir, "metro", metroPort, """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, http: 127.0.0.1:%d, store: %s}
        users:
          - {id: sip:disp1@metro.example, may: [group-regroup, user-regroup, cancel-regroup], password: disp1-secret}
        groups:
          - {id: sip:tmpl-incident@metro.example, preconfigured-regroup-only: true, members: [sip:disp1@metro.example]}
        partners:
          - {id: north, domain: north.example, sip: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup]}
        """.formatted(metroPort, metroHttp, dir.resolve("metro-store"), northPort)).start();
    north = ServerProcess.write(dir, "north", northPort, """
        system: {id: north, domain: north.example, sip: 127.0.0.1:%d, http: 127.0.0.1:%d, store: %s, admin-token: %s}
        users:
          - {id: sip:nf1@north.example, password: nf1-secret}
        groups:
          - {id: sip:north-fire@north.example, members: [sip:nf1@north.example]}
          - {id: sip:tmpl-incident@metro.example, preconfigured-regroup-only: true, members: [sip:nf1@north.example]}
        partners:
          - {id: metro, domain: metro.example, sip: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup], release-after: 10s}
        """.formatted(northPort, northHttp, dir.resolve("north-store"), TOKEN, metroPort)).start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (McClient c : clients) c.close();
    if (metro != null) metro.close();
    if (north != null) north.close();
  }

  @Test
  void northsOperatorReleasesMetrosRegroupThenItExpiresOnceMetroIsGone() throws Exception {
    McClient disp = Clients.registered(clients, "sip:disp1@metro.example", metro, "metro.example");
    McClient nf1 = Clients.registered(clients, "sip:nf1@north.example", north, "north.example", NORTH_FIRE.uri());
    McServiceGroupId rg = McServiceGroupId.of("sip:rg-released@metro.example");
    assertThat(Clients.get(disp.regroup(McService.MCPTT, rg, TMPL, new RegroupTargets.Groups(List.of(NORTH_FIRE)))).status()).isEqualTo(200);
    assertThat(nf1.awaitNotification(n -> n.regroupGroup().equals(rg) && !n.cancel(), WAIT)).isPresent();

    // the admin route: a change, so the token; the operator named; only a regroup a partner formed here
    assertThat(release("{\"regroupGroup\": \"" + rg.uri() + "\", \"by\": \"alice\"}", null).statusCode()).isEqualTo(401);
    HttpResponse<String> noBy = release("{\"regroupGroup\": \"" + rg.uri() + "\"}", TOKEN);
    assertThat(noBy.statusCode()).isEqualTo(400);
    assertThat(noBy.body()).contains("by: the operator releasing it");
    HttpResponse<String> unknown = release("{\"regroupGroup\": \"sip:rg-none@metro.example\", \"by\": \"alice\"}", TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("sip:rg-none@metro.example is no regroup a partner system formed here");
    assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + northHttp
        + "/api/partner-regroups/release")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(405);

    // muster release (the CLI reads north's file: its admin address and token)
    MusterCli.Run run = MusterCli.run("release", "--config", north.config.toString(), "--regroup-group", rg.uri(), "--by", "alice",
        "--reason", "metro lost its site");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("regroup sip:rg-released@metro.example released here by alice: 1 client(s) sent the cancel; primary metro told");
    RegroupNotification cancel = nf1.awaitNotification(n -> n.regroupGroup().equals(rg) && n.cancel(), WAIT).orElseThrow();
    assertThat(cancel.from()).isEqualTo("sip:mcptt-server@north.example");
    assertThat(north.output()).contains("regroup sip:rg-released@metro.example (mcptt) of primary metro released at this system by alice: metro lost its site");
    // metro records north as released, and its cancel then owes north nothing
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode released = regroupAtMetro(rg).path("releasedByPartners");
      assertThat(released.size()).isEqualTo(1);
      assertThat(released.get(0).path("partner").asText()).isEqualTo("north");
      assertThat(released.get(0).path("by").asText()).isEqualTo("alice");
      assertThat(released.get(0).path("reason").asText()).isEqualTo("metro lost its site");
    });
    assertThat(metro.output()).contains("partner north released its part of regroup sip:rg-released@metro.example (mcptt): by alice");
    assertThat(Clients.get(disp.cancel(McService.MCPTT, rg)).status()).isEqualTo(200);
    assertThat(MusterCli.run("release", "--config", north.config.toString(), "--regroup-group", rg.uri(), "--by", "alice").exit()).isEqualTo(1);

    // release-after: 10s at north; metro forms another regroup there and is then gone for good
    McServiceGroupId rg2 = McServiceGroupId.of("sip:rg-orphan@metro.example");
    assertThat(Clients.get(disp.regroup(McService.MCPTT, rg2, TMPL, new RegroupTargets.Groups(List.of(NORTH_FIRE)))).status()).isEqualTo(200);
    assertThat(nf1.awaitNotification(n -> n.regroupGroup().equals(rg2) && !n.cancel(), WAIT)).isPresent();
    metro.kill();
    assertThat(nf1.awaitNotification(n -> n.regroupGroup().equals(rg2) && n.cancel(), WAIT)).isPresent();
    assertThat(north.output()).contains("regroup sip:rg-orphan@metro.example (mcptt) of primary metro released at this system by expiry: primary unreachable");
  }

  static HttpResponse<String> release(String json, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + northHttp + "/api/partner-regroups/release"))
        .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode regroupAtMetro(McServiceGroupId rg) throws Exception {
    return Clients.regroupAt(metroHttp, rg);
  }
}
