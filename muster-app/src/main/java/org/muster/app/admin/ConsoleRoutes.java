package org.muster.app.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.muster.core.config.Authentication;
import org.muster.core.config.Authorization;
import org.muster.core.config.UserConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.sip.server.MusterServer;
import org.muster.sip.server.OperatorAnswer;

/**
 * The dispatcher's console (README "Console"):
 * <ul>
 *   <li>{@code GET /} the page, {@code GET /console/console.js|digest.js|console.css} its parts: static,
 *       open to all (they hold no state; everything comes from the routes below)
 *   <li>{@code GET /api/console} the console's state now ({@link ConsoleView}); {@code GET
 *       /api/console/events} the same live, as Server-Sent Events ({@link ConsoleFeed}): both need
 *       what reading the admin API needs ({@link AdminAccess})
 *   <li>{@code GET /api/console/operator}, {@code POST /api/console/regroups} (a create, the
 *       body of {@code POST /api/preview} without {@code requester}), {@code POST
 *       /api/console/cancel} ({@code {"service", "regroupGroup"}}): as the MC user named by {@value
 *       #OPERATOR}, signed in with its SIP credentials (HTTP Digest, as {@code /gms/users/URI/groups},
 *       the challenges in {@value #CHALLENGE});
 *       with {@code authentication: none}, named only, and the admin API's read access is asked
 *       for. A create or cancel goes to the core as the same user's SIP request would ({@link
 *       MusterServer#regroup}), authorized and fanned out the same way, and is answered with the
 *       SIP answer's status and Warning texts.
 * </ul>
 * Against cross-site requests, an action needs the {@value #OPERATOR} header (a page elsewhere
 * cannot send it without a CORS preflight, which is never granted), a JSON body, and, when the
 * browser sends {@code Origin}, this server's own origin.
 */
final class ConsoleRoutes {
  /** The MC service ID the console's operator acts as. */
  static final String OPERATOR = "X-Muster-Operator";
  /** Where an action's 401 carries its digest challenges (as {@code WWW-Authenticate} would: the browser must not see them there). */
  static final String CHALLENGE = "X-Muster-Authenticate";
  private static final Map<String, String> ASSETS = Map.of(
      "/", "index.html", "/console/console.js", "console.js", "/console/digest.js", "digest.js", "/console/console.css", "console.css");
  /** How long an action waits for its answer (a create across systems waits for the partners). */
  private static final long ANSWER_WAIT_S = 30;
  private final MusterServer server;
  private final AdminAccess access;
  private final UserDigest digest;

  private ConsoleRoutes(MusterServer server, AdminAccess access) {
    this.server = server;
    this.access = access;
    this.digest = new UserDigest(server.config());
  }

  /** Adds the console's routes to {@code http}; returns its live feed (closed with the admin API). */
  static ConsoleFeed install(HttpServer http, AdminAccess access, MusterServer server) {
    ConsoleRoutes routes = new ConsoleRoutes(server, access);
    ConsoleFeed feed = new ConsoleFeed(routes::snapshotJson);
    server.onEvent(e -> feed.changed());
    http.createContext("/", AdminHttp.open(ConsoleRoutes::asset));
    http.createContext("/console/", AdminHttp.open(ConsoleRoutes::asset));
    http.createContext("/api/console", AdminHttp.reading("/api/console",
        AdminHttp.safe(access, ex -> AdminHttp.send(ex, 200, "application/json", routes.snapshotJson()))));
    http.createContext("/api/console/events", AdminHttp.reading("/api/console/events", ex -> routes.events(ex, feed)));
    http.createContext("/api/console/operator", AdminHttp.open(routes::operator));
    http.createContext("/api/console/regroups", acting(routes::create));
    http.createContext("/api/console/cancel", acting(routes::cancel));
    return feed;
  }

