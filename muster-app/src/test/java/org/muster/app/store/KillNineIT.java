package org.muster.app.store;

import org.muster.app.testing.FreePorts;
import org.muster.app.testing.MusterCli;
import org.muster.app.testing.ServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.store.StoreSystem.affiliated;
import static org.muster.app.store.StoreSystem.get;
import static org.muster.app.store.StoreSystem.group;
import static org.muster.app.store.StoreSystem.registered;
import static org.muster.app.store.StoreSystem.user;
import static org.muster.app.store.StoreSystem.warning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipResponse;

/**
 * kill -9 of a real {@code muster server} process in the middle of a burst of creates, then a
 * restart on the same store folder: every regroup answered 200 is in force, the cancelled one
 * stays cancelled, and registrations and affiliations are back.
 */
class KillNineIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path dir;
  private final List<McClient> clients = new ArrayList<>();
  private final List<ServerProcess> servers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    StoreSystem.closeAll(clients);
    for (ServerProcess s : servers) s.close();
  }

  private ServerProcess server(Path config, int port) throws Exception {
    ServerProcess s = new ServerProcess("metro", port, config).start();
    servers.add(s);
    return s;
  }

  @Test
  void aSecondServerOnTheSameStoreSaysAnotherServerIsUsingIt() throws Exception {
    int port = FreePorts.udpAndTcp();
    Path config = Files.writeString(dir.resolve("metro.yaml"), StoreSystem.yaml(port, dir.resolve("store").toString()));
    server(config, port);
    MusterCli.Run second = MusterCli.run("server", "--config", config.toString());
    assertThat(second.exit()).isEqualTo(4);
    assertThat(second.err()).contains("is in use by another server").contains("give this one a system.store of its own")
        .doesNotContain("file is locked").doesNotContain("\tat ");
  }

  @Test
  void everyAnsweredRegroupIsInForceAfterKillNine() throws Exception {
    int port = FreePorts.udpAndTcp();
    Path config = Files.writeString(dir.resolve("metro.yaml"), StoreSystem.yaml(port, dir.resolve("store").toString()));
    ServerProcess first = server(config, port);
    McClient disp = registered(clients, "disp1", port);
    McClient ff1 = affiliated(clients, "ff1", port, "fire");
    McClient pol1 = affiliated(clients, "pol1", port, "police");
    RegroupTargets fire = new RegroupTargets.Groups(List.of(group("fire")));
    RegroupTargets police = new RegroupTargets.Groups(List.of(group("police")));
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-a"), group("tmpl"), fire)).status()).isEqualTo(200);
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-b"), group("tmpl"), police)).status()).isEqualTo(200);
    assertThat(get(disp.cancel(McService.MCPTT, group("rg-b"))).status()).isEqualTo(200);
    assertThat(ff1.awaitNotification(n -> !n.cancel(), WAIT)).isPresent();
    assertThat(pol1.awaitNotification(n -> n.cancel(), WAIT)).isPresent();
    // regroup events on standard error are JSON lines and nothing else, dated
    List<String> events = first.output().lines().filter(l -> l.contains("\"kind\":")).toList();
    assertThat(events).isNotEmpty().allSatisfy(l -> {
      assertThat(l).startsWith("{\"at\":\"20").endsWith("}");
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(l).get("kind").asText()).isNotBlank();
    });

    // a burst of user regroups in flight; kill -9 once a few are answered
    Map<String, CompletableFuture<SipResponse>> burst = new LinkedHashMap<>();
    RegroupTargets ff1Only = new RegroupTargets.Users(List.of(user("ff1")));
    for (int i = 0; i < 40; i++) burst.put("rg-u" + i, disp.regroup(McService.MCPTT, group("rg-u" + i), group("tmpl"), ff1Only));
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(1))
        .until(() -> burst.values().stream().filter(f -> f.isDone() && !f.isCompletedExceptionally() && f.join().status() == 200).count() >= 3);
    first.kill();
    List<String> answered = new ArrayList<>();
    burst.forEach((rg, f) -> {
      if (f.isDone() && !f.isCompletedExceptionally() && f.join().status() == 200) answered.add(rg);
    });
    assertThat(answered).hasSizeGreaterThanOrEqualTo(3);

    ServerProcess again = server(config, port);
    // the restarted server says what it kept, in one line (a newcomer learns that state survives)
    Awaitility.await().atMost(WAIT).until(() -> again.output().contains("of an earlier run still in effect from the store"));
    assertThat(again.output()).contains("sip:rg-a@metro.example").contains(answered.get(0) + "@metro.example")
        .contains("muster store reset --config " + config).doesNotContain("sip:rg-b@metro.example");
    // every create answered 200 is in force: the same regroup group ID with other targets is refused 165
    RegroupTargets pol1Only = new RegroupTargets.Users(List.of(user("pol1")));
    for (String rg : answered) {
      SipResponse probe = get(disp.regroup(McService.MCPTT, group(rg), group("tmpl"), pol1Only));
      assertThat(probe.status()).as(rg).isEqualTo(403);
      assertThat(warning(probe)).as(rg).contains("165");
    }
    // fire is still regrouped (148): the registered requester needed no new REGISTER
    SipResponse clash = get(disp.regroup(McService.MCPTT, group("rg-x"), group("tmpl"), fire));
    assertThat(clash.status()).isEqualTo(403);
    assertThat(warning(clash)).contains("148");
    // the cancelled regroup did not come back; pol1's affiliation to police did
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-y"), group("tmpl"), police)).status()).isEqualTo(200);
    assertThat(pol1.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(group("rg-y")), WAIT)).isPresent();
    // the participant of rg-a is back: the cancel reaches it
    assertThat(get(disp.cancel(McService.MCPTT, group("rg-a"))).status()).isEqualTo(200);
    assertThat(ff1.awaitNotification(n -> n.cancel() && n.regroupGroup().equals(group("rg-a")), WAIT)).isPresent();
  }
  @Test
  void aGroupTheGmsMarkedRegroupedStaysMarkedAfterKillNineUntilTheMarkIsRemoved() throws Exception {
    int port = FreePorts.udpAndTcp();
    int http = FreePorts.udpAndTcp();
    String token = "it-admin-token-0123456789";
    String yaml = StoreSystem.yaml(port, dir.resolve("store").toString())
        .replace("system: {id: metro,", "system: {id: metro, http: 127.0.0.1:" + http + ", admin-token: " + token + ",");
    Path config = Files.writeString(dir.resolve("metro.yaml"), yaml);
    ServerProcess first = server(config, port);
    java.net.http.HttpClient web = java.net.http.HttpClient.newHttpClient();
    java.net.URI marks = java.net.URI.create("http://127.0.0.1:" + http + "/api/gms/regrouped?group=sip:police@metro.example");
    java.net.http.HttpResponse<String> marked = web.send(java.net.http.HttpRequest.newBuilder(marks).header("Authorization", "Bearer " + token)
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(marked.statusCode()).isEqualTo(200);
    first.kill();

    server(config, port);
    McClient disp = registered(clients, "disp1", port);
    RegroupTargets police = new RegroupTargets.Groups(List.of(group("police")));
    SipResponse refused = get(disp.regroup(McService.MCPTT, group("rg-m1"), group("tmpl"), police));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(warning(refused)).contains("148");
    java.net.http.HttpResponse<String> removed = web.send(java.net.http.HttpRequest.newBuilder(marks).header("Authorization", "Bearer " + token)
        .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(removed.body()).contains("\"changed\" : true");
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-m2"), group("tmpl"), police)).status()).isEqualTo(200);
  }
}
