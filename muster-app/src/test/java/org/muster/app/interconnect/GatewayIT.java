package org.muster.app.interconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.muster.app.interconnect.Clients.get;
import static org.muster.app.interconnect.Clients.groups;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.app.sipp.Sipp;
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
 * Issue 16: two MC systems in different trust domains through an MC gateway server, three real
 * processes on loopback: harbor (the primary, {@code muster server}), harbor's gateway ({@code
 * muster gateway}), ridge (the partner, {@code muster server}). Harbor knows ridge only through the
 * gateway's inside address ({@code partners[].via}; its {@code sip} is a TEST-NET address nothing
 * listens on), ridge knows harbor only as the gateway's outside address. A regroup formed at harbor
 * reaches ridge's client, its cancel too, ridge's member reports come back; a reject of ridge is
 * passed back unchanged; a kind ridge may not send is refused at the gateway; sipp's forged
 * server-to-server requests at both sides of the gateway get 403. Every SIP message each server's
 * stack received is captured (its wire log, TRACE on {@code org.muster.sip.wire} through a logback
 * file of this test) and searched for the other domain's addresses: none is there. And end to end
 * with sipp alone at both ends: a sipp dispatcher at harbor regroups, a sipp member at ridge checks
 * the create and the cancel that came through the gateway.
 */
class GatewayIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  static ServerProcess harbor;
  static ServerProcess gateway;
  static ServerProcess ridge;
  static int harborPort;
  static int gwInside;
  static int gwOutside;
  static int ridgePort;
  static Path dir;
  static final List<McClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Sipp.requireInstalled();
    dir = Files.createTempDirectory("muster-gateway");
    harborPort = FreePorts.udpAndTcp();
    gwInside = FreePorts.udpAndTcp();
    gwOutside = FreePorts.udpAndTcp();
    ridgePort = FreePorts.udpAndTcp();
    ridge = ServerProcess.write(dir, "ridge", ridgePort, """
        system: {id: ridge, domain: ridge.example, sip: 127.0.0.1:%d, store: %s, digest-algorithms: [MD5, SHA-256]}
        users:
          - {id: sip:rdisp@ridge.example, may: [group-regroup, user-regroup, cancel-regroup], password: rdisp-secret}
          - {id: sip:rf1@ridge.example, password: rf1-secret}
          - {id: sip:rf2@ridge.example, password: rf2-secret}
          - {id: sip:rf3@ridge.example, password: rf3-secret}
        groups:
          - {id: sip:rescue@ridge.example, members: [sip:rf1@ridge.example]}
          - {id: sip:rescue-b@ridge.example, members: [sip:rf2@ridge.example]}
          - {id: sip:rescue-c@ridge.example, members: [sip:rf3@ridge.example]}
          - {id: sip:tmpl-ridge@ridge.example, preconfigured-regroup-only: true, members: [sip:rf2@ridge.example, sip:hf1@harbor.example]}
        partners:
          - {id: harbor, domain: harbor.example, sip: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup]}
        """.formatted(ridgePort, dir.resolve("ridge-store"), gwOutside)).withJvmOptions(wireLog("ridge")).start();
    harbor = ServerProcess.write(dir, "harbor", harborPort, """
        system: {id: harbor, domain: harbor.example, sip: 127.0.0.1:%d, store: %s, digest-algorithms: [MD5, SHA-256]}
        users:
          - {id: sip:hdisp@harbor.example, may: [group-regroup, user-regroup, cancel-regroup], password: hdisp-secret}
          - {id: sip:hf1@harbor.example, password: hf1-secret}
        groups:
          - {id: sip:docks@harbor.example, members: [sip:hf1@harbor.example]}
          - {id: sip:quay@harbor.example, members: [sip:hf1@harbor.example]}
          - {id: sip:tmpl-storm@harbor.example, preconfigured-regroup-only: true, members: [sip:hf1@harbor.example]}
        partners:
          - {id: ridge, domain: ridge.example, sip: 192.0.2.10:5070, via: 127.0.0.1:%d, trust: [group-regroup, user-regroup, cancel-regroup]}
        """.formatted(harborPort, dir.resolve("harbor-store"), gwInside)).withJvmOptions(wireLog("harbor")).start();
    gateway = ServerProcess.write(dir, "gateway", gwInside, """
        gateway: {id: gw, inside: 127.0.0.1:%d, outside: 127.0.0.1:%d}
        system: {id: harbor, domain: harbor.example, sip: 127.0.0.1:%d}
        partners:
          - {id: ridge, domain: ridge.example, sip: 127.0.0.1:%d, may: [group-regroup, cancel-regroup, member-report, group-configuration]}
        """.formatted(gwInside, gwOutside, harborPort, ridgePort)).asGateway().withJvmOptions("-Dmuster.gateway.timeout.ms=2500").start();
  }

  /** A logback file that writes every SIP message of the process's stack to {@code NAME-wire.log}. */
  private static String wireLog(String name) throws Exception {
    Path xml = dir.resolve(name + "-logback.xml");
    Files.writeString(xml, """
        <configuration>
          <appender name="wire" class="ch.qos.logback.core.FileAppender">
            <file>%s</file>
            <encoder><pattern>%%msg%%n</pattern></encoder>
          </appender>
          <appender name="stderr" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>%%-5level %%logger{24} - %%msg%%n</pattern></encoder>
          </appender>
          <!-- the stack hands each message to the wire logger only while its own logger is at DEBUG;
               its own lines go nowhere -->
          <logger name="gov.nist.javax.sip" level="DEBUG" additivity="false"/>
          <logger name="org.muster.sip.wire" level="TRACE" additivity="false"><appender-ref ref="wire"/></logger>
          <root level="WARN"><appender-ref ref="stderr"/></root>
        </configuration>
        """.formatted(dir.resolve(name + "-wire.log")));
    return "-Dlogback.configurationFile=" + xml;
  }

  @AfterAll
  static void stop() throws Exception {
    for (McClient c : clients) c.close();
    if (gateway != null) gateway.close();
    if (harbor != null) harbor.close();
    if (ridge != null) ridge.close();
  }

  static McClient client(String uri, ServerProcess server, String domain, String... groups) throws Exception {
    return Clients.registered(clients, uri, server, domain, groups);
  }

  @Test
  void regroupCancelRejectAndRefusalsThroughTheGatewayWithoutLeakingAnAddress() throws Exception {
    McClient hdisp = client("sip:hdisp@harbor.example", harbor, "harbor.example");
    McClient hf1 = client("sip:hf1@harbor.example", harbor, "harbor.example", "sip:docks@harbor.example");
    McClient rf1 = client("sip:rf1@ridge.example", ridge, "ridge.example", "sip:rescue@ridge.example");
    McClient rdisp = client("sip:rdisp@ridge.example", ridge, "ridge.example");
    McServiceGroupId tmpl = McServiceGroupId.of("sip:tmpl-storm@harbor.example");

    // a regroup spanning both systems: formed, and ridge's client notified by ridge's PSI
    assertThat(get(hdisp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-storm@harbor.example"), tmpl,
        groups("sip:docks@harbor.example", "sip:rescue@ridge.example"))).status()).isEqualTo(200);
    RegroupNotification notified = rf1.awaitNotification(n -> !n.cancel(), WAIT).orElseThrow();
    assertThat(notified.from()).isEqualTo("sip:mcptt-server@ridge.example");
    assertThat(notified.requester()).contains(McServiceId.of("sip:hdisp@harbor.example"));
    assertThat(hf1.awaitNotification(n -> !n.cancel(), WAIT)).isPresent();
    // ridge's member report reached harbor, its client as an opaque token
    await().atMost(WAIT).until(() -> received("harbor").stream().anyMatch(m -> m.contains("member-report") && m.contains("sip:c-")));

    // the cancel reaches ridge's client too
    assertThat(get(hdisp.cancel(McService.MCPTT, McServiceGroupId.of("sip:rg-storm@harbor.example"))).status()).isEqualTo(200);
    assertThat(rf1.awaitNotification(RegroupNotification::cancel, WAIT)).isPresent();

    // ridge's reject is passed back unchanged: ridge regrouped rescue-b itself
    assertThat(get(rdisp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-local@ridge.example"),
        McServiceGroupId.of("sip:tmpl-ridge@ridge.example"), groups("sip:rescue-b@ridge.example"))).status()).isEqualTo(200);
    SipResponse rejected = get(hdisp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-storm-2@harbor.example"), tmpl,
        groups("sip:docks@harbor.example", "sip:rescue-b@ridge.example")));
    assertThat(rejected.status()).isEqualTo(403);
    assertThat(rejected.header("Warning").orElseThrow()).isEqualTo("399 ridge.example \"148 group is regrouped\"");
    // all or nothing at harbor: docks is free again
    assertThat(get(hdisp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-storm-3@harbor.example"), tmpl,
        groups("sip:docks@harbor.example"))).status()).isEqualTo(200);
    assertThat(get(hdisp.cancel(McService.MCPTT, McServiceGroupId.of("sip:rg-storm-3@harbor.example"))).status()).isEqualTo(200);

    // ridge may not send user regroups in: refused at the gateway, passed back to ridge's dispatcher
    SipResponse users = get(rdisp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-users@ridge.example"),
        McServiceGroupId.of("sip:tmpl-ridge@ridge.example"), new RegroupTargets.Users(List.of(McServiceId.of("sip:hf1@harbor.example")))));
    assertThat(users.status()).isEqualTo(403);
    assertThat(users.header("Warning").orElseThrow())
        .isEqualTo("399 gw.harbor.example \"not authorized: partner ridge may not send user-regroup requests to harbor.example\"");

    // forged server-to-server requests at the gateway (sipp, from its own socket): 403 on both sides
    Sipp.Result outside = Sipp.start(dir.resolve("sipp"), "gateway-forged.xml", new Sipp.Row("mcptt-server", "ridge.example",
        McService.MCPTT, "sip:mcptt-server@harbor.example", "sip:docks@harbor.example", "sip:rg-forged@harbor.example",
        "sip:tmpl-storm@harbor.example", ""), gwOutside, Duration.ofSeconds(20), false).await(Duration.ofSeconds(40));
    assertThat(outside.passed()).as(outside.report()).isTrue();
    Sipp.Result inside = Sipp.start(dir.resolve("sipp"), "gateway-forged.xml", new Sipp.Row("mcptt-server", "harbor.example",
        McService.MCPTT, "sip:mcptt-server@ridge.example", "sip:rescue@ridge.example", "sip:rg-forged@harbor.example",
        "sip:tmpl-storm@harbor.example", ""), gwInside, Duration.ofSeconds(20), false).await(Duration.ofSeconds(40));
    assertThat(inside.passed()).as(inside.report()).isTrue();
    assertThat(gateway.output()).contains("refused MESSAGE").contains("claiming 'sip:mcptt-server@ridge.example'");

    // topology hiding: nothing either server received names an address of the other trust domain
    List<String> ridgeSide = List.of(address(ridgePort), address(gwOutside), address(rf1.contact()), address(rdisp.contact()));
    List<String> harborSide = List.of(address(harborPort), address(gwInside), address(hf1.contact()), address(hdisp.contact()));
    List<String> atHarbor = received("harbor");
    List<String> atRidge = received("ridge");
    assertThat(atHarbor).as("messages harbor received").hasSizeGreaterThan(5);
    assertThat(atRidge).as("messages ridge received").hasSizeGreaterThan(5);
    for (String a : ridgeSide) assertThat(atHarbor).noneMatch(m -> mentions(m, a));
    for (String a : harborSide) assertThat(atRidge).noneMatch(m -> mentions(m, a));
    // what came from ridge came through the gateway: its Via and Contact name the gateway's inside address
    assertThat(atHarbor.stream().filter(m -> m.contains("P-Asserted-Identity: <sip:mcptt-server@ridge.example>")))
        .isNotEmpty().allMatch(m -> m.contains("Contact: <sip:" + address(gwInside)) && m.contains("Call-ID: ") && m.contains("@gw.harbor.example"));
  }

  @Test
  void sippAtBothEndsThroughTheGateway() throws Exception {
    Path work = dir.resolve("sipp-e2e");
    String dispatcher = "sip:hdisp@harbor.example";
    String regroup = "sip:rg-sipp@harbor.example";
    String tmpl = "sip:tmpl-storm@harbor.example";
    // ridge's member (sipp): registers and affiliates at ridge, then checks the create and the remove
    // (From = ridge's PSI, calling user = harbor's dispatcher, the regroup and preconfigured group)
    Sipp.Run member = Sipp.start(work, "member.xml", new Sipp.Row("rf3", "ridge.example", McService.MCPTT, "sip:rescue-c@ridge.example",
        dispatcher, regroup, tmpl, "rf3-secret"), ridgePort, Duration.ofSeconds(60), true);
    await("rf3 affiliated at ridge").atMost(WAIT).until(() -> {
      member.requireAlive();
      return messages("ridge", "sent ").stream().anyMatch(m -> m.contains("SIP/2.0 200 OK") && m.contains("PUBLISH")
          && m.contains("sip:rf3@ridge.example"));
    });
    // harbor's dispatcher (sipp) regroups quay with ridge's rescue-c, then cancels
    Sipp.Row disp = new Sipp.Row("hdisp", "harbor.example", McService.MCPTT, "sip:quay@harbor.example", "sip:rescue-c@ridge.example",
        regroup, tmpl, "hdisp-secret");
    Sipp.Result created = Sipp.start(work, "group-regroup.xml", disp, harborPort, Duration.ofSeconds(30), false).await(Duration.ofSeconds(45));
    assertThat(created.passed()).as(created.report()).isTrue();
    Sipp.Result cancelled = Sipp.start(work, "cancel.xml", new Sipp.Row("hdisp", "harbor.example", McService.MCPTT, "", "", regroup, "",
        "hdisp-secret"), harborPort, Duration.ofSeconds(30), false).await(Duration.ofSeconds(45));
    assertThat(cancelled.passed()).as(cancelled.report()).isTrue();
    Sipp.Result got = member.await(Duration.ofSeconds(45));
    assertThat(got.passed()).as(got.report()).isTrue();
  }

  /** {@code 127.0.0.1:PORT} of a port, or of a Contact URI such as {@code sip:rf1@127.0.0.1:40123;transport=udp}. */
  static String address(Object portOrContact) {
    if (portOrContact instanceof Integer p) return "127.0.0.1:" + p;
    java.util.regex.Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(portOrContact.toString());
    if (!m.find()) throw new AssertionError("no loopback address in " + portOrContact);
    return m.group();
  }

  static boolean mentions(String message, String address) {
    return Pattern.compile(Pattern.quote(address) + "(?!\\d)").matcher(message).find();
  }

  /** Every message the server's stack received, from its wire log (each starts "received FROM -> TO"). */
  static List<String> received(String name) throws Exception {
    return messages(name, "received ");
  }

  /** The messages of the server's wire log whose line starts with {@code direction} ("sent " or "received "). */
  static List<String> messages(String name, String direction) throws Exception {
    Path log = dir.resolve(name + "-wire.log");
    if (!Files.exists(log)) return List.of();
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.startsWith("received ") || line.startsWith("sent ")) {
        if (current != null && current.indexOf(direction) == 0) out.add(current.toString());
        current = new StringBuilder();
      }
      if (current != null) current.append(line).append('\n');
    }
    if (current != null && current.indexOf(direction) == 0) out.add(current.toString());
    return out;
  }
}
