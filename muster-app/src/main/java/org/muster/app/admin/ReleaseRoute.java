package org.muster.app.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import org.muster.core.regroup.PartnerRegroupRelease;
import org.muster.core.regroup.PartnerRelease;
import org.muster.sip.server.MusterServer;

/**
 * {@code POST /api/partner-regroups/release} (beyond the seed): an operator of this system ends a
 * regroup that a partner formed here as its primary, when the primary cannot cancel it (gone for
 * good, or never to be trusted). A change: it needs the admin token. The body names the regroup
 * group and the operator, who is logged and told to the primary:
 *
 * <pre>{"regroupGroup": "sip:rg-1@metro.example", "by": "alice", "reason": "metro decommissioned"}</pre>
 *
 * Answers 200 with what was released, 400 naming the field, 404 when no regroup a partner formed
 * here has that regroup group, 405 for another method, 503 when the store could not keep it.
 */
final class ReleaseRoute {
  static final String PATH = "/api/partner-regroups/release";
  private static final int MAX_BODY = 16 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MusterServer server;

  ReleaseRoute(MusterServer server) {
    this.server = server;
  }

  void handle(HttpExchange ex) throws Exception {
    if (!ex.getRequestURI().getPath().equals(PATH)) {
      error(ex, 404, "not found: " + ex.getRequestURI().getPath());
      return;
    }
    if (!ex.getRequestMethod().equals("POST")) {
      ex.getResponseHeaders().set("Allow", "POST");
      error(ex, 405, "use POST with {\"regroupGroup\": URI, \"by\": OPERATOR, \"reason\": TEXT}");
      return;
    }
    JsonNode body;
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        error(ex, 400, "the body is over " + MAX_BODY + " bytes");
        return;
      }
      body = JSON.readTree(b);
    } catch (IOException e) {
      error(ex, 400, "the body is not JSON");
      return;
    }
    if (body == null || !body.isObject()) {
      error(ex, 400, "the body must be a JSON object: {\"regroupGroup\": URI, \"by\": OPERATOR}");
      return;
    }
    String group = text(body, "regroupGroup");
    String by = text(body, "by");
    String reason = text(body, "reason");
    if (group == null || !SipUri.isValid(group)) {
      error(ex, 400, "regroupGroup: missing or not a SIP URI");
      return;
    }
    if (by == null || !PartnerRelease.isName(by.strip())) {
      error(ex, 400, "by: the operator releasing it, 1 to " + PartnerRelease.MAX_BY + " characters on one line");
      return;
    }
    PartnerRegroupRelease.Released r;
    try {
      r = server.releasePartnerRegroup(McServiceGroupId.of(group), by.strip(), reason == null ? "" : reason.strip()).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      error(ex, 503, "not released: the store could not keep it (" + e.getCause().getMessage() + ")");
      return;
    }
    if (r.refusal().isPresent()) {
      Rejection refused = r.refusal().get();
      error(ex, refused.sipStatus() == 404 ? 404 : 400, refused.detail().isEmpty() ? refused.warningText() : refused.detail());
      return;
    }
    PartnerRelease n = r.notice().orElseThrow();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("regroupGroup", n.regroupGroup().uri());
    m.put("service", n.service().word());
    m.put("released", true);
    m.put("by", n.releasedBy());
    m.put("primary", r.primary());
    m.put("clients", r.outcome().deliveries().size());
    AdminHttp.send(ex, 200, "application/json", AdminHttp.json(m));
  }

  /** A string field, or null when absent; anything but a string is treated as absent (then named). */
  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || !n.isTextual() ? null : n.asText();
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    AdminHttp.send(ex, status, "application/json", AdminHttp.json(Map.of("error", message)));
  }
}
