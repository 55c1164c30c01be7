package org.muster.app.admin;

import org.muster.gms.GroupSharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.muster.core.config.Authentication;
import org.muster.core.config.HostPort;
import org.muster.core.config.SystemSettings;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.server.McServiceServer;
import org.muster.sip.server.MusterServer;

/**
 * The admin HTTP API and dispatcher's console ({@code system.http}), on the JDK's HTTP server:
 * <ul>
 *   <li>{@code GET /api/status} the system's id, domain and authentication mode, with a {@code
 *       warning} in lab mode ({@code authentication: none})
 *   <li>{@code GET /api/regroups} active and recently cancelled regroups with per-member outcome;
 *       {@code ?group=URI} one of them (404 if unknown)
 *   <li>{@code GET /api/history} the regroup history from the store, paged and filtered ({@link HistoryRoute})
 *   <li>{@code GET/POST/DELETE /api/gms/regrouped?group=URI} groups regrouped by another
 *       mechanism (10.xx.3.1), kept by the group management server in the store
 *   <li>{@code GET|PUT|DELETE /gms/groups[/URI]} the group management server's group documents ({@link GmsRoutes})
 *   <li>{@code GET /gms/dynamic-data} which groups are regrouped, by which regroup group ({@link DynamicDataRoute})
 *   <li>{@code GET /gms/users/URI/groups} a user's own group configurations, HTTP Digest as that user ({@link ClientGroupsRoute})
 *   <li>{@code GET /metrics} Prometheus text ({@link Metrics})
 *   <li>{@code GET /} the dispatcher's console, live over Server-Sent Events, and its actions ({@link ConsoleRoutes})
 *   <li>{@code POST /api/preview} what a create would do, changing nothing ({@link PreviewRoute})
 *   <li>{@code GET /health} alive, {@code GET /ready} able to serve (core and store answer), open
 *       to probes without the token (which see verdicts, not reasons)
 * </ul>
 * A read-only route answers another method 405 with {@code Allow}.
 * Every route passes {@link AdminAccess} first: with a token, {@code Authorization: Bearer
 * TOKEN} or {@code 401}; without one (loopback only), reading is open and changes get {@code 403}.
 * The token is never logged nor echoed.
 */
