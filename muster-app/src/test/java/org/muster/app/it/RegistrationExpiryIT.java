package org.muster.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.Servers;
import org.muster.app.admin.AdminHttp;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.MusterCli;
import org.muster.app.testing.MusterCli.Run;
import org.muster.core.config.McSystemConfig;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;
import org.muster.sip.server.ServerSettings;
import org.muster.store.StoreMaintenance;

/**
 * A client that stops without logging off (its radio switched off) is dropped once its
 * registration's Expires runs out: from the counts, from the regroup it took part in (LEFT,
 * "registration expired", never UNREACHABLE afterwards), and from the store; {@code muster
 * client} refreshes its registration while it runs.
 */
class RegistrationExpiryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void aRegistrationThatRanOutLeavesCountsViewsAndStore() throws Exception {
    int sip = FreePorts.udpAndTcp();
    int http = FreePorts.udpAndTcp();
    Path store = dir.resolve("store");
    Path file = Files.writeString(dir.resolve("metro.yaml"), """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, http: 127.0.0.1:%d, store: '%s'}
        users:
          - {id: sip:disp1@metro.example, may: [group-regroup, user-regroup, cancel-regroup], password: disp1-secret}
          - {id: sip:ff1@metro.example, password: ff1-secret}
          - {id: sip:ff2@metro.example, password: ff2-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example, sip:ff2@metro.example]}
          - {id: sip:tmpl@metro.example, preconfigured-regroup-only: true, members: [sip:ff1@metro.example, sip:ff2@metro.example]}
        """.formatted(sip, http, store));
    McSystemConfig config = ProvisioningLoader.load(file);
    ServerSettings quick = new ServerSettings(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(1), 2);
    MusterServer server = Servers.durable(config, quick);
    AdminHttp admin = AdminHttp.start(server, config.system().http().orElseThrow());
    McClient disp = client("disp1", sip);
    McClient ff1 = client("ff1", sip);
    McClient ff2 = client("ff2", sip);
    try {
      assertThat(disp.register(List.of(McService.MCPTT), 600).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
      // two radios register for 3 s and never refresh
      for (McClient ff : List.of(ff1, ff2)) {
        assertThat(ff.register(List.of(McService.MCPTT), 3).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(ff.affiliate(McService.MCPTT, List.of(McServiceGroupId.of("sip:fire@metro.example"))).get(20, TimeUnit.SECONDS).status())
            .isEqualTo(200);
      }
      assertThat(get(http, "/metrics")).contains("muster_registered_clients 3").contains("muster_affiliations 2");
      ff2.close(); // switched off before the regroup: it never answers
      assertThat(disp.regroup(McService.MCPTT, McServiceGroupId.of("sip:rg-exp@metro.example"), McServiceGroupId.of("sip:tmpl@metro.example"),
          new RegroupTargets.Groups(List.of(McServiceGroupId.of("sip:fire@metro.example")))).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(ff1.awaitNotification(n -> !n.cancel(), Duration.ofSeconds(10))).isPresent();
      ff1.close(); // switched off after it: no log-off either

      // dropped once the 3 s ran out: from the counts, and from the regroup (LEFT, not UNREACHABLE)
      Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .until(() -> get(http, "/metrics").contains("muster_registered_clients 1"));
      assertThat(get(http, "/metrics")).contains("muster_affiliations 0").contains("muster_active_regroups 1");
      assertThat(get(http, "/api/console")).contains("\"registeredClients\" : 1").contains("\"affiliations\" : 0");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lastStates(http).equals(List.of("LEFT", "LEFT")));
      // an attempt still in flight at the expiry times out within 300 ms: it leaves the member LEFT
      Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
          .until(() -> lastStates(http).equals(List.of("LEFT", "LEFT")));
      JsonNode view = JSON.readTree(get(http, "/api/regroups?group=sip:rg-exp@metro.example"));
      assertThat(view.path("participants").asInt()).isZero();
      for (JsonNode m : view.path("members")) {
        JsonNode history = m.path("history");
        assertThat(history.get(history.size() - 1).path("detail").asText()).isEqualTo("registration expired");
        assertThat(m.path("affiliated").asBoolean()).isFalse();
      }
    } finally {
      disp.close();
      ff1.close();
      ff2.close();
      admin.close();
      server.close();
    }
    // and from the store: a restart would not bring them back
    try (StoreMaintenance m = StoreMaintenance.open(store.toString())) {
      JsonNode stored = JSON.valueToTree(m.export(5));
      assertThat(stored.path("registrations").size()).isEqualTo(1);
      assertThat(stored.path("registrations").get(0).path("user").asText()).isEqualTo("sip:disp1@metro.example");
      assertThat(stored.path("affiliations").size()).isZero();
      assertThat(stored.path("regroups").get(0).path("participants").size()).isZero();
    }
  }

  @Test
  void aRunningClientRefreshesItsRegistrationAndLogsOffWhenItQuits() throws Exception {
    int sip = FreePorts.udpAndTcp();
    int http = FreePorts.udpAndTcp();
    Path file = Files.writeString(dir.resolve("metro.yaml"), """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, http: 127.0.0.1:%d}
        users:
          - {id: sip:ff1@metro.example, password: ff1-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example]}
        """.formatted(sip, http));
    McSystemConfig config = ProvisioningLoader.load(file);
    MusterServer server = Servers.inMemory(config);
    AdminHttp admin = AdminHttp.start(server, config.system().http().orElseThrow());
    try {
      MusterCli.Background client = MusterCli.start("client", "--config", file.toString(), "--user", "sip:ff1@metro.example",
          "--expires", "2", "--affiliate", "sip:fire@metro.example");
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.out().contains("affiliation"));
      // registered for 2 s at a time, refreshed every second: still there after more than two lifetimes
      Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
          .until(() -> get(http, "/metrics").contains("muster_registered_clients 1"));
      client.in("quit"); // logs off before it returns
      assertThat(client.exit(Duration.ofSeconds(20))).isZero();
      assertThat(get(http, "/metrics")).contains("muster_registered_clients 0");

      Run bad = MusterCli.run("client", "--config", file.toString(), "--user", "sip:ff1@metro.example", "--expires", "0");
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("--expires");
    } finally {
      admin.close();
      server.close();
    }
  }

  /** The last state of each member of rg-exp, in the view's order. */
  private static List<String> lastStates(int http) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode m : JSON.readTree(get(http, "/api/regroups?group=sip:rg-exp@metro.example")).path("members")) {
      out.add(m.path("state").asText());
    }
    return out;
  }

  private static McClient client(String name, int port) {
    return McClient.start(ClientOptions.loopback(McServiceId.of("sip:" + name + "@metro.example"), "metro.example", port)
        .withPassword(name + "-secret"));
  }

  private static String get(int port, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
