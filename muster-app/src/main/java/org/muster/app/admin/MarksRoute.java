package org.muster.app.admin;

import com.sun.net.httpserver.HttpExchange;
import java.util.Map;
import java.util.Optional;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import org.muster.core.port.StoreUnavailableException;
import org.muster.gms.GroupManagementServer;

/**
 * {@code GET|POST|DELETE /api/gms/regrouped?group=URI}: the operator's route to the GMS's marks of
 * groups regrouped by another mechanism (10.xx.3.1), kept by the GMS in the store: they survive a
 * restart and every instance sees them. 503 when the store cannot keep a mark.
 */
final class MarksRoute {
  static final String PATH = "/api/gms/regrouped";
  private final GroupManagementServer gms;

  MarksRoute(GroupManagementServer gms) {
    this.gms = gms;
  }

  void handle(HttpExchange ex) throws Exception {
    String method = ex.getRequestMethod();
    try {
      if (AdminAccess.isReadOnly(method)) {
        AdminHttp.send(ex, 200, "application/json", AdminHttp.json(gms.regroupedMarks().stream().map(McServiceGroupId::uri).sorted().toList()));
        return;
      }
      Optional<String> group = AdminHttp.param(ex, "group");
      if (group.isEmpty() || !SipUri.isValid(group.get())) {
        AdminHttp.send(ex, 400, "application/json", AdminHttp.json(Map.of("error", "query parameter group must be a SIP URI")));
        return;
      }
      McServiceGroupId id = new McServiceGroupId(group.get());
      switch (method) {
        case "POST", "PUT" -> {
          boolean changed = gms.markRegrouped(id);
          AdminHttp.send(ex, 200, "application/json", AdminHttp.json(Map.of("group", id.uri(), "regroupedByGms", true, "changed", changed)));
        }
        case "DELETE" -> {
          boolean changed = gms.unmarkRegrouped(id);
          AdminHttp.send(ex, 200, "application/json", AdminHttp.json(Map.of("group", id.uri(), "regroupedByGms", false, "changed", changed)));
        }
        default -> AdminHttp.send(ex, 405, "application/json", AdminHttp.json(Map.of("error", "use GET, POST or DELETE")));
      }
    } catch (StoreUnavailableException e) {
      AdminHttp.send(ex, 503, "application/json", AdminHttp.json(Map.of("error", e.getMessage())));
    }
  }
}
