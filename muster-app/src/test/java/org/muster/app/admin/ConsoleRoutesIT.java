package org.muster.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.muster.app.Servers;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.config.HostPort;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.auth.DigestVerifier;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;
import org.muster.sip.server.MusterServer;
import org.muster.sip.stack.DigestChallenge;

/** The console's routes over real HTTP, without a browser: the live stream, the operator's actions and their guards. */
class ConsoleRoutesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATE = "{\"service\":\"mcptt\",\"regroupGroup\":\"sip:rg-1@metro.example\","
      + "\"preconfigured\":\"sip:tmpl@metro.example\",\"groups\":[\"sip:fire@metro.example\"]}";
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<McClient> clients = new ArrayList<>();
  private MusterServer server;
  private AdminHttp admin;

  void start(String authentication) throws Exception {
    server = Servers.inMemory(ProvisioningLoader.parse("""
        system:
          id: metro
          domain: metro.example
          sip: 127.0.0.1:0
          authentication: %s
        users:
          - id: sip:disp1@metro.example
            may: [group-regroup, cancel-regroup]
            password: disp1-secret
          - id: sip:ff1@metro.example
            password: ff1-secret
        groups:
          - id: sip:fire@metro.example
            members: [sip:ff1@metro.example]
          - id: sip:tmpl@metro.example
            preconfigured-regroup-only: true
            members: [sip:ff1@metro.example]
        """.formatted(authentication), "console.yaml"));
    admin = AdminHttp.start(server, new HostPort("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    clients.forEach(McClient::close);
    if (admin != null) admin.close();
    if (server != null) server.close();
  }

  @Test
  void theStreamSendsASnapshotThenAnotherWhenARegroupIsMadeHereAndTheClientsGetIt() throws Exception {
    start("none");
    McClient ff1 = client("ff1");
    assertThat(ff1.affiliate(McService.MCPTT, List.of(McServiceGroupId.of("sip:fire@metro.example"))).get(20, TimeUnit.SECONDS).status())
        .isEqualTo(200);
    HttpResponse<InputStream> stream = http.send(get("/api/console/events").build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(nextSnapshot(events).get("regroups")).isEmpty();
      // with authentication: none the operator is named only; the create is decided and fanned out as over SIP
      HttpResponse<String> created = http.send(action("/api/console/regroups", "sip:disp1@metro.example", CREATE).build(), text());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      assertThat(JSON.readTree(created.body()).get("result").asText()).isEqualTo("formed");
      RegroupNotification n = ff1.awaitNotification(x -> !x.cancel(), Duration.ofSeconds(20)).orElseThrow();
      assertThat(n.requester()).contains(McServiceId.of("sip:disp1@metro.example"));
      JsonNode regroup = nextSnapshot(events).get("regroups").get(0);
      assertThat(regroup.get("regroupGroup").asText()).isEqualTo("sip:rg-1@metro.example");
      assertThat(regroup.get("requester").asText()).isEqualTo("sip:disp1@metro.example");
      assertThat(regroup.get("listed").asInt()).isEqualTo(1);
      // a user without cancel-regroup is refused as over SIP
      HttpResponse<String> refused = http.send(action("/api/console/cancel", "sip:ff1@metro.example",
          "{\"service\":\"mcptt\",\"regroupGroup\":\"sip:rg-1@metro.example\"}").build(), text());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("\"refused\"").contains("not authorized: sip:ff1@metro.example may not cancel a regroup");
    }
  }

  @Test
  void anActionNeedsTheOperatorHeaderAJsonBodyTheSameOriginAndAGoodBody() throws Exception {
    start("none");
    HttpResponse<String> noOperator = http.send(get("/api/console/regroups").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(CREATE)).build(), text());
    assertThat(noOperator.statusCode()).isEqualTo(400);
    assertThat(noOperator.body()).contains("X-Muster-Operator: missing");
    HttpResponse<String> form = http.send(get("/api/console/regroups").header("X-Muster-Operator", "sip:disp1@metro.example")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=b")).build(), text());
    assertThat(form.statusCode()).isEqualTo(415);
    HttpResponse<String> elsewhere = http.send(action("/api/console/regroups", "sip:disp1@metro.example", CREATE)
        .header("Origin", "http://evil.example").build(), text());
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(elsewhere.body()).contains("Origin http://evil.example is not this console's");
    HttpResponse<String> stranger = http.send(action("/api/console/regroups", "sip:nobody@metro.example", CREATE).build(), text());
    assertThat(stranger.statusCode()).isEqualTo(404);
    HttpResponse<String> bad = http.send(action("/api/console/regroups", "sip:disp1@metro.example",
        "{\"service\":\"mcptt\",\"regroupGroup\":\"rg-1\"}").build(), text());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("regroupGroup: not a SIP URI: rg-1");
    assertThat(http.send(get("/api/console/regroups").build(), text()).statusCode()).isEqualTo(405);
    assertThat(server.query(core -> core.activeRegroups().size()).get(5, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void withDigestTheOperatorAnswersAChallengeInTheConsolesOwnHeader() throws Exception {
    start("digest");
    HttpResponse<String> challenged = http.send(action("/api/console/regroups", "sip:disp1@metro.example", CREATE).build(), text());
    assertThat(challenged.statusCode()).isEqualTo(401);
    assertThat(challenged.headers().firstValue("WWW-Authenticate")).as("the browser must not prompt").isEmpty();
    DigestChallenge sha = challenged.headers().allValues(ConsoleRoutes.CHALLENGE).stream().map(DigestChallenge::parse)
        .flatMap(Optional::stream).filter(c -> c.algorithm().equals(Optional.of("SHA-256"))).findFirst().orElseThrow();
    HttpResponse<String> wrong = http.send(action("/api/console/regroups", "sip:disp1@metro.example", CREATE)
        .header("Authorization", digest(sha, "disp1", "not-the-secret", "/api/console/regroups", 1)).build(), text());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("wrong credentials for sip:disp1@metro.example");
    HttpResponse<String> created = http.send(action("/api/console/regroups", "sip:disp1@metro.example", CREATE)
        .header("Authorization", digest(sha, "disp1", "disp1-secret", "/api/console/regroups", 2)).build(), text());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    // the same nonce count again is a replay
    HttpResponse<String> replayed = http.send(action("/api/console/cancel", "sip:disp1@metro.example",
        "{\"regroupGroup\":\"sip:rg-1@metro.example\"}").header("Authorization", digest(sha, "disp1", "disp1-secret", "/api/console/cancel", 2))
        .build(), text());
    assertThat(replayed.statusCode()).isEqualTo(401);
    HttpResponse<String> cancelled = http.send(action("/api/console/cancel", "sip:disp1@metro.example",
        "{\"regroupGroup\":\"sip:rg-1@metro.example\"}").header("Authorization", digest(sha, "disp1", "disp1-secret", "/api/console/cancel", 3))
        .build(), text());
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(JSON.readTree(cancelled.body()).get("result").asText()).isEqualTo("cancelled");
  }

  private static String digest(DigestChallenge c, String user, String password, String uri, int count) {
    String nc = String.format("%08x", count);
    String ha1 = Credential.ha1(DigestAlgorithm.SHA_256, user, c.realm(), password);
    String response = DigestVerifier.response(DigestAlgorithm.SHA_256, ha1, "POST", uri, c.nonce(), nc, "c0ffee", "auth");
    return "Digest username=\"" + user + "\", realm=\"" + c.realm() + "\", nonce=\"" + c.nonce() + "\", uri=\"" + uri
        + "\", algorithm=SHA-256, qop=auth, nc=" + nc + ", cnonce=\"c0ffee\", response=\"" + response + "\"";
  }

  private static JsonNode nextSnapshot(BufferedReader events) throws Exception {
    for (String line = events.readLine(); line != null; line = events.readLine()) {
      if (line.startsWith("data: ")) return JSON.readTree(line.substring(6));
    }
    throw new AssertionError("the stream ended");
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).timeout(Duration.ofSeconds(30));
  }

  private HttpRequest.Builder action(String path, String operator, String body) {
    return get(path).header("X-Muster-Operator", operator).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpResponse.BodyHandler<String> text() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private McClient client(String name) throws Exception {
    McClient c = McClient.start(ClientOptions.loopback(McServiceId.of("sip:" + name + "@metro.example"), "metro.example", server.sipPort())
        .withPassword(name + "-secret"));
    clients.add(c);
    assertThat(c.register(List.of(McService.values()), 600).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    return c;
  }
}
