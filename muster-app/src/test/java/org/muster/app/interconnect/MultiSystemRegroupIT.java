package org.muster.app.interconnect;

import org.muster.app.testing.FreePorts;
import org.muster.app.testing.ServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;

/**
 * TS 23.280 10.xx.3.3 over real SIP between separate server processes on loopback: a primary
 * system (metro), a partner (north), and a partner that is provisioned but never answers (south).
 */
class MultiSystemRegroupIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  static ServerProcess metro;
  static ServerProcess north;
  static ServerProcess east;
  static int southPort;
  /** metro's admin HTTP port (system.http), for the per-member outcome. */
  static int metroHttp;
  static final List<McClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("muster-interconnect");
    int metroPort = FreePorts.udpAndTcp();
    int northPort = FreePorts.udpAndTcp();
    southPort = FreePorts.udpAndTcp();
    int eastPort = FreePorts.udpAndTcp();
    metroHttp = FreePorts.udpAndTcp();
    metro = ServerProcess.write(dir, "metro", metroPort, """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, http: 127.0.0.1:%d, store: %s}
        users:
          - {id: sip:disp1@metro.example, may: [group-regroup, user-regroup, cancel-regroup], password: disp1-secret}
          - {id: sip:ff1@metro.example, password: ff1-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example]}
          - {id: sip:tmpl-incident@metro.example, preconfigured-regroup-only: true, members: [sip:ff1@metro.example, sip:nf1@north.example]}
        partners:
          - {id: north, domain: north.example, sip: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup]}
          - {id: south, domain: south.example, sip: 127.0.0.1:%d, trust: []}
          - {id: east, domain: east.example, sip: 127.0.0.1:%d, trust: []}
        """.formatted(metroPort, metroHttp, dir.resolve("metro-store"), northPort, southPort, eastPort)).start();
    east = ServerProcess.write(dir, "east", eastPort, """
        system: {id: east, domain: east.example, sip: 127.0.0.1:%d, store: %s}
        users:
          - {id: sip:ef1@east.example, password: ef1-secret}
        groups:
          - {id: sip:east-fire@east.example, members: [sip:ef1@east.example]}
          - {id: sip:tmpl-incident@metro.example, preconfigured-regroup-only: true, members: [sip:ef1@east.example]}
        partners:
          - {id: metro, domain: metro.example, sip: 127.0.0.1:%d, trust: [group-regroup, cancel-regroup]}
        """.formatted(eastPort, dir.resolve("east-store"), metroPort)).start();
    north = ServerProcess.write(dir, "north", northPort, """
        system: {id: north, domain: north.example, sip: 127.0.0.1:%d, store: %s}
        users:
          - {id: sip:ndisp@north.example, may: [group-regroup, cancel-regroup], password: ndisp-secret}
          - {id: sip:nf1@north.example, password: nf1-secret}
          - {id: sip:nf2@north.example, password: nf2-secret}
        groups:
          - {id: sip:north-fire@north.example, members: [sip:nf1@north.example, sip:nf2@north.example]}
          - {id: sip:north-water@north.example, members: [sip:nf1@north.example]}
          # the primary's preconfigured group, shared with us before regrouping (10.xx.3.3.1)
          - {id: sip:tmpl-incident@metro.example, preconfigured-regroup-only: true, members: [sip:nf1@north.example, sip:nf2@north.example]}
          - {id: sip:tmpl-north@north.example, preconfigured-regroup-only: true, members: [sip:nf1@north.example, sip:nf2@north.example]}
        partners:
          - {id: metro, domain: metro.example, sip: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup]}
        """.formatted(northPort, dir.resolve("north-store"), metroPort)).start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (McClient c : clients) c.close();
    if (metro != null) metro.close();
    if (north != null) north.close();
    if (east != null) east.close();
  }

  static McClient client(String uri, ServerProcess server, String domain, String... groups) throws Exception {
    return Clients.registered(clients, uri, server, domain, groups);
  }

  static SipResponse get(java.util.concurrent.CompletableFuture<SipResponse> f) throws Exception {
    return f.get(40, TimeUnit.SECONDS);
  }

  static RegroupTargets groups(String... uris) {
    return new RegroupTargets.Groups(java.util.Arrays.stream(uris).map(McServiceGroupId::of).toList());
  }

  @Test
  void groupRegroupUserRegroupCancelRejectAndSilentPartner() throws Exception {
    McClient disp = client("sip:disp1@metro.example", metro, "metro.example");
    McClient ff1 = client("sip:ff1@metro.example", metro, "metro.example", "sip:fire@metro.example");
    McClient nf1 = client("sip:nf1@north.example", north, "north.example", "sip:north-fire@north.example");
    McServiceGroupId tmpl = McServiceGroupId.of("sip:tmpl-incident@metro.example");

    // 10.xx.3.3.1: 2. client 1 asks the primary; 4. the primary asks north; 6. north's client gets it
    SipResponse formed = get(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-x1@metro.example"), tmpl,
        groups("sip:fire@metro.example", "sip:north-fire@north.example")));
    // 11. the primary answers once the partner answered
    assertThat(formed.status()).isEqualTo(200);
    RegroupNotification atNorth = nf1.awaitNotification(n -> !n.cancel(), WAIT).orElseThrow();
    assertThat(atNorth.from()).isEqualTo("sip:mcptt-server@north.example");
    assertThat(atNorth.requester()).contains(McServiceId.of("sip:disp1@metro.example"));
    assertThat(ff1.awaitNotification(n -> !n.cancel(), WAIT)).isPresent();

    // 10.xx.3.3.3: the cancel reaches north's client too
    assertThat(get(disp.cancel(McService.MCPTT, McServiceGroupId.of("sip:rg-x1@metro.example"))).status()).isEqualTo(200);
    assertThat(nf1.awaitNotification(RegroupNotification::cancel, WAIT)).isPresent();
    assertThat(ff1.awaitNotification(RegroupNotification::cancel, WAIT)).isPresent();

    // 10.xx.3.3.2: a user regroup that includes a user homed in north
    SipResponse users = get(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-u1@metro.example"), tmpl,
        new RegroupTargets.Users(List.of(McServiceId.of("sip:ff1@metro.example"), McServiceId.of("sip:nf1@north.example")))));
    assertThat(users.status()).isEqualTo(200);
    assertThat(nf1.awaitNotification(n -> n.regroupGroup().uri().equals("sip:rg-u1@metro.example"), WAIT)).isPresent();

    // 10.xx.3.3.4: north's group is already regrouped by north itself; 6./7. the reject comes back
    McClient ndisp = client("sip:ndisp@north.example", north, "north.example");
    assertThat(get(ndisp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-local@north.example"),
        McServiceGroupId.of("sip:tmpl-north@north.example"), groups("sip:north-water@north.example"))).status()).isEqualTo(200);
    SipResponse rejected = get(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-x2@metro.example"), tmpl,
        groups("sip:fire@metro.example", "sip:north-water@north.example")));
    assertThat(rejected.status()).isEqualTo(403);
    // passed on as north gave it: its status, and its Warning with north as the warn-agent
    assertThat(rejected.header("Warning").orElseThrow()).isEqualTo("399 north.example \"148 group is regrouped\"");
    // all or nothing: fire is not left regrouped at the primary
    assertThat(get(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-x3@metro.example"), tmpl,
        groups("sip:fire@metro.example"))).status()).isEqualTo(200);
    assertThat(get(disp.cancel(McService.MCPTT, McServiceGroupId.of("sip:rg-x3@metro.example"))).status()).isEqualTo(200);

    // a partner that does not answer: 504 naming it, and north (which accepted) is sent a cancel
    SipResponse silent = get(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-x4@metro.example"), tmpl,
        groups("sip:north-fire@north.example", "sip:south-fire@south.example")));
    assertThat(silent.status()).isEqualTo(504);
    assertThat(silent.header("Warning").orElseThrow()).contains("partner south did not answer");
    // north was told to cancel: its group can be regrouped again by north itself
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> get(ndisp.regroup(McService.MCPTT,
        McServiceGroupId.of("sip:rg-local2@north.example"), McServiceGroupId.of("sip:tmpl-north@north.example"),
        groups("sip:north-fire@north.example"))).status() == 200);
    assertThat(get(ndisp.cancel(McService.MCPTT, McServiceGroupId.of("sip:rg-local2@north.example"))).status()).isEqualTo(200);
    assertThat(get(ndisp.cancel(McService.MCPTT, McServiceGroupId.of("sip:rg-local@north.example"))).status()).isEqualTo(200);
  }

  @Test
  void regroupSpanningThreeSystemsWithLateAffiliationAtAPartner() throws Exception {
    McClient disp = client("sip:disp1@metro.example", metro, "metro.example");
    McClient ef1 = client("sip:ef1@east.example", east, "east.example", "sip:east-fire@east.example");
    SipResponse formed = get(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-3sys@metro.example"),
        McServiceGroupId.of("sip:tmpl-incident@metro.example"),
        groups("sip:fire@metro.example", "sip:north-fire@north.example", "sip:east-fire@east.example")));
    assertThat(formed.status()).isEqualTo(200);
    RegroupNotification atEast = ef1.awaitNotification(n -> n.regroupGroup().uri().equals("sip:rg-3sys@metro.example"), WAIT).orElseThrow();
    assertThat(atEast.from()).isEqualTo("sip:mcptt-server@east.example");
    // 10.xx.3.4.1 at the partner: a client affiliating to north-fire afterwards joins at once
    McClient nf2 = client("sip:nf2@north.example", north, "north.example", "sip:north-fire@north.example");
    RegroupNotification late = nf2.awaitNotification(n -> n.regroupGroup().uri().equals("sip:rg-3sys@metro.example"), WAIT).orElseThrow();
    assertThat(late.requester()).contains(McServiceId.of("sip:disp1@metro.example"));
    // east does not trust metro with user regroups: its reject comes back whole
    SipResponse users = get(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-u-east@metro.example"),
        McServiceGroupId.of("sip:tmpl-incident@metro.example"), new RegroupTargets.Users(List.of(McServiceId.of("sip:ef1@east.example")))));
    assertThat(users.status()).isEqualTo(403);
    assertThat(users.header("Warning").orElseThrow()).contains("not authorized");
    assertThat(get(disp.cancel(McService.MCPTT, McServiceGroupId.of("sip:rg-3sys@metro.example"))).status()).isEqualTo(200);
    assertThat(ef1.awaitNotification(RegroupNotification::cancel, WAIT)).isPresent();
    assertThat(nf2.awaitNotification(RegroupNotification::cancel, WAIT)).isPresent();
  }

  /**
   * Beyond the seed (MemberReport): north reports what happened to the clients it serves in
   * metro's regroup, so metro's per-member outcome (admin API) shows them, served by north, from
   * the notification (10.xx.3.3.2 step 6) and the acknowledgement (step 8) to the cancel
   * (10.xx.3.3.3 steps 5 to 8). A user regroup: it clashes with no group regroup of the other tests.
   */
  @Test
  void thePrimarysMemberOutcomeShowsTheMembersAPartnerServesAsItReportsThem() throws Exception {
    McClient disp = client("sip:disp1@metro.example", metro, "metro.example");
    McClient ff1 = client("sip:ff1@metro.example", metro, "metro.example");
    McClient nf1 = client("sip:nf1@north.example", north, "north.example");
    McServiceGroupId rg = McServiceGroupId.of("sip:rg-reported@metro.example");

    // 10.xx.3.3.2: 2. the request; 4. to north; 6. north notifies nf1; 8. nf1 acknowledges (200 OK); 11. formed
    assertThat(get(disp.regroup(McService.MCPTT, rg, McServiceGroupId.of("sip:tmpl-incident@metro.example"),
        new RegroupTargets.Users(List.of(McServiceId.of("sip:ff1@metro.example"), McServiceId.of("sip:nf1@north.example")))))
        .status()).isEqualTo(200);
    assertThat(nf1.awaitNotification(n -> n.regroupGroup().equals(rg) && !n.cancel(), WAIT)).isPresent();
    assertThat(ff1.awaitNotification(n -> n.regroupGroup().equals(rg) && !n.cancel(), WAIT)).isPresent();

    // north reports nf1's steps back: metro shows it acknowledged and affiliated, served by north
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode m = memberAtMetro(rg, nf1.contact());
      assertThat(m.path("servedBy").asText()).isEqualTo("north");
      assertThat(m.path("state").asText()).isEqualTo("ACKNOWLEDGED");
      assertThat(m.path("affiliated").asBoolean()).isTrue();
      assertThat(states(m)).contains("NOTIFIED", "AFFILIATED", "ACKNOWLEDGED");
    });
    // a client served here has no servedBy
    assertThat(memberAtMetro(rg, ff1.contact()).has("servedBy")).isFalse();

    // 10.xx.3.3.3: the cancel's steps at north reach metro's recently cancelled regroup too
    assertThat(get(disp.cancel(McService.MCPTT, rg)).status()).isEqualTo(200);
    assertThat(nf1.awaitNotification(n -> n.regroupGroup().equals(rg) && n.cancel(), WAIT)).isPresent();
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode m = memberAtMetro(rg, nf1.contact());
      assertThat(states(m)).contains("CANCEL_NOTIFIED", "DEAFFILIATED", "CANCEL_ACKNOWLEDGED");
      assertThat(m.path("affiliated").asBoolean()).isFalse();
    });

    // a "partner" report metro cannot take: 404 for an unknown regroup, 400 for a malformed one (over TCP:
    // north's host is all that recognises it then; over UDP its port would have to be north's too)
    McClient asNorth = McClient.start(ClientOptions.loopback(McServiceId.of("sip:probe@north.example"), "metro.example", metro.sipPort)
        .withTransport("TCP"));
    clients.add(asNorth);
    List<SipRequest.Header> fromNorth = List.of(new SipRequest.Header("P-Asserted-Identity", "<sip:mcptt-server@north.example>"));
    SipResponse unknown = get(asNorth.send("MESSAGE", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example", fromNorth,
        "application/vnd.muster.member-report+xml", memberReport("sip:rg-never@metro.example").getBytes(StandardCharsets.UTF_8)));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Warning").orElseThrow()).contains("163 unknown identity: sip:rg-never@metro.example");
    SipResponse malformed = get(asNorth.send("MESSAGE", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example", fromNorth,
        "application/vnd.muster.member-report+xml", memberReport("rg-never").getBytes(StandardCharsets.UTF_8)));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.header("Warning").orElseThrow()).contains("malformed member report: <regroup-uri> not a SIP URI");
  }

  /** The member {@code contact} of regroup {@code rg} as metro's {@code GET /api/regroups?group=} shows it. */
  static JsonNode memberAtMetro(McServiceGroupId rg, String contact) throws Exception {
    return Clients.memberAt(metroHttp, rg, contact);
  }

  static List<String> states(JsonNode member) {
    List<String> out = new ArrayList<>();
    for (JsonNode h : member.path("history")) out.add(h.path("state").asText());
    return out;
  }

  static String memberReport(String regroupUri) {
    return "<member-report xmlns=\"urn:muster:ns:memberReport:1.0\"><regroup-uri>" + regroupUri + "</regroup-uri>"
        + "<service>mcptt</service><reporting-system>north.example</reporting-system><stream>probe</stream><sequence>1</sequence>"
        + "<member-step><user>sip:nf1@north.example</user><client>sip:nf1@127.0.0.1:1</client><state>NOTIFIED</state>"
        + "<at>2025-01-01T08:00:00Z</at></member-step></member-report>";
  }

  @Test
  void requestsFromSystemsThatAreNotPartnersAreRefused() throws Exception {
    McClient stranger = McClient.start(ClientOptions.loopback(McServiceId.of("sip:x@evil.example"), "north.example", north.sipPort));
    clients.add(stranger);
    SipResponse r = get(stranger.send("MESSAGE", "sip:mcptt-server@north.example", "sip:mcptt-server@north.example",
        List.of(new SipRequest.Header("P-Asserted-Identity", "<sip:mcptt-server@evil.example>")),
        "application/vnd.3gpp.mcptt-regroup+xml", "<x/>".getBytes()));
    assertThat(r.status()).isEqualTo(403);
    assertThat(north.output()).contains("refused server-to-server");
  }
}
