package org.muster.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.store.StoreSystem.get;
import static org.muster.app.store.StoreSystem.group;
import static org.muster.app.store.StoreSystem.registered;
import static org.muster.app.store.StoreSystem.warning;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.Servers;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.MusterCli;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;
import org.muster.sip.stack.SipResponse;

/**
 * Issue 13: {@code muster gms} as its own process (a real one) beside a server, on the PostgreSQL store they
 * share: a group an operator adds through it is regrouped by the server, and a group it marks as
 * regrouped by another mechanism is refused 148 by the server, each within a second or two.
 */
class GmsProcessIT {
  static final String TOKEN = "it-admin-token-0123456789";
  @TempDir Path dir;

  @Test
  void theGmsOnItsOwnChangesWhatTheServerDoes() throws Exception {
    List<McClient> clients = new ArrayList<>();
    Process gms = null;
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      int port = FreePorts.udpAndTcp();
      int http = FreePorts.udpAndTcp();
      String url = pg.getJdbcUrl("postgres", "postgres");
      String yaml = StoreSystem.yaml(port, url).replace("system: {id: metro,", "system: {id: metro, admin-token: " + TOKEN + ",");
      Path config = Files.writeString(dir.resolve("metro.yaml"), yaml);
      try (MusterServer server = Servers.durable(StoreSystem.config(port, url))) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        gms = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.muster.app.Main", "gms",
            "--config", config.toString(), "--http", "127.0.0.1:" + http).redirectErrorStream(true).redirectOutput(dir.resolve("gms.log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("gms.log")).contains("listening on http://127.0.0.1:" + http));
        McClient disp = registered(clients, "disp1", port);
        HttpClient web = HttpClient.newHttpClient();

        String doc = "<group xmlns=\"urn:muster:ns:groupDocument:1.0\" uri=\"sip:hazmat@metro.example\">"
            + "<members><entry uri=\"sip:pol1@metro.example\"/></members></group>";
        HttpResponse<String> created = web.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/gms/groups/sip:hazmat@metro.example"))
            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/vnd.muster.group+xml")
            .PUT(HttpRequest.BodyPublishers.ofString(doc)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.config().group(group("hazmat")).isPresent());
        RegroupTargets hazmat = new RegroupTargets.Groups(List.of(group("hazmat")));
        assertThat(get(disp.regroup(McService.MCPTT, group("rg-h1"), group("tmpl"), hazmat)).status()).isEqualTo(200);
        // the GMS sees the server's group dynamic data: which group is regrouped, by which regroup group
        HttpResponse<String> dynamic = web.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/gms/dynamic-data"))
            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dynamic.body()).contains("\"group\" : \"sip:hazmat@metro.example\"", "\"regroupGroup\" : \"sip:rg-h1@metro.example\"");
        assertThat(get(disp.cancel(McService.MCPTT, group("rg-h1"))).status()).isEqualTo(200);

        HttpResponse<String> marked = web.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
            + "/api/gms/regrouped?group=sip:police@metro.example")).header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(marked.statusCode()).isEqualTo(200);
        RegroupTargets police = new RegroupTargets.Groups(List.of(group("police")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
          SipResponse r = get(disp.regroup(McService.MCPTT, group("rg-p1"), group("tmpl"), police));
          if (r.status() == 200) get(disp.cancel(McService.MCPTT, group("rg-p1"))); // not seen yet: undo and try again
          return r.status() == 403 && warning(r).contains("148");
        });
      } finally {
        StoreSystem.closeAll(clients);
        if (gms != null) gms.destroy();
      }
    }
  }

  @Test
  void onAStoreOfOneProcessTheGmsDoesNotStartAndSaysWhy() {
    MusterCli.Run run = MusterCli.run("gms", "--config", writeConfig(dir.resolve("store").toString()).toString(), "--http", "127.0.0.1:0");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("system.store must be a database server's JDBC URL").doesNotContain("\tat ");
  }

  private Path writeConfig(String store) {
    try {
      return Files.writeString(dir.resolve("one.yaml"), StoreSystem.yaml(FreePorts.udpAndTcp(), store));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
