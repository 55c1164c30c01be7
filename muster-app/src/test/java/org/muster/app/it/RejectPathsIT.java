package org.muster.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.it.LoopbackSystem.get;
import static org.muster.app.it.LoopbackSystem.group;
import static org.muster.app.it.LoopbackSystem.user;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;

/** Every reject path of WIRE.md's table and of the request handling, over real SIP. */
class RejectPathsIT {
  static LoopbackSystem sys;
  static McClient disp1;
  static McClient disp2;
  static McClient ff1;

  @BeforeAll
  static void start() throws Exception {
    sys = new LoopbackSystem();
    disp1 = sys.registered("disp1");
    disp2 = sys.registered("disp2");
    ff1 = sys.affiliated("ff1", McService.MCPTT, "fire");
  }

  @AfterAll
  static void stop() {
    sys.close();
  }

  private static String warning(SipResponse r) {
    return r.header("Warning").orElse("");
  }

  @Test
  void notAuthorizedForGroupRegroupUserRegroupOrCancel() throws Exception {
    SipResponse r = get(ff1.regroup(McService.MCPTT, group("rg-x"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("fire")))));
    assertThat(r.status()).isEqualTo(403);
    assertThat(warning(r)).contains("\"not authorized: ");
    SipResponse u = get(disp2.regroup(McService.MCPTT, group("rg-x"), group("tmpl-incident"),
        new RegroupTargets.Users(List.of(user("ff1")))));
    assertThat(u.status()).isEqualTo(403);
    assertThat(warning(u)).contains("not authorized: ");
    SipResponse c = get(disp2.cancel(McService.MCPTT, group("rg-x")));
    assertThat(c.status()).isEqualTo(403);
    assertThat(warning(c)).contains("not authorized: ");
  }

  @Test
  void anMcdataRegroupOverAnMcpttOnlyGroupIsRefusedNamingTheGroup() throws Exception {
    SipResponse r = get(disp1.regroup(McService.MCDATA, group("rg-data"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("fire"), group("ptt-only")))));
    assertThat(r.status()).isEqualTo(403);
    assertThat(warning(r)).contains("\"service not configured: sip:ptt-only@metro.example is not configured for mcdata\"");
    assertThat(sys.activeRegroups()).isZero();
  }

  @Test
  void unknownGroupUserPreconfiguredGroupAndRegroup() throws Exception {
    SipResponse g = get(disp1.regroup(McService.MCPTT, group("rg-x"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("nosuch")))));
    assertThat(g.status()).isEqualTo(404);
    assertThat(warning(g)).contains("\"163 unknown identity: sip:nosuch@metro.example\"");
    SipResponse u = get(disp1.regroup(McService.MCPTT, group("rg-x"), group("tmpl-incident"),
        new RegroupTargets.Users(List.of(user("nobody")))));
    assertThat(u.status()).isEqualTo(404);
    assertThat(warning(u)).contains("163 unknown identity: sip:nobody@metro.example");
    SipResponse t = get(disp1.regroup(McService.MCPTT, group("rg-x"), group("tmpl-nosuch"),
        new RegroupTargets.Groups(List.of(group("fire")))));
    assertThat(t.status()).isEqualTo(404);
    SipResponse c = get(disp1.cancel(McService.MCPTT, group("rg-never")));
    assertThat(c.status()).isEqualTo(404);
    assertThat(warning(c)).contains("163 unknown identity: sip:rg-never@metro.example");
  }

  @Test
  void regroupGroupIdInUseOrEqualToThePreconfiguredGroup() throws Exception {
    SipResponse configured = get(disp1.regroup(McService.MCPTT, group("ambulance"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("police")))));
    assertThat(configured.status()).isEqualTo(403);
    assertThat(warning(configured)).contains("165 group ID for regroup already in use");
    SipResponse same = get(disp1.regroup(McService.MCPTT, group("tmpl-incident"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("police")))));
    assertThat(same.status()).isEqualTo(403);
  }

  @Test
  void regroupedUsersMustHoldThePreconfiguredGroup() throws Exception {
    SipResponse r = get(disp1.regroup(McService.MCPTT, group("rg-m"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("mixed")))));
    assertThat(r.status()).isEqualTo(403);
    assertThat(warning(r)).contains("sip:x1@metro.example");
  }

  @Test
  void malformedBodiesAre400WithTheDetail() throws Exception {
    String both = """
        <?xml version="1.0"?>
        <mcpttregroup xmlns="urn:3gpp:ns:preconfiguredRegroup:1.0"><mcpttregroup-Params>
        <preconfig-group-id><preconfigured-group>sip:tmpl-incident@metro.example</preconfigured-group></preconfig-group-id>
        <mcptt-regroup-uri><mcpttURI>sip:rg-b@metro.example</mcpttURI></mcptt-regroup-uri>
        <groups-for-regroup><mcpttURI>sip:fire@metro.example</mcpttURI></groups-for-regroup>
        <users-for-regroup><mcpttURI>sip:ff1@metro.example</mcpttURI></users-for-regroup>
        <regroup-action>create</regroup-action></mcpttregroup-Params></mcpttregroup>""";
    SipResponse r = get(disp1.send("MESSAGE", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example", List.of(),
        "application/vnd.3gpp.mcptt-regroup+xml", both.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(warning(r)).contains("\"malformed regroup request: ");
    SipResponse garbage = get(disp1.send("MESSAGE", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example", List.of(),
        "application/vnd.3gpp.mcptt-regroup+xml", "<not-xml".getBytes(StandardCharsets.UTF_8)));
    assertThat(garbage.status()).isEqualTo(400);
  }

  @Test
  void protocolLevelAnswers() throws Exception {
    assertThat(get(disp1.send("OPTIONS", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example", List.of(), null, null))
        .status()).isEqualTo(200);
    assertThat(get(disp1.send("SUBSCRIBE", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example",
        List.of(new SipRequest.Header("Event", "presence")), null, null)).status()).isEqualTo(405);
    assertThat(get(disp1.send("MESSAGE", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example", List.of(),
        "text/plain", "hello".getBytes(StandardCharsets.UTF_8))).status()).isEqualTo(415);
    assertThat(get(disp1.send("MESSAGE", "sip:someone-else@elsewhere.example", "sip:someone-else@elsewhere.example", List.of(),
        "text/plain", "hello".getBytes(StandardCharsets.UTF_8))).status()).isEqualTo(404);
  }

  @Test
  void affiliationRefusalsChangeNothing() throws Exception {
    SipResponse r = get(ff1.affiliate(McService.MCPTT, List.of(group("fire"), group("police"))));
    assertThat(r.status()).isEqualTo(403);
    assertThat(warning(r)).contains("sip:police@metro.example");
    assertThat(sys.affiliatedTo("fire", McService.MCPTT)).isEqualTo(1);
  }

  @Test
  void unknownUserCannotRegisterAndUnregisteredUserCannotAct() throws Exception {
    McClient stranger = sys.registeredOrNull("nobody");
    assertThat(stranger).isNull();
    McClient pol1 = McClient.start(org.muster.sip.client.ClientOptions.loopback(user("pol1"), "metro.example", sys.server.sipPort()).withPassword("pol1-secret"));
    try {
      assertThat(get(pol1.affiliate(McService.MCPTT, List.of(group("police")))).status()).isEqualTo(403);
      assertThat(get(pol1.regroup(McService.MCPTT, group("rg-y"), group("tmpl-incident"),
          new RegroupTargets.Groups(List.of(group("police"))))).status()).isEqualTo(403);
    } finally {
      pol1.close();
    }
  }
}
