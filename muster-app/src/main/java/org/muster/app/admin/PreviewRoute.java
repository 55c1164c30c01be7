package org.muster.app.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.core.regroup.RegroupPreview;
import org.muster.sip.server.MusterServer;

/**
 * {@code POST /api/preview}: a dry run of a create (B5). The body names the request as a
 * dispatcher would send it; the answer says what the create would do ({@link RegroupPreview}),
 * decided by the create's own checks on the core's thread, and nothing changes. A preview reads
 * state, so it needs what reading the admin API needs (the token, when one is configured).
 *
 * <pre>
 * {"requester": "sip:disp1@metro.example", "service": "mcptt", "regroupGroup": "sip:rg-1@metro.example",
 *  "preconfigured": "sip:tmpl@metro.example", "groups": ["sip:fire@metro.example"]}     (or "users": [...])
 * </pre>
 */
final class PreviewRoute {
  static final String PATH = "/api/preview";
  /** A preview body is a few URIs: anything longer is refused before it is read whole. */
  private static final int MAX_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PreviewRoute() {}

  static HttpHandler handler(AdminAccess access, MusterServer server) {
    return AdminHttp.open(ex -> {
      if (!ex.getRequestURI().getPath().equals(PATH)) {
        AdminHttp.send(ex, 404, "application/json", AdminHttp.json(Map.of("error", "not found: " + ex.getRequestURI().getPath())));
        return;
      }
      if (!ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().set("Allow", "POST");
        error(ex, 405, "use POST with the request as JSON");
        return;
      }
      if (!AdminHttp.allowedToRead(access, ex)) return;
      Optional<Create> create = create(ex, null);
      if (create.isEmpty()) return;
      PreconfiguredRegroupRequest.FromClient request = create.get().request();
      RegroupPreview p = server.query(core -> core.preview(create.get().service(), request)).get(5, TimeUnit.SECONDS);
      AdminHttp.send(ex, 200, "application/json", AdminHttp.json(view(request, p)));
    });
  }

  /** A create as a JSON body names it: its service and request. */
  record Create(McService service, PreconfiguredRegroupRequest.FromClient request) {}

  /**
   * The create {@code ex}'s body describes, by {@code requester} (null: the body's {@code
   * requester}); empty when the body is not one (a 400 naming the field was sent).
   */
  static Optional<Create> create(HttpExchange ex, McServiceId requester) throws IOException {
    try {
      JsonNode body = JSON.readTree(body(ex));
      if (body == null || !body.isObject()) throw new BadRequest("the body must be a JSON object");
      return Optional.of(new Create(service(body), request(body, requester != null ? requester : new McServiceId(uri(body, "requester")))));
    } catch (BadRequest e) {
      error(ex, 400, e.getMessage());
    } catch (IOException e) {
      error(ex, 400, "the body is not JSON: " + firstLine(e.getMessage()));
    }
    return Optional.empty();
  }

  /**
   * The regroup group and service a cancel's JSON body names ({@code {"service", "regroupGroup"}});
   * empty when the body is not one (a 400 naming the field was sent).
   */
  static Optional<Map.Entry<McService, McServiceGroupId>> cancel(HttpExchange ex) throws IOException {
    try {
      JsonNode body = JSON.readTree(body(ex));
      if (body == null || !body.isObject()) throw new BadRequest("the body must be a JSON object");
      return Optional.of(Map.entry(service(body), new McServiceGroupId(uri(body, "regroupGroup"))));
    } catch (BadRequest e) {
      error(ex, 400, e.getMessage());
    } catch (IOException e) {
      error(ex, 400, "the body is not JSON: " + firstLine(e.getMessage()));
    }
    return Optional.empty();
  }

  private static McService service(JsonNode body) throws BadRequest {
    return McService.fromWord(text(body, "service", "mcptt").toLowerCase(java.util.Locale.ROOT))
        .orElseThrow(() -> new BadRequest("service: mcptt, mcvideo or mcdata"));
  }

  static Map<String, Object> view(PreconfiguredRegroupRequest.FromClient request, RegroupPreview p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("regroupGroup", request.regroupGroup().uri());
    m.put("result", p.retry() ? "retry" : p.refusal().isPresent() ? "refused" : "formed");
    m.put("status", p.refusal().map(Rejection::sipStatus).orElse(200));
    p.refusal().ifPresent(r -> {
      m.put("warning", r.warningText());
      if (!r.detail().isEmpty() && !r.detail().equals(r.warningText())) m.put("detail", r.detail());
    });
    List<Map<String, Object>> conflicts = new ArrayList<>();
    for (RegroupPreview.Conflict c : p.conflicts()) conflicts.add(AdminHttp.map("group", c.group().uri(), "heldBy", c.heldBy()));
    m.put("conflicts", conflicts);
    m.put("partners", p.partners().stream().sorted().toList());
    m.put("fanOut", p.fanOut());
    List<Map<String, Object>> clients = new ArrayList<>();
    for (McServiceClient c : p.notified()) clients.add(AdminHttp.map("user", c.user().uri(), "client", c.contact()));
    m.put("clients", clients);
    return m;
  }

  private static PreconfiguredRegroupRequest.FromClient request(JsonNode body, McServiceId requester) throws BadRequest {
    McServiceGroupId regroupGroup = new McServiceGroupId(uri(body, "regroupGroup"));
    McServiceGroupId preconfigured = new McServiceGroupId(uri(body, "preconfigured"));
    boolean groups = body.has("groups");
    if (groups == body.has("users")) throw new BadRequest("give either groups or users (a list of SIP URIs), not both or neither");
    List<String> listed = uris(body, groups ? "groups" : "users");
    RegroupTargets targets = groups
        ? new RegroupTargets.Groups(listed.stream().map(McServiceGroupId::new).toList())
        : new RegroupTargets.Users(listed.stream().map(McServiceId::new).toList());
    return new PreconfiguredRegroupRequest.FromClient(requester, regroupGroup, preconfigured, targets);
  }

  private static String uri(JsonNode body, String field) throws BadRequest {
    String v = text(body, field, null);
    if (v == null) throw new BadRequest(field + ": missing (a SIP URI)");
    if (!SipUri.isValid(v)) throw new BadRequest(field + ": not a SIP URI: " + v);
    return v;
  }

  private static List<String> uris(JsonNode body, String field) throws BadRequest {
    JsonNode list = body.get(field);
    if (list == null || !list.isArray() || list.isEmpty()) throw new BadRequest(field + ": a non-empty list of SIP URIs");
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      if (!n.isTextual() || !SipUri.isValid(n.asText())) throw new BadRequest(field + ": not a SIP URI: " + n);
      out.add(n.asText());
    }
    return out;
  }

  private static String text(JsonNode body, String field, String absent) throws BadRequest {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return absent;
    if (!n.isTextual()) throw new BadRequest(field + ": must be a string");
    return n.asText();
  }

  private static byte[] body(HttpExchange ex) throws IOException, BadRequest {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) throw new BadRequest("the body is over " + MAX_BODY + " bytes");
      return b;
    }
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    AdminHttp.send(ex, status, "application/json", AdminHttp.json(Map.of("error", message)));
  }

  /** A body that does not describe a request: 400 with the message. */
  private static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }

  /** A parser's message shortened to its first line (Jackson's go on with the source and a location). */
  private static String firstLine(String m) {
    if (m == null) return "unreadable";
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
