package org.muster.app.cli;

import org.muster.app.Servers;
import org.muster.app.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.muster.core.flow.RegroupTargets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.app.testing.MusterCli;
import org.muster.app.testing.MusterCli.Run;
import org.muster.app.admin.AdminHttp;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.HostPort;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;

/** The dispatcher commands and the admin API against a running server, as a user meets them. */
class CliAndAdminIT {
  static Path config;
  static MusterServer server;
  static AdminHttp admin;
  static McClient ff1;
  static int httpPort;
  static final String ADMIN_TOKEN = "cli-admin-token-0123456789";

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("muster-cli");
    int sip = FreePorts.udpAndTcp();
    httpPort = FreePorts.udpAndTcp();
    config = dir.resolve("metro.yaml");
    Files.writeString(config, """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, http: 127.0.0.1:%d, store: %s, admin-token: %s}
        users:
          - {id: sip:disp1@metro.example, may: [group-regroup, user-regroup, cancel-regroup], password: disp1-secret}
          - {id: sip:ff1@metro.example, password: ff1-secret}
          - {id: sip:pol1@metro.example, password: pol1-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example]}
          - {id: sip:police@metro.example, members: [sip:pol1@metro.example]}
          - {id: sip:tmpl@metro.example, preconfigured-regroup-only: true, members: [sip:ff1@metro.example, sip:pol1@metro.example]}
        """.formatted(sip, httpPort, dir.resolve("store"), ADMIN_TOKEN));
    server = Servers.inMemory(ProvisioningLoader.load(config));
    admin = AdminHttp.start(server, new HostPort("127.0.0.1", httpPort));
    ff1 = McClient.start(ClientOptions.loopback(McServiceId.of("sip:ff1@metro.example"), "metro.example", sip).withPassword("ff1-secret"));
    assertThat(ff1.register(List.of(McService.MCPTT), 600).get().status()).isEqualTo(200);
    assertThat(ff1.affiliate(McService.MCPTT, List.of(McServiceGroupId.of("sip:fire@metro.example"))).get().status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    ff1.close();
    admin.close();
    server.close();
  }

  static Run muster(String... args) {
    return MusterCli.run(args);
  }

  /** The admin API as an operator with the admin token uses it. */
  static String http(String method, String path) throws Exception {
    return http(method, path, "Bearer " + ADMIN_TOKEN);
  }

  static String http(String method, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) b.header("Authorization", authorization);
    HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void regroupStatusAndCancelFromTheCommandLine() throws Exception {
    Run formed = muster("regroup", "--config", config.toString(), "--user", "sip:disp1@metro.example",
        "--regroup-group", "sip:rg-cli@metro.example", "--preconfigured", "sip:tmpl@metro.example", "--groups", "sip:fire@metro.example");
    assertThat(formed.exit()).as(formed.err()).isZero();
    assertThat(formed.out()).contains("regroup sip:rg-cli@metro.example formed: 200 OK").contains("sip:ff1@metro.example at");
    assertThat(ff1.awaitNotification(n -> !n.cancel(), java.time.Duration.ofSeconds(20))).isPresent();

    Run clash = muster("regroup", "--config", config.toString(), "--user", "sip:disp1@metro.example", "--json",
        "--regroup-group", "sip:rg-cli2@metro.example", "--preconfigured", "sip:tmpl@metro.example", "--groups", "sip:fire@metro.example");
    assertThat(clash.exit()).isEqualTo(1);
    assertThat(clash.out()).contains("\"status\":403").contains("148 group is regrouped");

    Run status = muster("status", "--config", config.toString(), "--regroup-group", "sip:rg-cli@metro.example");
    assertThat(status.exit()).isZero();
    assertThat(status.out()).contains("ACTIVE MCPTT group regroup by sip:disp1@metro.example").contains("sip:ff1@metro.example");

    Run cancelled = muster("cancel", "--config", config.toString(), "--user", "sip:disp1@metro.example",
        "--regroup-group", "sip:rg-cli@metro.example");
    assertThat(cancelled.exit()).isZero();
    assertThat(cancelled.out()).contains("cancelled: 200 OK");
    assertThat(http("GET", "/api/regroups?group=sip:rg-cli@metro.example")).startsWith("200 ").contains("\"CANCELLED\"");
  }

