package org.muster.app.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import org.muster.core.port.StoreUnavailableException;
import org.muster.gms.GroupDocuments;
import org.muster.protocol.BodyTypes;

/**
 * The group management server's document API, in the manner of XCAP (RFC 4825):
 * <ul>
 *   <li>{@code GET /gms/groups}: every group, {@code [{"uri": ..., "etag": ...}]};
 *   <li>{@code GET /gms/groups/URI}: the group's document ({@code application/vnd.muster.group+xml})
 *       with its {@code ETag} (413 for a provisioning file's group of more than 10,000 members);
 *   <li>{@code PUT /gms/groups/URI}: creates (201) or replaces (200) it; {@code If-Match: "ETAG"}
 *       replaces only that version, {@code If-None-Match: *} only creates (412 otherwise); 400 for a
 *       body that is not a group document, 409 for one that does not fit the system, 415 for another
 *       type;
 *   <li>{@code DELETE /gms/groups/URI}: 200, 404, or 412 with a stale {@code If-Match}.
 * </ul>
 * {@code URI} is the group's SIP URI, percent-encoded or not. Writes need the admin token like
 * every state-changing admin call; errors are JSON {@code {"error": ...}}; 503 when the store
 * cannot be reached.
 */
final class GmsRoutes {
  static final String PREFIX = "/gms/groups";
  private final GroupDocuments groups;

  GmsRoutes(GroupDocuments groups) {
    this.groups = groups;
  }

  void handle(HttpExchange ex) throws Exception {
    String path = ex.getRequestURI().getRawPath();
    try {
      if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
        list(ex);
        return;
      }
      if (!path.startsWith(PREFIX + "/")) {
        error(ex, 404, "not found: " + path);
        return;
      }
      String uri = URLDecoder.decode(path.substring(PREFIX.length() + 1), StandardCharsets.UTF_8);
      if (!SipUri.isValid(uri)) {
        error(ex, 400, "the path must end in a group's SIP URI: " + uri);
        return;
      }
      McServiceGroupId group = McServiceGroupId.of(uri);
      switch (ex.getRequestMethod()) {
        case "GET", "HEAD" -> get(ex, group);
        case "PUT" -> answer(ex, groups.put(group, header(ex, "Content-Type").orElse(""), ex.getRequestBody().readNBytes(1 << 21),
            header(ex, "If-Match").map(GmsRoutes::unquote), header(ex, "If-None-Match").filter(v -> v.trim().equals("*")).isPresent()));
        case "DELETE" -> answer(ex, groups.delete(group, header(ex, "If-Match").map(GmsRoutes::unquote)));
        default -> {
          ex.getResponseHeaders().set("Allow", "GET, HEAD, PUT, DELETE");
          error(ex, 405, "use GET, PUT or DELETE");
        }
      }
    } catch (StoreUnavailableException e) {
      error(ex, 503, e.getMessage());
    }
  }

  private void list(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      error(ex, 405, "use GET on " + PREFIX + ", or PUT on " + PREFIX + "/URI");
      return;
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (McServiceGroupId g : groups.list()) {
      Map<String, String> e = new LinkedHashMap<>();
      e.put("uri", g.uri());
      try {
        e.put("etag", groups.get(g).map(GroupDocuments.Shown::etag).orElse(""));
      } catch (GroupDocuments.TooLarge tooLarge) {
        e.put("etag", "");
      }
      out.add(e);
    }
    AdminHttp.send(ex, 200, "application/json", AdminHttp.json(out));
  }

  private void get(HttpExchange ex, McServiceGroupId group) throws IOException {
    Optional<GroupDocuments.Shown> d;
    try {
      d = groups.get(group);
    } catch (GroupDocuments.TooLarge e) {
      error(ex, 413, e.getMessage());
      return;
    }
    if (d.isEmpty()) {
      error(ex, 404, "no group " + group.uri());
      return;
    }
    ex.getResponseHeaders().set("ETag", "\"" + d.get().etag() + "\"");
    AdminHttp.send(ex, 200, BodyTypes.GROUP_DOCUMENT, d.get().xml().getBytes(StandardCharsets.UTF_8));
  }

  private static void answer(HttpExchange ex, GroupDocuments.Result r) throws IOException {
    r.etag().ifPresent(t -> ex.getResponseHeaders().set("ETag", "\"" + t + "\""));
    if (r.status() >= 400) {
      error(ex, r.status(), r.message());
    } else {
      AdminHttp.send(ex, r.status(), "application/json", AdminHttp.json(Map.of("result", r.message(), "etag", r.etag().orElse(""))));
    }
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    AdminHttp.send(ex, status, "application/json", AdminHttp.json(Map.of("error", message)));
  }

  private static Optional<String> header(HttpExchange ex, String name) {
    return Optional.ofNullable(ex.getRequestHeaders().getFirst(name));
  }

  /** An entity tag as sent, {@code "abc"} or {@code W/"abc"}, without its quotes. */
  static String unquote(String tag) {
    String t = tag.trim();
    if (t.startsWith("W/")) t = t.substring(2);
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }
}
