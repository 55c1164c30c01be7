package org.muster.app.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.muster.core.config.HostPort;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.server.McServiceServer;
import org.muster.sip.server.MusterServer;

/**
 * The admin HTTP API and live view ({@code system.http}), on the JDK's HTTP server:
 * <ul>
 *   <li>{@code GET /api/regroups} active and recently cancelled regroups with per-member outcome;
 *       {@code ?group=URI} one of them (404 if unknown)
 *   <li>{@code GET/POST/DELETE /api/gms/regrouped?group=URI} groups regrouped by another
 *       mechanism, as the group management server reports them (10.xx.3.1)
 *   <li>{@code GET /metrics} Prometheus text; {@code GET /} the live view
 * </ul>
 */
public final class AdminHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final HttpServer http;
  private final MusterServer server;

  private AdminHttp(HttpServer http, MusterServer server) {
    this.http = http;
    this.server = server;
  }

  public static AdminHttp start(MusterServer server, HostPort address) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 64);
    AdminHttp admin = new AdminHttp(http, server);
    http.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "muster-admin-http");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/api/regroups", admin.safe(admin::regroups));
    http.createContext("/api/gms/regrouped", admin.safe(admin::gms));
    http.createContext("/metrics", admin.safe(admin::metrics));
    http.createContext("/", admin.safe(admin::liveView));
    http.start();
    return admin;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private interface Route {
    void handle(HttpExchange ex) throws Exception;
  }

  private com.sun.net.httpserver.HttpHandler safe(Route r) {
    return ex -> {
      try {
        r.handle(ex);
      } catch (Exception e) {
        send(ex, 500, "application/json", json(Map.of("error", String.valueOf(e.getMessage()))));
      } finally {
        ex.close();
      }
    };
  }

  private void regroups(HttpExchange ex) throws Exception {
    Optional<String> group = param(ex, "group");
    if (group.isPresent()) {
      if (!SipUri.isValid(group.get())) {
        send(ex, 400, "application/json", json(Map.of("error", "group is not a SIP URI: " + group.get())));
        return;
      }
      McServiceGroupId id = new McServiceGroupId(group.get());
      Optional<Map<String, Object>> view = ask(core -> core.regroup(id)
          .map(r -> RegroupViews.of(r, core.activeRegroups().contains(r))));
      if (view.isEmpty()) send(ex, 404, "application/json", json(Map.of("error", "no such regroup: " + group.get())));
      else send(ex, 200, "application/json", json(view.get()));
      return;
    }
    send(ex, 200, "application/json", json(ask(AdminHttp::allViews)));
  }

  static List<Map<String, Object>> allViews(McServiceServer core) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ActiveRegroup r : core.activeRegroups()) out.add(RegroupViews.of(r, true));
    for (ActiveRegroup r : core.recentlyCancelled()) out.add(RegroupViews.of(r, false));
    return out;
  }

  private void gms(HttpExchange ex) throws Exception {
    String method = ex.getRequestMethod();
    if (method.equals("GET")) {
      send(ex, 200, "application/json", json(ask(core -> core.regroupedByGms().stream().map(McServiceGroupId::uri).sorted().toList())));
      return;
    }
    Optional<String> group = param(ex, "group");
    if (group.isEmpty() || !SipUri.isValid(group.get())) {
      send(ex, 400, "application/json", json(Map.of("error", "query parameter group must be a SIP URI")));
      return;
    }
    McServiceGroupId id = new McServiceGroupId(group.get());
    switch (method) {
      case "POST", "PUT" -> {
        boolean changed = ask(core -> core.markRegroupedByGms(id));
        send(ex, 200, "application/json", json(Map.of("group", id.uri(), "regroupedByGms", true, "changed", changed)));
      }
      case "DELETE" -> {
        boolean changed = ask(core -> core.unmarkRegroupedByGms(id));
        send(ex, 200, "application/json", json(Map.of("group", id.uri(), "regroupedByGms", false, "changed", changed)));
      }
      default -> send(ex, 405, "application/json", json(Map.of("error", "use GET, POST or DELETE")));
    }
  }

  private void metrics(HttpExchange ex) throws Exception {
    McServiceServer.Stats s = ask(McServiceServer::stats);
    String text = "# TYPE muster_registered_clients gauge\nmuster_registered_clients " + s.registeredClients() + "\n"
        + "# TYPE muster_affiliations gauge\nmuster_affiliations " + s.affiliations() + "\n"
        + "# TYPE muster_active_regroups gauge\nmuster_active_regroups " + s.activeRegroups() + "\n"
        + "# HELP muster_partner_cancels_owed cancels sent to partner systems and not confirmed yet (resent until they are)\n"
        + "# TYPE muster_partner_cancels_owed gauge\nmuster_partner_cancels_owed " + server.partnerCancelsOwed().get(5, TimeUnit.SECONDS) + "\n";
    send(ex, 200, "text/plain; version=0.0.4", text.getBytes(StandardCharsets.UTF_8));
  }

  private void liveView(HttpExchange ex) throws Exception {
    if (!ex.getRequestURI().getPath().equals("/")) {
      send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    List<Map<String, Object>> views = ask(AdminHttp::allViews);
    McServiceServer.Stats s = ask(McServiceServer::stats);
    send(ex, 200, "text/html; charset=utf-8", LiveView.render(server.config().system().id(), s, views).getBytes(StandardCharsets.UTF_8));
  }

  private <T> T ask(java.util.function.Function<McServiceServer, T> f) throws Exception {
    return server.query(f).get(5, TimeUnit.SECONDS);
  }

  private static Optional<String> param(HttpExchange ex, String name) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) return Optional.empty();
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0 && kv.substring(0, eq).equals(name)) return Optional.of(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  private static byte[] json(Object o) throws IOException {
    return JSON.writeValueAsBytes(o);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
