package org.muster.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.it.LoopbackSystem.get;
import static org.muster.app.it.LoopbackSystem.group;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipResponse;

/**
 * The running server against hostile input: every RFC 4475/5118 torture message as a datagram,
 * byte-exact and in order (every request answered, nothing sent back to an answer),
 * every XML attack payload as a regroup request body, and two overlapping creates at once.
 */
class HostileInputIT {
  static LoopbackSystem sys;
  static McClient disp1;

  @BeforeAll
  static void start() throws Exception {
    sys = new LoopbackSystem();
    disp1 = sys.registered("disp1");
  }

  @AfterAll
  static void stop() {
    sys.close();
  }

  /**
   * A test data folder on the test class path: sip-torture (muster-sip's src/test/resources) or
   * xml-attacks (muster-protocol's), which this module's pom adds to its test resources.
   */
  static Path testdata(String folder) {
    URL url = HostileInputIT.class.getResource("/" + folder + "/README.md");
    if (url == null) throw new AssertionError(folder + "/README.md is not on the test class path (see muster-app/pom.xml, testResources)");
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException | FileSystemNotFoundException e) {
      throw new AssertionError(folder + " must be a folder on the test class path, not " + url, e);
    }
  }

  static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().toList();
    }
  }

  @Test
  void everyTortureRequestIsAnsweredByteExactAndTheServerKeepsServing() throws Exception {
    List<String> answers = new ArrayList<>();
    List<String> unanswered = new ArrayList<>();
    List<String> responses = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      for (Path f : files(testdata("sip-torture"))) {
        byte[] raw = Files.readAllBytes(f);
        boolean response = new String(raw, StandardCharsets.ISO_8859_1).startsWith("SIP/");
        if (response) responses.add(f.getFileName().toString());
        drain(socket);
        socket.send(new DatagramPacket(raw, raw.length, InetAddress.getLoopbackAddress(), sys.server.sipPort()));
        // a request is answered at once; an answer sent to us is not, so a short wait shows that
        socket.setSoTimeout(response ? 300 : 5000);
        byte[] buf = new byte[65535];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(in);
          String first = new String(buf, 0, in.getLength(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
          answers.add(f.getFileName() + " -> " + first);
          assertThat(first).as(f.toString()).startsWith("SIP/2.0 ");
        } catch (SocketTimeoutException dropped) {
          unanswered.add(f.getFileName().toString());
        }
      }
    }
    // RFC 3261: every request gets an answer, byte-exact as RFC 4475 / 5118 give them (the one
    // whose Via cannot be read is answered by the stack to where it came from); answers are not
    assertThat(unanswered).as("unanswered; answered: %s", answers).containsExactlyInAnyOrderElementsOf(responses);
    assertThat(answers).hasSize(61 - responses.size());
    assertThat(answers).anyMatch(a -> a.startsWith("badinv01.dat -> SIP/2.0 400 "));
    assertThat(answers).anyMatch(a -> a.startsWith("insuf.dat -> SIP/2.0 400 "));
    assertThat(answers).anyMatch(a -> a.startsWith("badvers.dat -> SIP/2.0 505 "));
    assertThat(answers).anyMatch(a -> a.startsWith("unkscm.dat -> SIP/2.0 416 "));
    // the server still serves a normal REGISTER
    McClient after = sys.registered("ff2");
    assertThat(get(after.affiliate(McService.MCPTT, List.of(group("fire")))).status()).isEqualTo(200);
  }

  /** Discards what is already queued (a late copy of an earlier answer). */
  private static void drain(DatagramSocket socket) throws java.io.IOException {
    socket.setSoTimeout(20);
    byte[] buf = new byte[65535];
    try {
      while (true) socket.receive(new DatagramPacket(buf, buf.length));
    } catch (SocketTimeoutException empty) {
      // nothing left
    }
  }

  @Test
  void xmlAttackPayloadsAreRefusedWith400() throws Exception {
    // over TCP: several payloads are larger than a UDP datagram
    McClient tcp = McClient.start(org.muster.sip.client.ClientOptions.loopback(LoopbackSystem.user("disp1"), "metro.example",
        sys.server.sipPort()).withTransport("TCP").withPassword("disp1-secret"));
    try {
      assertThat(get(tcp.register(List.of(McService.MCPTT), 600)).status()).isEqualTo(200);
      refuseAll(tcp);
    } finally {
      tcp.close();
    }
  }

  private void refuseAll(McClient disp1) throws Exception {
    for (Path f : files(testdata("xml-attacks"))) {
      byte[] info = Files.readAllBytes(f);
      String regroup = """
          <?xml version="1.0"?>
          <mcpttregroup xmlns="urn:3gpp:ns:preconfiguredRegroup:1.0"><mcpttregroup-Params>
          <preconfig-group-id><preconfigured-group>sip:tmpl-incident@metro.example</preconfigured-group></preconfig-group-id>
          <mcptt-regroup-uri><mcpttURI>sip:rg-attack@metro.example</mcpttURI></mcptt-regroup-uri>
          <groups-for-regroup><mcpttURI>sip:fire@metro.example</mcpttURI></groups-for-regroup>
          <regroup-action>create</regroup-action></mcpttregroup-Params></mcpttregroup>""";
      byte[] body = ("--b1\r\nContent-Type: application/vnd.3gpp.mcptt-info+xml\r\n\r\n" + new String(info, StandardCharsets.UTF_8)
          + "\r\n--b1\r\nContent-Type: application/vnd.3gpp.mcptt-regroup+xml\r\n\r\n" + regroup + "\r\n--b1--\r\n")
          .getBytes(StandardCharsets.UTF_8);
      SipResponse r = get(disp1.send("MESSAGE", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example", List.of(),
          "multipart/mixed;boundary=b1", body));
      assertThat(r.status()).as(f.toString()).isEqualTo(400);
      assertThat(r.header("Warning").orElse("")).as(f.toString()).contains("malformed regroup request");
    }
    assertThat(sys.activeRegroups()).isZero();
    assertThat(get(disp1.send("OPTIONS", "sip:mcptt-server@metro.example", "sip:mcptt-server@metro.example", List.of(), null, null))
        .status()).isEqualTo(200);
  }

  @Test
  void twoOverlappingCreatesAtTheSameMomentNeverBothSucceed() throws Exception {
    McClient disp2 = sys.registered("disp2");
    for (int round = 0; round < 5; round++) {
      CompletableFuture<SipResponse> a = disp1.regroup(McService.MCDATA, group("rg-a" + round), group("tmpl-incident"),
          new RegroupTargets.Groups(List.of(group("ambulance"), group("police"))));
      CompletableFuture<SipResponse> b = disp2.regroup(McService.MCDATA, group("rg-b" + round), group("tmpl-incident"),
          new RegroupTargets.Groups(List.of(group("police"))));
      List<Integer> statuses = List.of(get(a).status(), get(b).status());
      assertThat(statuses).containsExactlyInAnyOrder(200, 403);
      String winner = statuses.get(0) == 200 ? "rg-a" + round : "rg-b" + round;
      assertThat(get(disp1.cancel(McService.MCDATA, group(winner))).status()).isEqualTo(200);
    }
  }
}
