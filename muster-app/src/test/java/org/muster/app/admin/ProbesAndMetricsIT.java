package org.muster.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.Servers;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.app.testing.FreePorts;
import org.muster.core.config.HostPort;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;
import org.muster.sip.stack.SipResponse;

/**
 * The admin API's probes and metrics over real sockets, on a server with a durable store and real
 * SIP clients: {@code /health} and {@code /ready}; 405 with {@code Allow} for a method a read-only
 * route does not take; and {@code /metrics} counting what happened (requests and answers by
 * method and code, regroups formed, refused by reason and cancelled, member steps, the fan-out
 * histogram, store transactions, the gauges).
 */
class ProbesAndMetricsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> READ_ONLY = List.of("/health", "/ready", "/api/status", "/api/regroups", "/metrics", "/", "/api/console");

  @TempDir Path dir;
  private MusterServer server;
  private AdminHttp admin;
  private int sipPort;
  private final List<McClient> clients = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    sipPort = FreePorts.udpAndTcp();
    String yaml = """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, store: '%s'}
        users:
          - {id: sip:disp1@metro.example, may: [group-regroup, cancel-regroup], password: disp1-secret}
          - {id: sip:ff1@metro.example, password: ff1-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example]}
          - {id: sip:tmpl@metro.example, preconfigured-regroup-only: true, members: [sip:ff1@metro.example]}
        """.formatted(sipPort, dir.resolve("store"));
    server = Servers.durable(ProvisioningLoader.parse(yaml, "probes-it.yaml"));
    admin = AdminHttp.start(server, new HostPort("127.0.0.1", FreePorts.udpAndTcp()));
  }

  @AfterEach
  void stop() {
    clients.forEach(McClient::close);
    if (admin != null) admin.close();
    if (server != null) server.close();
  }

  @Test
  void probesAnswerAndReadOnlyRoutesRefuseOtherMethods() throws Exception {
    HttpResponse<String> health = http("GET", "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("up");
    HttpResponse<String> ready = http("GET", "/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("status").asText()).isEqualTo("ready");
    assertThat(body.get("checks").get("store").asText()).isEqualTo("ok");
    assertThat(body.get("sip").asText()).isEqualTo("127.0.0.1:" + sipPort + " (UDP, TCP)");
    for (String path : READ_ONLY) {
      for (String method : List.of("POST", "PUT", "DELETE")) {
        HttpResponse<String> refused = http(method, path);
        assertThat(refused.statusCode()).as(method + " " + path).isEqualTo(405);
        assertThat(refused.headers().firstValue("Allow")).as(method + " " + path).hasValue("GET, HEAD");
      }
    }
    assertThat(http("GET", "/api/statusx").statusCode()).isEqualTo(404);
    assertThat(http("GET", "/healthz").statusCode()).isEqualTo(404);
  }

  @Test
  void metricsCountWhatHappened() throws Exception {
    McClient disp = registered("disp1");
    McClient ff1 = registered("ff1");
    assertThat(ff1.affiliate(McService.MCPTT, List.of(group("fire"))).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    RegroupTargets fire = new RegroupTargets.Groups(List.of(group("fire")));
    assertThat(disp.regroup(McService.MCPTT, group("rg-1"), group("tmpl"), fire).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    SipResponse refused = disp.regroup(McService.MCPTT, group("rg-2"), group("tmpl"), fire).get(10, TimeUnit.SECONDS);
    assertThat(refused.status()).isEqualTo(403);
    // ff1 answers the regroup's notification: its step, and the fan-out histogram, count it
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> value(scrape(), "muster_member_steps_total{state=\"acknowledged\"}").orElse(0.0) >= 1);
    assertThat(disp.cancel(McService.MCPTT, group("rg-1")).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

    String text = scrape();
    assertThat(value(text, "muster_sip_requests_total{method=\"REGISTER\"}")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(2));
    assertThat(value(text, "muster_sip_answers_total{code=\"200\",method=\"MESSAGE\"}")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(2));
    assertThat(value(text, "muster_sip_answers_total{code=\"403\",method=\"MESSAGE\"}")).hasValue(1.0);
    assertThat(value(text, "muster_regroups_total{outcome=\"formed\",reason=\"none\"}")).hasValue(1.0);
    assertThat(value(text, "muster_regroups_total{outcome=\"refused\",reason=\"group_regrouped\"}")).hasValue(1.0);
    assertThat(value(text, "muster_regroups_total{outcome=\"cancelled\",reason=\"none\"}")).hasValue(1.0);
    assertThat(value(text, "muster_regroup_member_acknowledged_seconds_count")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(value(text, "muster_store_write_seconds_count{outcome=\"written\"}")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(value(text, "muster_registered_clients")).hasValue(2.0);
    assertThat(value(text, "muster_affiliations")).hasValue(1.0);
    assertThat(value(text, "muster_active_regroups")).hasValue(0.0);
  }

  private McClient registered(String name) throws Exception {
    McClient c = McClient.start(ClientOptions.loopback(McServiceId.of("sip:" + name + "@metro.example"), "metro.example", sipPort)
        .withPassword(name + "-secret"));
    clients.add(c);
    assertThat(c.register(List.of(McService.MCPTT), 600).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    return c;
  }

  private static McServiceGroupId group(String name) {
    return McServiceGroupId.of("sip:" + name + "@metro.example");
  }

  private String scrape() throws Exception {
    HttpResponse<String> r = http("GET", "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** The value of the sample {@code series} (name and labels as Prometheus writes them), if present. */
  private static Optional<Double> value(String text, String series) {
    return text.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst();
  }

  private HttpResponse<String> http(String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