  @Test
  void aDryRunSaysWhatARegroupWouldDoAndChangesNothing() throws Exception {
    Run dry = muster("regroup", "--config", config.toString(), "--user", "sip:disp1@metro.example", "--dry-run",
        "--regroup-group", "sip:rg-dry@metro.example", "--preconfigured", "sip:tmpl@metro.example", "--groups", "sip:fire@metro.example");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("regroup sip:rg-dry@metro.example (dry run): would be formed")
        .contains("1 client(s) here would be sent the regroup").contains("sip:ff1@metro.example at ");
    assertThat(http("GET", "/api/regroups?group=sip:rg-dry@metro.example")).startsWith("404 ");

    Run refused = muster("regroup", "--config", config.toString(), "--user", "sip:ff1@metro.example", "--dry-run",
        "--regroup-group", "sip:rg-dry@metro.example", "--preconfigured", "sip:tmpl@metro.example", "--groups", "sip:fire@metro.example");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("(dry run): would be refused: 403 not authorized: sip:ff1@metro.example may not initiate a group regroup");

    String badBody = post("/api/preview", "{\"requester\": \"disp1\"}");
    assertThat(badBody).startsWith("400 ").contains("requester: not a SIP URI");
    assertThat(post("/api/preview", "not json")).startsWith("400 ").contains("not JSON");
    assertThat(http("GET", "/api/preview")).startsWith("405 ");
    assertThat(post("/api/preview", "{}", null)).as("reading the admin API needs the token").startsWith("401 ");
  }

  static String post(String path, String body) throws Exception {
    return post(path, body, "Bearer " + ADMIN_TOKEN);
  }

  static String post(String path, String body, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (authorization != null) b.header("Authorization", authorization);
    HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void badInputNamesTheFieldAndNeverShowsAStackTrace() throws Exception {
    Run badUser = muster("regroup", "--config", config.toString(), "--user", "ff1", "--regroup-group", "sip:rg@metro.example",
        "--preconfigured", "sip:tmpl@metro.example", "--groups", "sip:fire@metro.example");
    assertThat(badUser.exit()).isEqualTo(2);
    assertThat(badUser.err()).contains("--user").doesNotContain("Exception").doesNotContain("\tat ");
    Run badGroup = muster("regroup", "--config", config.toString(), "--user", "sip:disp1@metro.example", "--regroup-group",
        "sip:rg@metro.example", "--preconfigured", "sip:tmpl@metro.example", "--groups", "fire");
    assertThat(badGroup.exit()).isEqualTo(2);
    assertThat(badGroup.err()).contains("--groups");
    Run both = muster("regroup", "--config", config.toString(), "--user", "sip:disp1@metro.example", "--regroup-group",
        "sip:rg@metro.example", "--preconfigured", "sip:tmpl@metro.example", "--groups", "sip:fire@metro.example", "--users",
        "sip:ff1@metro.example");
    assertThat(both.exit()).isEqualTo(2);
    // pointed at an address where nothing answers: said within seconds, not after the SIP timer's 32 s
    Path nowhere = Files.createTempFile("nowhere", ".yaml");
    int silentPort = FreePorts.udpAndTcp();
    Files.writeString(nowhere, Files.readString(config).replaceFirst("sip: 127\\.0\\.0\\.1:[0-9]+", "sip: 127.0.0.1:" + silentPort));
    long start = System.nanoTime();
    Run unanswered = muster("cancel", "--config", nowhere.toString(), "--user", "sip:disp1@metro.example", "--regroup-group", "sip:rg@metro.example");
    assertThat(unanswered.exit()).isEqualTo(2);
    assertThat(unanswered.err()).contains("no SIP answer from 127.0.0.1:" + silentPort + " over UDP (system.sip in " + nowhere + ")")
        .contains("is the server running?").doesNotContain("\tat ");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    Path broken = Files.createTempFile("broken", ".yaml");
    Files.writeString(broken, "system: {id: x, domain: x.example, sip: 127.0.0.1:0}\nusers:\n  - {id: sip:a@x.example, mayy: [cancel-regroup]}\n");
    Run server = muster("server", "--config", broken.toString());
    assertThat(server.exit()).isEqualTo(2);
    assertThat(server.err()).contains("mayy").contains(":3:").doesNotContain("\tat ");
  }

  @Test
  void groupManagementMarksAGroupRegroupedAndTheAdminApiAnswers() throws Exception {
    assertThat(http("POST", "/api/gms/regrouped?group=sip:police@metro.example", null)).startsWith("401 ");
    assertThat(http("GET", "/api/gms/regrouped")).doesNotContain("sip:police@metro.example");
    assertThat(http("POST", "/api/gms/regrouped?group=sip:police@metro.example")).startsWith("200 ");
    Run refused = muster("regroup", "--config", config.toString(), "--user", "sip:disp1@metro.example",
        "--regroup-group", "sip:rg-gms@metro.example", "--preconfigured", "sip:tmpl@metro.example", "--groups", "sip:police@metro.example");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("403 Forbidden: 148 group is regrouped; sip:police@metro.example is regrouped by another mechanism");
    assertThat(http("GET", "/api/gms/regrouped")).contains("sip:police@metro.example");
    assertThat(http("DELETE", "/api/gms/regrouped?group=sip:police@metro.example")).startsWith("200 ");
    assertThat(http("POST", "/api/gms/regrouped?group=police")).startsWith("400 ");
    assertThat(http("GET", "/metrics")).contains("muster_registered_clients").contains("muster_partner_cancels_owed 0");
    assertThat(http("GET", "/api/console")).contains("\"system\" : \"metro\"");
    assertThat(http("GET", "/")).contains("Muster console");
    assertThat(http("GET", "/api/regroups?group=sip:nothing@metro.example")).startsWith("404 ");
  }
  @Test
  void aClientShowsTheGroupConfigurationsItHoldsAndThePreconfiguredGroupOfARegroupThatArrives() throws Exception {
    // only the user itself reads its configuration (HTTP Digest with its SIP credentials)
    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + "/gms/users/sip:pol1@metro.example/groups")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().allValues("WWW-Authenticate")).anyMatch(h -> h.startsWith("Digest "));