public final class AdminHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** How long a probe or a scrape waits for the core or the store. */
  private static final Duration PROBE_WAIT = Duration.ofSeconds(2);
  /** A readiness verdict is reused this long, so probing cannot load the store. */
  private static final Duration READY_REUSE = Duration.ofSeconds(1);
  private final HttpServer http;
  private final MusterServer server;
  private final AdminAccess access;
  private final Metrics metrics;
  private final Object readyLock = new Object();
  private Readiness lastReady;
  private ConsoleFeed console;

  private AdminHttp(HttpServer http, MusterServer server, AdminAccess access) {
    this.http = http;
    this.server = server;
    this.access = access;
    this.metrics = Metrics.of(server);
  }

  /**
   * Listens on {@code address} with the server's admin token ({@code
   * system.security().adminToken()}, which the provisioning loader fills from {@value
   * AdminAccess#TOKEN_VARIABLE} when the file has none).
   *
   * @throws IllegalArgumentException for a non-loopback address without a token (nothing listens)
   */
  public static AdminHttp start(MusterServer server, HostPort address) throws IOException {
    AdminAccess access = AdminAccess.of(address, server.config().system().security().adminToken());
    HttpServer http = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 64);
    AdminHttp admin = new AdminHttp(http, server, access);
    http.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "muster-admin-http");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/health", reading("/health", open(admin::health)));
    http.createContext("/ready", reading("/ready", open(admin::ready)));
    http.createContext("/api/status", reading("/api/status", admin.safe(admin::status)));
    http.createContext("/api/regroups", reading("/api/regroups", admin.safe(admin::regroups)));
    http.createContext(HistoryRoute.PATH, reading(HistoryRoute.PATH, admin.safe(ex -> HistoryRoute.handle(server, ex))));
    if (server.gms() instanceof GroupSharing sharing) {
      GmsHttp.routes(http, access, server.config(), sharing.server(), sharing.groups(), () -> {
        try {
          return server.query(core -> core.activeRegroups().stream().filter(r -> !r.forming()).map(RegroupRecord::withoutMembersOf).toList())
              .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("the server did not answer: " + e.getMessage(), e);
        }
      });
    } else {
      http.createContext(MarksRoute.PATH, admin.safe(ex -> send(ex, 404, "application/json",
          json(Map.of("error", "no group management server in this process")))));
    }
    http.createContext("/metrics", reading("/metrics", admin.safe(admin::metrics)));
    http.createContext(PreviewRoute.PATH, PreviewRoute.handler(access, server));
    http.createContext(ReleaseRoute.PATH, admin.safe(new ReleaseRoute(server)::handle));
    admin.console = ConsoleRoutes.install(http, access, server);
    http.start();
    return admin;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  interface Route {
    void handle(HttpExchange ex) throws Exception;
  }

  /**
   * A read-only route at exactly {@code path}: another path under it is 404, a method other than
   * GET or HEAD is 405 with {@code Allow} (before any token is asked for: no method is allowed
   * there to anyone).
   */
  static com.sun.net.httpserver.HttpHandler reading(String path, com.sun.net.httpserver.HttpHandler route) {
    return ex -> {
      try {
        if (!ex.getRequestURI().getPath().equals(path)) {
          send(ex, 404, "application/json", json(Map.of("error", "not found: " + ex.getRequestURI().getPath())));
        } else if (!AdminAccess.isReadOnly(ex.getRequestMethod())) {
          ex.getResponseHeaders().set("Allow", "GET, HEAD");
          send(ex, 405, "application/json", json(Map.of("error", ex.getRequestMethod() + " is not allowed on " + path + ": use GET")));
        } else {
          route.handle(ex);
          return;
        }
      } catch (IOException e) {
        // the client went away
      }
      ex.close();
    };
  }

  private com.sun.net.httpserver.HttpHandler safe(Route r) {
    return safe(access, r);
  }

  /** {@code r} behind the admin token ({@code access}); a fault is a 500 with a JSON error, never a dropped exchange. */
  static com.sun.net.httpserver.HttpHandler safe(AdminAccess access, Route r) {
    return ex -> {
      try {
        if (allowed(access, ex)) r.handle(ex);
      } catch (Exception e) {
        send(ex, 500, "application/json", json(Map.of("error", String.valueOf(e.getMessage()))));
      } finally {
        ex.close();
      }
    };
  }

  /** A route that authenticates on its own (not with the admin token). */
  static com.sun.net.httpserver.HttpHandler open(Route r) {
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

  /** Answers the request itself (401 or 403, with a JSON error) unless {@link #access} lets it through. */
  private static boolean allowed(AdminAccess access, HttpExchange ex) throws IOException {
    return allowed(access, ex, ex.getRequestMethod());
  }

  /** As {@link #allowed(AdminAccess, HttpExchange)} for a request that only reads, whatever its method (a preview). */
  static boolean allowedToRead(AdminAccess access, HttpExchange ex) throws IOException {
    return allowed(access, ex, "GET");
  }

  private static boolean allowed(AdminAccess access, HttpExchange ex, String method) throws IOException {
    switch (access.check(method, ex.getRequestHeaders().getFirst("Authorization"))) {
      case ALLOWED -> {
        return true;
      }
      case NO_TOKEN -> {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + AdminAccess.REALM + "\"");
        send(ex, 401, "application/json", json(Map.of("error", "this admin API needs Authorization: Bearer TOKEN (the admin token)")));
      }
      case WRONG_TOKEN -> {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + AdminAccess.REALM + "\", error=\"invalid_token\"");
        send(ex, 401, "application/json", json(Map.of("error", "wrong admin token (Authorization: Bearer TOKEN)")));
      }
      case READ_ONLY -> send(ex, 403, "application/json", json(Map.of("error", "no admin token is configured, so this admin API is"
          + " read-only: " + ex.getRequestMethod() + " needs one; set system.admin-token or the environment variable "
          + AdminAccess.TOKEN_VARIABLE + " and restart")));
    }
    return false;
  }

  private void status(HttpExchange ex) throws Exception {
    send(ex, 200, "application/json", json(statusView(server.config().system(), access.hasToken())));
  }

  /** {@code GET /api/status}: which system, and whether it authenticates (a {@code warning} when it does not). */
  static Map<String, Object> statusView(SystemSettings system, boolean adminToken) {
    Authentication mode = system.security().authentication();
    Map<String, Object> m = map("system", system.id(), "domain", system.domain(), "authentication", mode.word());
    mode.warning().ifPresent(w -> m.put("warning", w));
    m.put("adminToken", adminToken);
    return m;
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

  private void metrics(HttpExchange ex) throws Exception {
    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(PROBE_WAIT).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code GET /health}: alive when the core answers within {@link #PROBE_WAIT} (200), else 503. */
  private void health(HttpExchange ex) throws Exception {
    Optional<String> problem = coreProblem();
    Map<String, Object> body = map("status", problem.isEmpty() ? "up" : "down");
    if (problem.isPresent() && mayKnowWhy(ex)) body.put("problem", problem.get());
    send(ex, problem.isEmpty() ? 200 : 503, "application/json", json(body));
  }

  /**
   * {@code GET /ready}: ready (200) when the core answers and the store can be read; else 503.
   * Reports the SIP address and when each partner was last heard from (never a reason to be
   * unready: a partner down does not stop service here). Problems and partners are shown to those
   * who may read the admin API; a probe without the token sees the verdicts only.
   */
  private void ready(HttpExchange ex) throws Exception {
    Readiness r = readiness();
    boolean detail = mayKnowWhy(ex);
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("core", r.core().map(p -> detail ? (Object) p : "failing").orElse("ok"));
    checks.put("store", r.store().map(p -> detail ? (Object) p : "failing").orElse("ok"));
    checks.put("sip", "ok");
    Map<String, Object> body = map("status", r.ready() ? "ready" : "not ready", "checks", checks);
    if (detail) {
      body.put("sip", server.sipHost() + ":" + server.sipPort() + " (UDP, TCP)");
      Map<String, Instant> contacts = server.partnerContacts();
      Map<String, Object> partners = new LinkedHashMap<>();
      server.config().partners().forEach(p -> partners.put(p.id(),
          map("domain", p.domain(), "lastContact", Optional.ofNullable(contacts.get(p.id())).map(Instant::toString).orElse(null))));
      body.put("partners", partners);
    }
    send(ex, r.ready() ? 200 : 503, "application/json", json(body));
  }

  private record Readiness(Instant at, Optional<String> core, Optional<String> store) {
    boolean ready() {
      return core.isEmpty() && store.isEmpty();
    }
  }

  private Readiness readiness() {
    synchronized (readyLock) {
      Instant now = Instant.now();
      if (lastReady == null || lastReady.at().plus(READY_REUSE).isBefore(now)) {
        Optional<String> core = coreProblem();
        lastReady = new Readiness(now, core, core.isPresent() ? Optional.of("not checked: the core does not answer") : server.storeProblem(PROBE_WAIT));
      }
      return lastReady;
    }
  }

  private Optional<String> coreProblem() {
    try {
      server.query(core -> Boolean.TRUE).get(PROBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (java.util.concurrent.TimeoutException e) {
      return Optional.of("the core did not answer within " + PROBE_WAIT.toMillis() + " ms");
    } catch (Exception e) {
      return Optional.of("the core did not answer: " + e.getMessage());
    }
  }

  /** Whether the caller may read the admin API, so may see why a probe fails. */
  private boolean mayKnowWhy(HttpExchange ex) {
    return access.check("GET", ex.getRequestHeaders().getFirst("Authorization")) == AdminAccess.Verdict.ALLOWED;
  }

  private <T> T ask(java.util.function.Function<McServiceServer, T> f) throws Exception {
    return server.query(f).get(5, TimeUnit.SECONDS);
  }

  static Optional<String> param(HttpExchange ex, String name) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) return Optional.empty();
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0 && kv.substring(0, eq).equals(name)) return Optional.of(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  static byte[] json(Object o) throws IOException {
    return JSON.writeValueAsBytes(o);
  }

  static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    if (ex.getRequestMethod().equals("HEAD")) { // the GET's headers, no body (RFC 9110 9.3.2)
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  @Override
  public void close() {
    if (console != null) console.close();
    http.stop(0);
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