  private byte[] snapshotJson() {
    try {
      return AdminHttp.json(server.query(core -> ConsoleView.snapshot(core, server.config(), Clock.systemUTC().instant()))
          .get(5, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("the core did not answer: " + e.getMessage(), e);
    }
  }

  private static void asset(HttpExchange ex) throws IOException {
    String name = ASSETS.get(ex.getRequestURI().getPath());
    if (name == null) {
      AdminHttp.send(ex, 404, "application/json", AdminHttp.json(Map.of("error", "not found: " + ex.getRequestURI().getPath())));
      return;
    }
    if (!AdminAccess.isReadOnly(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      AdminHttp.send(ex, 405, "application/json", AdminHttp.json(Map.of("error", "use GET")));
      return;
    }
    byte[] body;
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream("console/" + name)) {
      body = in.readAllBytes();
    }
    String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    AdminHttp.send(ex, 200, type + "; charset=utf-8", body);
  }

  private void events(HttpExchange ex, ConsoleFeed feed) throws IOException {
    boolean kept = false;
    try {
      if (ex.getRequestMethod().equals("HEAD")) {
        if (AdminHttp.allowedToRead(access, ex)) AdminHttp.send(ex, 200, "text/event-stream; charset=utf-8", new byte[0]);
        return;
      }
      kept = AdminHttp.allowedToRead(access, ex) && feed.subscribe(ex);
    } catch (RuntimeException e) {
      AdminHttp.send(ex, 500, "application/json", AdminHttp.json(Map.of("error", String.valueOf(e.getMessage()))));
    } finally {
      if (!kept) ex.close();
    }
  }

  /** {@code GET /api/console/operator}: who the operator is and what it may do, once signed in. */
  private void operator(HttpExchange ex) throws IOException {
    if (!method(ex, "GET")) return;
    Optional<UserConfig> user = signedIn(ex);
    if (user.isEmpty()) return;
    List<String> may = user.get().may().stream().map(Authorization::word).sorted().toList();
    AdminHttp.send(ex, 200, "application/json", AdminHttp.json(AdminHttp.map("user", user.get().id().uri(), "may", may,
        "authentication", server.config().system().security().authentication().word())));
  }

  /** An action: true when it answers later (then it closes the exchange itself). */
  private interface Action {
    boolean handle(HttpExchange ex) throws Exception;
  }

  /**
   * An action's route: the admin HTTP server's threads are not held while the core and, for a
   * create across systems, the partners decide (probes and reads go on meanwhile).
   */
  private static com.sun.net.httpserver.HttpHandler acting(Action action) {
    return ex -> {
      boolean later = false;
      try {
        later = action.handle(ex);
      } catch (Exception e) {
        error(ex, 500, String.valueOf(e.getMessage()));
      } finally {
        if (!later) ex.close();
      }
    };
  }

  private boolean create(HttpExchange ex) throws Exception {
    if (!method(ex, "POST") || !sameSiteJson(ex)) return false;
    Optional<UserConfig> user = signedIn(ex);
    if (user.isEmpty()) return false;
    Optional<PreviewRoute.Create> create = PreviewRoute.create(ex, user.get().id());
    if (create.isEmpty()) return false;
    return answerLater(ex, create.get().request().regroupGroup(), "formed", server.regroup(create.get().service(), create.get().request()));
  }

  private boolean cancel(HttpExchange ex) throws Exception {
    if (!method(ex, "POST") || !sameSiteJson(ex)) return false;
    Optional<UserConfig> user = signedIn(ex);
    if (user.isEmpty()) return false;
    Optional<Map.Entry<McService, McServiceGroupId>> cancel = PreviewRoute.cancel(ex);
    if (cancel.isEmpty()) return false;
    McServiceGroupId rg = cancel.get().getValue();
    return answerLater(ex, rg, "cancelled",
        server.cancel(cancel.get().getKey(), new PreconfiguredRegroupCancelRequest.FromClient(user.get().id(), rg)));
  }

  /** Once it comes, the SIP answer as JSON, with its status as the HTTP status (a refusal's 4xx or 5xx). */
  private static boolean answerLater(HttpExchange ex, McServiceGroupId rg, String done, CompletableFuture<OperatorAnswer> pending) {
    pending.orTimeout(ANSWER_WAIT_S, TimeUnit.SECONDS).whenCompleteAsync((a, e) -> {
      try {
        if (e != null) {
          boolean late = e instanceof java.util.concurrent.TimeoutException || e.getCause() instanceof java.util.concurrent.TimeoutException;
          error(ex, late ? 504 : 500, late ? "no answer within " + ANSWER_WAIT_S + " s" : String.valueOf(e.getMessage()));
          return;
        }
        Map<String, Object> body = AdminHttp.map("regroupGroup", rg.uri(), "result", a.ok() ? done : "refused",
            "status", a.status(), "reason", a.reason(), "warnings", a.warnings());
        AdminHttp.send(ex, a.ok() || a.status() < 400 || a.status() > 599 ? 200 : a.status(), "application/json", AdminHttp.json(body));
      } catch (IOException gone) {
        // the browser went away
      } finally {
        ex.close();
      }
    });
    return true;
  }

  /**
   * The MC user {@value #OPERATOR} names, once it proved it is that user (HTTP Digest), or, with
   * {@code authentication: none}, once the request may read the admin API; else the 400, 401, 403
   * or 404 was sent.
   */
  private Optional<UserConfig> signedIn(HttpExchange ex) throws IOException {
    String named = ex.getRequestHeaders().getFirst(OPERATOR);
    if (named == null || named.isBlank()) {
      error(ex, 400, OPERATOR + ": missing (the MC service ID you act as, e.g. sip:disp1@" + server.config().domain() + ")");
      return Optional.empty();
    }
    Optional<UserConfig> user = SipUri.isValid(named.trim()) ? server.config().user(McServiceId.of(named.trim())) : Optional.empty();
    if (user.isEmpty()) {
      error(ex, 404, OPERATOR + ": no user " + named.trim() + " in this system");
      return Optional.empty();
    }
    boolean digestMode = server.config().system().security().authentication() == Authentication.DIGEST;
    boolean ok = digestMode ? digest.authenticated(ex, user.get(), ex.getRequestURI().getRawPath(), CHALLENGE) : AdminHttp.allowedToRead(access, ex);
    return ok ? user : Optional.empty();
  }

  private static boolean method(HttpExchange ex, String method) throws IOException {
    if (ex.getRequestURI().getPath().matches("/api/console/[a-z]+/.*")) {
      error(ex, 404, "not found: " + ex.getRequestURI().getPath());
      return false;
    }
    if (ex.getRequestMethod().equals(method)) return true;
    ex.getResponseHeaders().set("Allow", method);
    error(ex, 405, "use " + method);
    return false;
  }

  /** Cross-site request forgery: a JSON body, and the browser's {@code Origin} (when sent) is this server's. */
  private static boolean sameSiteJson(HttpExchange ex) throws IOException {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    if (origin != null && (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host)))) {
      error(ex, 403, "Origin " + origin + " is not this console's");
      return false;
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      error(ex, 415, "Content-Type: application/json");
      return false;
    }
    return true;
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    AdminHttp.send(ex, status, "application/json", AdminHttp.json(Map.of("error", message)));
  }
}