    org.muster.app.testing.MusterCli.Background pol1 = org.muster.app.testing.MusterCli.start("client", "--config", config.toString(),
        "--user", "sip:pol1@metro.example", "--password", "pol1-secret", "--affiliate", "sip:police@metro.example");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pol1.out().contains("affiliation"));
    assertThat(pol1.out()).contains("holds sip:police@metro.example (mcdata, mcptt, mcvideo)")
        .contains("holds sip:tmpl@metro.example (mcdata, mcptt, mcvideo; preconfigured group)")
        .doesNotContain("holds sip:fire@metro.example");

    McClient disp = McClient.start(ClientOptions.loopback(McServiceId.of("sip:disp1@metro.example"), "metro.example", server.sipPort())
        .withPassword("disp1-secret"));
    try {
      assertThat(disp.register(List.of(McService.MCPTT), 600).get().status()).isEqualTo(200);
      assertThat(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-cfg@metro.example"), McServiceGroupId.of("sip:tmpl@metro.example"),
          new RegroupTargets.Groups(List.of(McServiceGroupId.of("sip:police@metro.example")))).get().status()).isEqualTo(200);
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pol1.out().contains("configuration of sip:tmpl@metro.example"));
      assertThat(disp.cancel(McService.MCPTT, McServiceGroupId.of("sip:rg-cfg@metro.example")).get().status()).isEqualTo(200);
    } finally {
      pol1.in("quit");
      assertThat(pol1.exit(Duration.ofSeconds(20))).isZero();
      disp.close();
    }
  }

  /** sipp/walkthrough.sh checks the admin API for an earlier run's leftovers before it runs a scenario. */
  @Test
  void theWalkthroughSaysInOneLineWhatAnEarlierRunLeft() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v curl").start().waitFor() == 0,
        "curl is not installed: walkthrough.sh cannot ask the admin API");
    McClient disp = McClient.start(ClientOptions.loopback(McServiceId.of("sip:disp1@metro.example"), "metro.example", server.sipPort())
        .withPassword("disp1-secret"));
    try {
      assertThat(disp.register(List.of(McService.MCPTT), 600).get().status()).isEqualTo(200);
      assertThat(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-walk@metro.example"), McServiceGroupId.of("sip:tmpl@metro.example"),
          new RegroupTargets.Users(List.of(McServiceId.of("sip:ff1@metro.example")))).get().status()).isEqualTo(200);
      String[] said = walkthrough();
      assertThat(said[0]).isEqualTo("3");
      assertThat(said[1].strip()).doesNotContain("\n").startsWith("walkthrough: an earlier regroup is still in effect")
          .contains("sip:rg-walk@metro.example").contains("./muster cancel").contains("./muster store reset");
      assertThat(disp.cancel(McService.MCPTT, McServiceGroupId.of("sip:rg-walk@metro.example")).get().status()).isEqualTo(200);

      assertThat(http("POST", "/api/gms/regrouped?group=sip:police@metro.example")).startsWith("200 ");
      said = walkthrough();
      assertThat(said[0]).isEqualTo("3");
      assertThat(said[1].strip()).doesNotContain("\n").contains("marked as regrouped by another mechanism").contains("sip:police@metro.example");
    } finally {
      http("DELETE", "/api/gms/regrouped?group=sip:police@metro.example");
      disp.close();
    }
  }

  /** Exit code and what sipp/walkthrough.sh printed (both streams), run against this server; no scenario may run. */
  private static String[] walkthrough() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "sipp", "walkthrough.sh").toString(), "127.0.0.1:" + server.sipPort())
        .redirectErrorStream(true);
    pb.environment().put("MUSTER_HTTP", "127.0.0.1:" + httpPort);
    pb.environment().put("MUSTER_ADMIN_TOKEN", ADMIN_TOKEN);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return new String[] {String.valueOf(p.exitValue()), out};
  }
}
