package org.muster.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.store.StoreSystem.affiliated;
import static org.muster.app.store.StoreSystem.get;
import static org.muster.app.store.StoreSystem.group;
import static org.muster.app.store.StoreSystem.registered;
import static org.muster.app.store.StoreSystem.warning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.Servers;
import org.muster.app.admin.AdminHttp;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.app.testing.FreePorts;
import org.muster.core.config.HostPort;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;
import org.muster.sip.stack.SipResponse;

/**
 * Issue 13, item 1: the GMS's group documents over HTTP on a running server (real SIP, the
 * embedded H2 file store): seeded from the provisioning file, created, read, conditionally
 * replaced and deleted, with the server regrouping the new group at once and forgetting the
 * deleted one, without a restart; bad documents refused with the field named; a restart keeps
 * what the operator wrote.
 */
class GmsDocumentsIT {
  static final String TOKEN = "it-admin-token-0123456789";
  static final String TYPE = "application/vnd.muster.group+xml";
  @TempDir Path dir;
  private final List<McClient> clients = new ArrayList<>();
  private final HttpClient web = HttpClient.newHttpClient();
  private MusterServer server;
  private AdminHttp admin;
  private int http;

  @AfterEach
  void stop() throws Exception {
    StoreSystem.closeAll(clients);
    if (admin != null) admin.close();
    if (server != null) server.close();
  }

  private int start() throws Exception {
    int port = FreePorts.udpAndTcp();
    http = http == 0 ? FreePorts.udpAndTcp() : http;
    String yaml = StoreSystem.yaml(port, dir.resolve("store").toString())
        .replace("system: {id: metro,", "system: {id: metro, http: 127.0.0.1:" + http + ", admin-token: " + TOKEN + ",");
    server = Servers.durable(ProvisioningLoader.parse(yaml, "metro.yaml"));
    admin = AdminHttp.start(server, new HostPort("127.0.0.1", http));
    return port;
  }

  private HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path));
    boolean authorization = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      authorization |= headers[i].equals("Authorization");
    }
    if (!authorization) b.header("Authorization", "Bearer " + TOKEN);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return web.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String ems(String... members) {
    StringBuilder entries = new StringBuilder();
    for (String m : members) entries.append("<entry uri=\"sip:").append(m).append("@metro.example\"/>");
    return "<group xmlns=\"urn:muster:ns:groupDocument:1.0\" uri=\"sip:ems@metro.example\"><service>mcptt</service>"
        + "<members>" + entries + "</members></group>";
  }

  @Test
  void anOperatorCreatesChangesAndDeletesAGroupAndTheRunningServerFollows() throws Exception {
    int port = start();
    McClient disp = registered(clients, "disp1", port);
    RegroupTargets ems = new RegroupTargets.Groups(List.of(group("ems")));
    String emsPath = "/gms/groups/sip:ems@metro.example";

    // seeded from the provisioning file
    assertThat(call("GET", "/gms/groups", null).body()).contains("sip:police@metro.example", "sip:tmpl@metro.example");
    HttpResponse<String> police = call("GET", "/gms/groups/sip%3Apolice%40metro.example", null);
    assertThat(police.statusCode()).isEqualTo(200);
    assertThat(police.headers().firstValue("ETag")).isPresent();
    assertThat(police.body()).contains("sip:pol1@metro.example");
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-1"), group("tmpl"), ems)).status()).as("no such group yet").isEqualTo(404);

    // created: the running server regroups it at once
    HttpResponse<String> created = call("PUT", emsPath, ems("pol1"), "Content-Type", TYPE, "If-None-Match", "*");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String etag = created.headers().firstValue("ETag").orElseThrow();
    assertThat(call("PUT", emsPath, ems("pol1"), "Content-Type", TYPE, "If-None-Match", "*").statusCode()).isEqualTo(412);
    McClient pol1 = affiliated(clients, "pol1", port, "ems");
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-1"), group("tmpl"), ems)).status()).isEqualTo(200);
    assertThat(pol1.awaitNotification(n -> !n.cancel(), java.time.Duration.ofSeconds(20))).isPresent();
    assertThat(call("GET", "/gms/dynamic-data", null).body()).contains("\"regroupGroup\" : \"sip:rg-1@metro.example\"");
    // pol1 removed from the regrouped group: de-affiliated from it, it leaves the regroup
    HttpResponse<String> narrowed = call("PUT", emsPath, ems("ff1"), "Content-Type", TYPE, "If-Match", etag);
    assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
    etag = narrowed.headers().firstValue("ETag").orElseThrow();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> server.query(core -> core.activeRegroup(group("rg-1"))
        .orElseThrow().participants().stream().noneMatch(c -> c.user().equals(StoreSystem.user("pol1")))).get());
    assertThat(get(disp.cancel(McService.MCPTT, group("rg-1"))).status()).isEqualTo(200);

    // conditional replace, and what does not fit is refused naming why
    assertThat(call("PUT", emsPath, ems("pol1", "ff1"), "Content-Type", TYPE, "If-Match", "\"stale\"").statusCode()).isEqualTo(412);
    HttpResponse<String> replaced = call("PUT", emsPath, ems("pol1", "ff1"), "Content-Type", TYPE, "If-Match", etag);
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    HttpResponse<String> unknown = call("PUT", emsPath, ems("nobody"), "Content-Type", TYPE);
    assertThat(unknown.statusCode()).isEqualTo(409);
    assertThat(unknown.body()).contains("sip:nobody@metro.example");
    HttpResponse<String> malformed = call("PUT", emsPath, "<group xmlns=\"urn:muster:ns:groupDocument:1.0\"/>", "Content-Type", TYPE);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("uri");
    assertThat(call("PUT", emsPath, ems("pol1"), "Content-Type", "application/json").statusCode()).isEqualTo(415);
    assertThat(call("PUT", emsPath, ems("pol1"), "Content-Type", TYPE, "Authorization", "Bearer wrong-token-0123456789").statusCode())
        .isEqualTo(401);

    // a restart keeps what the operator wrote
    server.close();
    admin.close();
    port = start();
    disp = registered(clients, "disp1", port);
    assertThat(call("GET", emsPath, null).body()).contains("sip:ff1@metro.example");

    // deleted: the server no longer knows the group
    assertThat(call("DELETE", emsPath, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", emsPath, null).statusCode()).isEqualTo(404);
    SipResponse gone = get(disp.regroup(McService.MCPTT, group("rg-2"), group("tmpl"), ems));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(warning(gone)).contains("163");
  }
}
