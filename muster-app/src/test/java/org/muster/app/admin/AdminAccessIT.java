package org.muster.app.admin;

import org.muster.app.Servers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.ServerProcess;
import org.muster.core.config.HostPort;
import org.muster.sip.server.MusterServer;

/**
 * The admin API locked (issue 11, part 4), over real sockets: open for reading and closed for
 * changes on loopback without a token; every route behind {@code Bearer TOKEN} with one; lab mode
 * announced; and {@code muster server} refusing an admin API beyond loopback without a token.
 */
class AdminAccessIT {
  static final String TOKEN = "it-admin-token-0123456789";
  static final String GROUP = "sip:police@metro.example";
  static final List<String> READ_ROUTES = List.of("/api/status", "/api/regroups", "/api/gms/regrouped", "/metrics", "/api/console");

  @TempDir Path dir;
  MusterServer server;
  AdminHttp admin;
  final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (admin != null) admin.close();
    if (server != null) server.close();
  }

  String yaml(int sip, String extra) {
    return """
        system: {id: metro, domain: metro.example, store: '%s', sip: 127.0.0.1:%d%s}
        users:
          - {id: sip:pol1@metro.example, password: pol1-secret}
        groups:
          - {id: sip:police@metro.example, members: [sip:pol1@metro.example]}
        """.formatted(dir.resolve("store"), sip, extra);
  }

  /** A server with its admin API on a free loopback port; {@code env} is the whole environment the loader sees. */
  void start(String extra, Map<String, String> env) throws Exception {
    String text = yaml(FreePorts.udpAndTcp(), extra);
    server = Servers.inMemory(ProvisioningLoader.parseForServer(text, "admin-it.yaml", dir, name -> Optional.ofNullable(env.get(name))));
    admin = AdminHttp.start(server, new HostPort("127.0.0.1", FreePorts.udpAndTcp()));
  }

  HttpResponse<String> http(String method, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) b.header("Authorization", authorization);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutATokenOnLoopbackReadingIsOpenAndChangesAreRefused() throws Exception {
    start("", Map.of());
    for (String path : READ_ROUTES) {
      assertThat(http("GET", path, null).statusCode()).as(path).isEqualTo(200);
      assertThat(http("HEAD", path, null).statusCode()).as("HEAD " + path).isEqualTo(200);
    }
    for (String method : List.of("POST", "PUT", "DELETE")) {
      HttpResponse<String> refused = http(method, "/api/gms/regrouped?group=" + GROUP, null);
      assertThat(refused.statusCode()).as(method).isEqualTo(403);
      assertThat(refused.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(refused.body()).as(method).contains("\"error\"").contains("system.admin-token").contains("MUSTER_ADMIN_TOKEN");
    }
    assertThat(http("POST", "/api/gms/regrouped?group=" + GROUP, "Bearer " + TOKEN).statusCode()).isEqualTo(403);
    assertThat(http("GET", "/api/gms/regrouped", null).body()).doesNotContain(GROUP);
    assertThat(http("GET", "/api/status", null).body()).contains("\"adminToken\" : false");
  }

  @Test
  void withATokenEveryRouteNeedsIt() throws Exception {
    start(", admin-token: " + TOKEN, Map.of());
    for (String path : READ_ROUTES) {
      HttpResponse<String> none = http("GET", path, null);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).contains("Bearer realm=\"muster-admin\"");
      assertThat(none.body()).as(path).contains("\"error\"");
      HttpResponse<String> wrong = http("GET", path, "Bearer " + TOKEN + "-not");
      assertThat(wrong.statusCode()).as(path).isEqualTo(401);
      assertThat(wrong.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm=\"muster-admin\""));
      assertThat(wrong.body()).doesNotContain(TOKEN);
      assertThat(http("GET", path, "Basic " + TOKEN).statusCode()).as(path).isEqualTo(401);
      assertThat(http("GET", path, "Bearer " + TOKEN).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(http("GET", "/api/console/events", null).statusCode()).isEqualTo(401);
    assertThat(http("HEAD", "/api/console/events", null).statusCode()).isEqualTo(401);
    assertThat(http("HEAD", "/api/console/events", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    // the console's page holds no state (it reads /api/console/events with the token): open to the browser
    HttpResponse<String> page = http("GET", "/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Muster console").doesNotContain("metro");
    assertThat(http("POST", "/api/gms/regrouped?group=" + GROUP, null).statusCode()).isEqualTo(401);
    assertThat(http("POST", "/api/gms/regrouped?group=" + GROUP, "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
    assertThat(http("GET", "/api/gms/regrouped", "Bearer " + TOKEN).body()).doesNotContain(GROUP);

    HttpResponse<String> marked = http("POST", "/api/gms/regrouped?group=" + GROUP, "Bearer " + TOKEN);
    assertThat(marked.statusCode()).isEqualTo(200);
    assertThat(marked.body()).contains("\"regroupedByGms\" : true");
    assertThat(http("GET", "/api/gms/regrouped", "Bearer " + TOKEN).body()).contains(GROUP);
    assertThat(http("DELETE", "/api/gms/regrouped?group=" + GROUP, null).statusCode()).isEqualTo(401);
    assertThat(http("DELETE", "/api/gms/regrouped?group=" + GROUP, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(http("GET", "/api/status", "Bearer " + TOKEN).body()).contains("\"adminToken\" : true");
  }

  @Test
  void theEnvironmentVariableIsTheTokenWhenTheFileHasNone() throws Exception {
    start("", Map.of("MUSTER_ADMIN_TOKEN", TOKEN));
    assertThat(http("GET", "/api/regroups", null).statusCode()).isEqualTo(401);
    assertThat(http("POST", "/api/gms/regrouped?group=" + GROUP, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void statusSaysHowTheSystemAuthenticates() throws Exception {
    start("", Map.of());
    String status = http("GET", "/api/status", null).body();
    assertThat(status).contains("\"system\" : \"metro\"").contains("\"domain\" : \"metro.example\"")
        .contains("\"authentication\" : \"digest\"").doesNotContain("warning");
    assertThat(http("GET", "/api/console", null).body()).doesNotContain("warning");
  }

  @Test
  void labModeIsAnnouncedInStatusAndConsole() throws Exception {
    start(", authentication: none", Map.of());
    String status = http("GET", "/api/status", null).body();
    assertThat(status).contains("\"authentication\" : \"none\"")
        .contains("\"warning\" : \"authentication is off (system.authentication: none): anyone can act as any user; lab use only\"");
    assertThat(http("GET", "/api/console", null).body())
        .contains("\"warning\" : \"authentication is off (system.authentication: none)");
  }

  @Test
  void anAdminApiBeyondLoopbackWithoutATokenIsNotStarted() throws Exception {
    start("", Map.of());
    int port = FreePorts.udpAndTcp();
    assertThatThrownBy(() -> AdminHttp.start(server, new HostPort("0.0.0.0", port)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("system.http").hasMessageContaining("system.admin-token");
    try (java.net.ServerSocket free = new java.net.ServerSocket(port)) {
      assertThat(free.getLocalPort()).as("nothing listens on the refused port").isEqualTo(port);
    }
  }

  @Test
  void musterServerRefusesToStartAnAdminApiBeyondLoopbackWithoutAToken() throws Exception {
    Path config = dir.resolve("exposed.yaml");
    Files.writeString(config, yaml(FreePorts.udpAndTcp(), ",\n  http: 0.0.0.0:" + FreePorts.udpAndTcp()));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-DMUSTER_EVENTS_TO=stderr", "-cp", System.getProperty("java.class.path"), "org.muster.app.Main",
        "server", "--config", config.toString());
    pb.environment().remove("MUSTER_ADMIN_TOKEN");
    pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("muster server ended by itself").isTrue();
    } finally {
      p.destroyForcibly();
    }
    String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isEqualTo(2);
    assertThat(err.lines().toList()).singleElement().asString()
        .startsWith(config + ":2: system.http: 0.0.0.0:").contains("system.admin-token").contains("MUSTER_ADMIN_TOKEN");
    assertThat(Files.readString(dir.resolve("out.txt"))).doesNotContain("listening");
  }

  @Test
  void musterServerWarnsOnceAtStartInLabMode() throws Exception {
    int sip = FreePorts.udpAndTcp();
    try (ServerProcess lab = ServerProcess.write(dir, "lab", sip, yaml(sip, ", authentication: none")).start()) {
      assertThat(lab.output().lines().filter(l -> l.contains("WARNING")).toList()).containsExactly(
          "muster: WARNING: authentication is off (system.authentication: none): anyone can act as any user; lab use only");
    }
  }
}
