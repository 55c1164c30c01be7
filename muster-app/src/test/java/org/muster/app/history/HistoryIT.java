package org.muster.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.muster.app.Servers;
import org.muster.app.admin.AdminHttp;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.MusterCli;
import org.muster.core.config.HostPort;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;

/**
 * The regroup history over real SIP, as an operator meets it: regroups created by a real client
 * (the {@code muster} commands), a reject, a cancel, a regroup that expires as its create asked
 * (the wire extension) and one that expires by its preconfigured group's default; then {@code GET
 * /api/history} paged and filtered, {@code muster history}, and the same history after a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryIT {
  static final String TOKEN = "history-admin-token-0123456789";
  static final String DISP = "sip:disp1@metro.example";
  static final ObjectMapper JSON = new ObjectMapper();
  static Path config;
  static MusterServer server;
  static AdminHttp admin;
  static McClient ff1;
  static McClient pol1;
  static int httpPort;
  static Instant started;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("muster-history");
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
          - {id: sip:tmpl-short@metro.example, preconfigured-regroup-only: true, regroup-expires: 2s,
             members: [sip:ff1@metro.example, sip:pol1@metro.example]}
        """.formatted(sip, httpPort, dir.resolve("store"), TOKEN));
    started = Instant.now();
    startServer();
    ff1 = client("ff1", sip, "sip:fire@metro.example");
    pol1 = client("pol1", sip, "sip:police@metro.example");
  }

  static void startServer() throws Exception {
    server = Servers.durable(ProvisioningLoader.load(config));
    admin = AdminHttp.start(server, new HostPort("127.0.0.1", httpPort));
  }

  static McClient client(String name, int sip, String group) throws Exception {
    McClient c = McClient.start(ClientOptions.loopback(McServiceId.of("sip:" + name + "@metro.example"), "metro.example", sip)
        .withPassword(name + "-secret"));
    assertThat(c.register(List.of(McService.MCPTT), 600).get().status()).isEqualTo(200);
    assertThat(c.affiliate(McService.MCPTT, List.of(McServiceGroupId.of(group))).get().status()).isEqualTo(200);
    return c;
  }

  @AfterAll
  static void stop() {
    if (ff1 != null) ff1.close();
    if (pol1 != null) pol1.close();
    if (admin != null) admin.close();
    if (server != null) server.close();
  }

  static MusterCli.Run muster(String... args) {
    return MusterCli.run(args);
  }

  static MusterCli.Run regroup(String rg, String tmpl, String group, String... more) {
    List<String> args = new ArrayList<>(List.of("regroup", "--config", config.toString(), "--user", DISP, "--regroup-group", rg,
        "--preconfigured", tmpl, "--groups", group));
    args.addAll(List.of(more));
    return muster(args.toArray(String[]::new));
  }

  static HttpResponse<String> get(String pathAndQuery) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + pathAndQuery))
        .header("Authorization", "Bearer " + TOKEN).build();
    return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode history(String query) throws Exception {
    HttpResponse<String> r = get("/api/history" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static List<String> lines(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("entries").forEach(e -> out.add(e.path("event").asText() + " " + e.path("regroupGroup").asText().replace("@metro.example", "")));
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void createRejectCancelAndBothExpiriesAreRecorded() throws Exception {
    assertThat(regroup("sip:rg-a@metro.example", "sip:tmpl@metro.example", "sip:fire@metro.example").exit()).isZero();
    MusterCli.Run clash = regroup("sip:rg-b@metro.example", "sip:tmpl@metro.example", "sip:fire@metro.example");
    assertThat(clash.exit()).isEqualTo(1);
    assertThat(muster("cancel", "--config", config.toString(), "--user", DISP, "--regroup-group", "sip:rg-a@metro.example").exit()).isZero();

    // asked in the create (the wire extension): cancelled by the system, the client told like any cancel
    MusterCli.Run expiring = regroup("sip:rg-c@metro.example", "sip:tmpl@metro.example", "sip:police@metro.example", "--expires", "PT2S");
    assertThat(expiring.exit()).as(expiring.out() + expiring.err()).isZero();
    assertThat(pol1.awaitNotification(n -> n.cancel() && n.regroupGroup().uri().equals("sip:rg-c@metro.example"), Duration.ofSeconds(20)))
        .isPresent();
    // the preconfigured group's default (2 s)
    assertThat(regroup("sip:rg-d@metro.example", "sip:tmpl-short@metro.example", "sip:fire@metro.example").exit()).isZero();
    assertThat(ff1.awaitNotification(n -> n.cancel() && n.regroupGroup().uri().equals("sip:rg-d@metro.example"), Duration.ofSeconds(20)))
        .isPresent();

    JsonNode page = history("");
    assertThat(lines(page)).containsExactly("expiry sip:rg-d", "create sip:rg-d", "expiry sip:rg-c", "create sip:rg-c", "cancel sip:rg-a",
        "reject sip:rg-b", "create sip:rg-a");
    assertThat(page.path("next").isNull()).isTrue();
    JsonNode create = page.path("entries").get(6);
    List<String> fields = new ArrayList<>();
    create.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("id", "time", "event", "regroupGroup", "service", "requester", "preconfigured", "groups", "users",
        "outcome", "reason", "cancelledBy");
    assertThat(create.path("service").asText()).isEqualTo("mcptt");
    assertThat(create.path("requester").asText()).isEqualTo(DISP);
    assertThat(create.path("preconfigured").asText()).isEqualTo("sip:tmpl@metro.example");
    assertThat(create.path("groups").get(0).asText()).isEqualTo("sip:fire@metro.example");
    assertThat(create.path("outcome").asText()).isEqualTo("formed");
    assertThat(create.path("reason").isNull()).isTrue();
    assertThat(Instant.parse(create.path("time").asText())).isAfterOrEqualTo(started.minusSeconds(1));
    JsonNode reject = page.path("entries").get(5);
    assertThat(reject.path("outcome").asText()).isEqualTo("rejected");
    assertThat(reject.path("reason").asText()).startsWith("148 group is regrouped").contains("sip:fire@metro.example");
    assertThat(page.path("entries").get(4).path("cancelledBy").asText()).isEqualTo(DISP);
    assertThat(page.path("entries").get(2).path("cancelledBy").asText()).isEqualTo("system");
    assertThat(page.path("entries").get(2).path("outcome").asText()).isEqualTo("expired");
  }

  @Test
  @Order(2)
  void pagesAndFilters() throws Exception {
    List<String> all = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String query = "?limit=3";
    while (true) {
      JsonNode page = history(query);
      all.addAll(lines(page));
      sizes.add(page.path("entries").size());
      if (page.path("next").isNull()) break;
      query = "?limit=3&before=" + enc(page.path("next").asText());
    }
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(all).hasSize(7).startsWith("expiry sip:rg-d").endsWith("create sip:rg-a");

    assertThat(lines(history("?event=reject"))).containsExactly("reject sip:rg-b");
    assertThat(lines(history("?group=" + enc("sip:fire@metro.example"))))
        .containsExactly("expiry sip:rg-d", "create sip:rg-d", "cancel sip:rg-a", "reject sip:rg-b", "create sip:rg-a");
    assertThat(lines(history("?group=" + enc("sip:rg-c@metro.example") + "&event=expiry"))).containsExactly("expiry sip:rg-c");
    assertThat(lines(history("?requester=" + enc("sip:ff1@metro.example")))).isEmpty();
    assertThat(lines(history("?requester=" + enc(DISP) + "&since=" + enc(started.minusSeconds(60).toString())))).hasSize(7);
    assertThat(lines(history("?until=" + enc(started.minusSeconds(60).toString())))).isEmpty();

    for (String bad : List.of("limit=0", "limit=501", "limit=x", "before=abc", "event=delete", "since=yesterday", "group=fire", "sort=id")) {
      HttpResponse<String> r = get("/api/history?" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("error").asText()).as(bad).startsWith(bad.substring(0, bad.indexOf('=')) + ":");
    }
    HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/history"))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    HttpResponse<String> noToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + "/api/history")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
  }

  @Test
  @Order(3)
  void theCommandShowsTheSameHistory() throws Exception {
    MusterCli.Run expiries = muster("history", "--config", config.toString(), "--event", "expiry");
    assertThat(expiries.exit()).as(expiries.err()).isZero();
    assertThat(expiries.out()).contains("expiry sip:rg-d@metro.example mcptt by " + DISP + ": expired, cancelled by system")
        .contains("groups sip:fire@metro.example (preconfigured sip:tmpl-short@metro.example)")
        .contains("expiry sip:rg-c@metro.example").doesNotContain("create ");
    MusterCli.Run paged = muster("history", "--config", config.toString(), "--limit", "2");
    assertThat(paged.out()).contains("more: --before ");
    String cursor = paged.out().substring(paged.out().indexOf("more: --before ") + 15).trim();
    MusterCli.Run next = muster("history", "--config", config.toString(), "--limit", "2", "--before", cursor, "--json");
    assertThat(next.exit()).isZero();
    assertThat(lines(JSON.readTree(next.out()))).containsExactly("expiry sip:rg-c", "create sip:rg-c");
    MusterCli.Run rejects = muster("history", "--config", config.toString(), "--event", "reject", "--group", "sip:fire@metro.example");
    assertThat(rejects.out()).contains("reject sip:rg-b@metro.example").contains("148 group is regrouped");

    MusterCli.Run bad = muster("history", "--config", config.toString(), "--event", "delete");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("muster history: event: one of create, reject, cancel, expiry, got delete");
  }

  @Test
  @Order(4)
  void theHistorySurvivesARestart() throws Exception {
    JsonNode before = history("");
    admin.close();
    server.close();
    startServer();
    JsonNode after = history("");
    assertThat(after).isEqualTo(before);
  }

  @Test
  @Order(5)
  void anExpiryTimeIsShownAndKeptAcrossARestart() throws Exception {
    assertThat(regroup("sip:rg-e@metro.example", "sip:tmpl@metro.example", "sip:police@metro.example", "--expires", "PT1H").exit()).isZero();
    MusterCli.Run status = muster("status", "--config", config.toString(), "--regroup-group", "sip:rg-e@metro.example");
    assertThat(status.out()).contains("ACTIVE").contains(", expires at ");
    String expiresAt = JSON.readTree(get("/api/regroups?group=" + enc("sip:rg-e@metro.example")).body()).path("expiresAt").asText();
    assertThat(Instant.parse(expiresAt)).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
    admin.close();
    server.close();
    startServer();
    assertThat(JSON.readTree(get("/api/regroups?group=" + enc("sip:rg-e@metro.example")).body()).path("expiresAt").asText()).isEqualTo(expiresAt);
    assertThat(muster("cancel", "--config", config.toString(), "--user", DISP, "--regroup-group", "sip:rg-e@metro.example").exit()).isZero();
    assertThat(lines(history("?limit=2"))).containsExactly("cancel sip:rg-e", "create sip:rg-e");
  }
}
