package org.muster.app.interconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
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
 * Issue 5, "Done when", with the independent sipp clients of sipp/ (written from WIRE.md only):
 * two systems provisioned fresh for this test (harbor, the primary; ridge, its partner) run as
 * separate server processes. A sipp dispatcher at harbor regroups a harbor group with a ridge
 * group; ridge's affiliated member, also sipp (member.xml), gets the create and the cancel from
 * ridge's PSI with harbor's dispatcher as calling user; harbor's affiliated member gets both
 * too; and a group that ridge regrouped itself makes the cross-system create come back to sipp
 * as 403 with Warning 148 (regroup-rejected-148.xml), with nothing left regrouped at harbor.
 * Ridge's provisioning knows nothing of harbor's preconfigured group: harbor's GMS shares it with
 * ridge's (issue 13, 10.xx.3.3.1).
 * Before all that, forged-regroup.xml (harbor's dispatcher's create from a socket of its own, with
 * a wrong password) and forged-logoff.xml (ranger1's log-off at ridge, likewise) get 401 and
 * change nothing at either system.
 * Server state is read through each system's admin HTTP API; every wait is bounded. Both systems
 * authenticate their clients (digest, MD5 offered first: sipp 3.6 knows only MD5 and answers the
 * first challenge); the sipp clients answer with their rows' PASSWORD.
 */
class SippInterconnectIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration SIPP_TIMEOUT = Duration.ofSeconds(30);

  private static final String HARBOR = "harbor.test";
  private static final String RIDGE = "ridge.test";
  private static final String DISPATCHER = "sip:hdisp@harbor.test";
  private static final String HARBOR_GROUP = "sip:docks@harbor.test";
  private static final String HARBOR_GROUP_2 = "sip:quay@harbor.test";
  private static final String RIDGE_GROUP = "sip:rescue@ridge.test";
  private static final String TEMPLATE = "sip:tmpl-storm@harbor.test";
  private static final String JOINT = "sip:rg-storm@harbor.test";
  private static final String REJECTED = "sip:rg-storm-2@harbor.test";
  private static final String AFTER_REJECT = "sip:rg-storm-3@harbor.test";
  private static final String RIDGE_LOCAL = "sip:rg-ridge-local@ridge.test";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static ServerProcess harbor;
  static ServerProcess ridge;
  static int harborHttp;
  static int ridgeHttp;
  static Path workDir;
  static final List<McClient> clients = new ArrayList<>();
  static final List<Sipp.Run> runs = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(sippRuns(), "sipp is not installed (Debian/Ubuntu: apt-get install sip-tester): " + Sipp.EXECUTABLE);
    Sipp.requireInstalled();
    workDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "sipp-interconnect-it",
        String.valueOf(System.currentTimeMillis()));
    Path dir = Files.createTempDirectory("muster-sipp-interconnect");
    int harborPort = FreePorts.udpAndTcp();
    int ridgePort = FreePorts.udpAndTcp();
    harborHttp = FreePorts.udpAndTcp();
    ridgeHttp = FreePorts.udpAndTcp();
    harbor = ServerProcess.write(dir, "harbor", harborPort, """
        system: {id: harbor, domain: harbor.test, sip: 127.0.0.1:%d, http: 127.0.0.1:%d, store: %s, digest-algorithms: [MD5, SHA-256]}
        users:
          - {id: sip:hdisp@harbor.test, may: [group-regroup, cancel-regroup], password: hdisp-secret}
          - {id: sip:dock1@harbor.test, password: dock1-secret}
        groups:
          - {id: sip:docks@harbor.test, members: [sip:dock1@harbor.test]}
          - {id: sip:quay@harbor.test, members: [sip:dock1@harbor.test]}
          - {id: sip:tmpl-storm@harbor.test, preconfigured-regroup-only: true, members: [sip:dock1@harbor.test]}
        partners:
          - {id: ridge, domain: ridge.test, sip: 127.0.0.1:%d, trust: [group-regroup, cancel-regroup]}
        """.formatted(harborPort, harborHttp, dir.resolve("harbor-store"), ridgePort));
    ridge = ServerProcess.write(dir, "ridge", ridgePort, """
        system: {id: ridge, domain: ridge.test, sip: 127.0.0.1:%d, http: 127.0.0.1:%d, store: %s, digest-algorithms: [MD5, SHA-256]}
        users:
          - {id: sip:rdisp@ridge.test, may: [group-regroup, cancel-regroup], password: rdisp-secret}
          - {id: sip:ranger1@ridge.test, password: ranger1-secret}
        groups:
          - {id: sip:rescue@ridge.test, members: [sip:ranger1@ridge.test]}
          # nothing of harbor's preconfigured group tmpl-storm: harbor's GMS shares it with ridge's (10.xx.3.3.1, 10.2.7)
          - {id: sip:tmpl-ridge@ridge.test, preconfigured-regroup-only: true, members: [sip:ranger1@ridge.test]}
        partners:
          - {id: harbor, domain: harbor.test, sip: 127.0.0.1:%d, trust: [group-regroup, cancel-regroup]}
        """.formatted(ridgePort, ridgeHttp, dir.resolve("ridge-store"), harborPort));
    // two JVMs start faster side by side than one after the other
    CompletableFuture<ServerProcess> h = CompletableFuture.supplyAsync(() -> startServer(harbor));
    CompletableFuture<ServerProcess> r = CompletableFuture.supplyAsync(() -> startServer(ridge));
    h.get(90, TimeUnit.SECONDS);
    r.get(90, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    runs.forEach(Sipp.Run::kill);
    for (McClient c : clients) c.close();
    // both at once: each may take a few seconds to shut down
    CompletableFuture<Void> h = CompletableFuture.runAsync(() -> closeServer(harbor));
    CompletableFuture<Void> r = CompletableFuture.runAsync(() -> closeServer(ridge));
    CompletableFuture.allOf(h, r).get(30, TimeUnit.SECONDS);
  }

  @Test
  void sippDispatcherRegroupsAcrossSystemsTheCancelFollowsAndAPartnerConflictComesBackAs403() throws Exception {
    // harbor's member (McClient), affiliated to the harbor group
    McClient dock1 = client("sip:dock1@harbor.test", harbor, HARBOR, HARBOR_GROUP);
    List<RegroupNotification> atDock1 = new CopyOnWriteArrayList<>();
    dock1.onNotification(atDock1::add);

    // ridge's member (sipp): registers at ridge, affiliates to the ridge group, then waits for the
    // create and the remove; it checks them (From = ridge's PSI, To and request-uri = itself,
    // calling user = harbor's dispatcher, regroup group, preconfigured group) and answers 200
    Sipp.Run ranger1 = Sipp.start(workDir, "member.xml",
        new Sipp.Row("ranger1", RIDGE, McService.MCPTT, RIDGE_GROUP, DISPATCHER, JOINT, TEMPLATE, "ranger1-secret"), ridge.sipPort, SIPP_TIMEOUT, true);
    runs.add(ranger1);
    await("ranger1 affiliated at ridge").atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      ranger1.requireAlive();
      return metric(ridgeHttp, "muster_affiliations") >= 1;
    });

    // impersonation: from sockets of their own, harbor's dispatcher's create and a log-off of every
    // client of ranger1 at ridge are challenged (401) and refused with a wrong password (401):
    // nothing is regrouped at either system, ranger1 stays registered and affiliated
    passes("forged-regroup.xml", dispatcher(HARBOR_GROUP, RIDGE_GROUP, JOINT).password("not-hdisp-secret"));
    assertThat(regroupView(harborHttp, JOINT)).isEmpty();
    assertThat(regroupView(ridgeHttp, JOINT)).isEmpty();
    passesAt(ridge, "forged-logoff.xml", new Sipp.Row("ranger1", RIDGE, McService.MCPTT, "", "", "", "", "not-ranger1-secret"));
    assertThat(metric(ridgeHttp, "muster_registered_clients")).isEqualTo(1);
    assertThat(metric(ridgeHttp, "muster_affiliations")).isEqualTo(1);

    // 10.xx.3.3.1: the sipp dispatcher asks harbor; harbor asks ridge; 200 once ridge accepted
    passes("group-regroup.xml", dispatcher(HARBOR_GROUP, RIDGE_GROUP, JOINT));
    JsonNode atHarbor = regroupView(harborHttp, JOINT).orElseThrow(() -> new AssertionError("harbor has no " + JOINT));
    assertThat(atHarbor.path("state").asText()).isEqualTo("ACTIVE");
    assertThat(atHarbor.path("requester").asText()).isEqualTo(DISPATCHER);
    assertThat(texts(atHarbor.path("groups"))).containsExactly(HARBOR_GROUP, RIDGE_GROUP);

    // harbor's member gets the create from harbor's PSI, with the sipp dispatcher as calling user
    RegroupNotification create = dock1.awaitNotification(n -> !n.cancel() && n.regroupGroup().uri().equals(JOINT), WAIT)
        .orElseThrow(() -> new AssertionError("dock1 got no create for " + JOINT + "; got " + atDock1));
    assertThat(create.from()).isEqualTo("sip:mcptt-server@harbor.test");
    assertThat(create.requester()).contains(McServiceId.of(DISPATCHER));
    assertThat(create.configurationGroup()).contains(McServiceGroupId.of(TEMPLATE));
    awaitMember(harborHttp, JOINT, "sip:dock1@harbor.test", "ACKNOWLEDGED", null);

    // ridge holds the regroup too, and ranger1 (sipp) answered its create 200
    awaitMember(ridgeHttp, JOINT, "sip:ranger1@ridge.test", "ACKNOWLEDGED", ranger1);
    JsonNode atRidge = regroupView(ridgeHttp, JOINT).orElseThrow();
    assertThat(atRidge.path("state").asText()).isEqualTo("ACTIVE");
    assertThat(atRidge.path("requester").asText()).isEqualTo(DISPATCHER);

    // 10.xx.3.3.3: the sipp dispatcher cancels at harbor; the cancel reaches both members
    passes("cancel.xml", dispatcher("", "", JOINT));
    RegroupNotification cancel = dock1.awaitNotification(n -> n.cancel() && n.regroupGroup().uri().equals(JOINT), WAIT)
        .orElseThrow(() -> new AssertionError("dock1 got no cancel for " + JOINT + "; got " + atDock1));
    assertThat(cancel.from()).isEqualTo("sip:mcptt-server@harbor.test");
    awaitMember(harborHttp, JOINT, "sip:dock1@harbor.test", "CANCEL_ACKNOWLEDGED", null);
    // ranger1 checked the create and the remove, answered both, logged off: exit code 0
    Sipp.Result member = ranger1.await(WAIT);
    assertThat(member.passed()).as("member.xml at ridge:\n%s\n---- ridge ----\n%s", member.report(), tail(ridge.output())).isTrue();
    awaitMember(ridgeHttp, JOINT, "sip:ranger1@ridge.test", "CANCEL_ACKNOWLEDGED", null);
    assertThat(regroupView(harborHttp, JOINT).map(v -> v.path("state").asText())).hasValue("CANCELLED");
    assertThat(regroupView(ridgeHttp, JOINT).map(v -> v.path("state").asText())).hasValue("CANCELLED");

    // 10.xx.3.3.4: ridge's own dispatcher regroups the ridge group locally ...
    McClient rdisp = client("sip:rdisp@ridge.test", ridge, RIDGE);
    assertThat(get(rdisp.regroup(McService.MCPTT, McServiceGroupId.of(RIDGE_LOCAL), McServiceGroupId.of("sip:tmpl-ridge@ridge.test"),
        new RegroupTargets.Groups(List.of(McServiceGroupId.of(RIDGE_GROUP))))).status()).isEqualTo(200);
    // ... so ridge rejects harbor's create, and sipp sees 403 with Warning "148 group is regrouped"
    passes("regroup-rejected-148.xml", dispatcher(HARBOR_GROUP, RIDGE_GROUP, REJECTED));
    assertThat(regroupView(harborHttp, REJECTED)).isEmpty();
    assertThat(regroupView(ridgeHttp, REJECTED)).isEmpty();
    assertThat(regroupView(ridgeHttp, RIDGE_LOCAL).map(v -> v.path("state").asText())).hasValue("ACTIVE");

    // all or nothing: the harbor group was not left regrouped, sipp can regroup it at once
    passes("group-regroup.xml", dispatcher(HARBOR_GROUP, HARBOR_GROUP_2, AFTER_REJECT));
    assertThat(dock1.awaitNotification(n -> !n.cancel() && n.regroupGroup().uri().equals(AFTER_REJECT), WAIT)).isPresent();
    passes("cancel.xml", dispatcher("", "", AFTER_REJECT));
    assertThat(dock1.awaitNotification(n -> n.cancel() && n.regroupGroup().uri().equals(AFTER_REJECT), WAIT)).isPresent();
    // the rejected create never reached harbor's member
    assertThat(atDock1).noneMatch(n -> n.regroupGroup().uri().equals(REJECTED));

    assertThat(get(rdisp.cancel(McService.MCPTT, McServiceGroupId.of(RIDGE_LOCAL))).status()).isEqualTo(200);
  }

  // ---- helpers

  /** An injection row for harbor's dispatcher (sipp/README.md layout). */
  private static Sipp.Row dispatcher(String id1, String id2, String regroupGroup) {
    return new Sipp.Row("hdisp", HARBOR, McService.MCPTT, id1, id2, regroupGroup, id1.isEmpty() ? "" : TEMPLATE, "hdisp-secret");
  }

  /** Runs a dispatcher scenario against harbor; it must end with exit code 0 (every check held). */
  private static Sipp.Result passes(String scenario, Sipp.Row row) throws Exception {
    return passesAt(harbor, scenario, row);
  }

  /** Runs a scenario against {@code server}; it must end with exit code 0 (every check held). */
  private static Sipp.Result passesAt(ServerProcess server, String scenario, Sipp.Row row) throws Exception {
    Sipp.Run run = Sipp.start(workDir, scenario, row, server.sipPort, SIPP_TIMEOUT, false);
    runs.add(run);
    Sipp.Result r = run.await(SIPP_TIMEOUT.plusSeconds(5));
    assertThat(r.passed()).as("%s as %s at %s:\n%s\n---- harbor ----\n%s\n---- ridge ----\n%s",
        scenario, row.mcServiceId(), server.name, r.report(), tail(harbor.output()), tail(ridge.output())).isTrue();
    return r;
  }

  private static McClient client(String uri, ServerProcess server, String domain, String... groups) throws Exception {
    return Clients.registered(clients, uri, server, domain, groups);
  }

  private static SipResponse get(CompletableFuture<SipResponse> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  /** Waits until {@code user}'s last per-member outcome in {@code regroupGroup} is {@code state}. */
  private static void awaitMember(int httpPort, String regroupGroup, String user, String state, Sipp.Run alive) {
    await(user + " " + state + " in " + regroupGroup).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (alive != null) alive.requireAlive();
      return regroupView(httpPort, regroupGroup).stream()
          .flatMap(v -> StreamSupport.stream(v.path("members").spliterator(), false))
          .anyMatch(m -> m.path("user").asText().equals(user) && m.path("state").asText().equals(state));
    });
  }

  /** {@code GET /api/regroups?group=URI}: the regroup with its per-member outcome; empty on 404. */
  private static Optional<JsonNode> regroupView(int httpPort, String regroupGroup) throws IOException, InterruptedException {
    HttpResponse<String> r = http(httpPort, "/api/regroups?group=" + URLEncoder.encode(regroupGroup, StandardCharsets.UTF_8));
    if (r.statusCode() == 404) return Optional.empty();
    assertThat(r.statusCode()).as("GET /api/regroups: %s", r.body()).isEqualTo(200);
    return Optional.of(JSON.readTree(r.body()));
  }

  /** One value of {@code GET /metrics}. */
  private static long metric(int httpPort, String name) throws IOException, InterruptedException {
    HttpResponse<String> r = http(httpPort, "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body().lines().filter(l -> l.startsWith(name + " ")).map(l -> (long) Double.parseDouble(l.substring(name.length() + 1).trim()))
        .findFirst().orElseThrow(() -> new AssertionError("no metric " + name + " in\n" + r.body()));
  }

  private static HttpResponse<String> http(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static void closeServer(ServerProcess s) {
    try {
      if (s != null) s.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ServerProcess startServer(ServerProcess s) {
    try {
      return s.start();
    } catch (Exception e) {
      throw new IllegalStateException(s.name + " did not start", e);
    }
  }

  /** Whether the sipp program can be run at all; anything else wrong with it fails the test. */
  private static boolean sippRuns() {
    try {
      Process p = new ProcessBuilder(Sipp.EXECUTABLE, "-v").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String tail(String text) {
    return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
  }
}
