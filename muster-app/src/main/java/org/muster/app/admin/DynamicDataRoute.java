package org.muster.app.admin;

import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.RegroupRecord;
import org.muster.gms.GroupManagementServer;

/**
 * {@code GET /gms/dynamic-data}: the GMS's view of the MC service server's group dynamic data
 * (10.1.5.6, the pre-condition of 10.xx.3: "the GMS has subscribed to group dynamic data from the
 * MC service server"): which groups are regrouped now and by which regroup group, plus the groups
 * the GMS itself has marked as regrouped by another mechanism.
 *
 * <pre>{"regrouped": [{"group", "regroupGroup", "service"}], "regroupedByAnotherMechanism": [URI]}</pre>
 */
final class DynamicDataRoute {
  static final String PATH = "/gms/dynamic-data";
  private final Supplier<List<RegroupRecord>> inEffect;
  private final GroupManagementServer gms;

  DynamicDataRoute(Supplier<List<RegroupRecord>> inEffect, GroupManagementServer gms) {
    this.inEffect = inEffect;
    this.gms = gms;
  }

  void handle(HttpExchange ex) throws Exception {
    if (!ex.getRequestURI().getPath().equals(PATH)) {
      AdminHttp.send(ex, 404, "application/json", AdminHttp.json(Map.of("error", "not found: " + ex.getRequestURI().getPath())));
      return;
    }
    if (!AdminAccess.isReadOnly(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      AdminHttp.send(ex, 405, "application/json", AdminHttp.json(Map.of("error", "use GET: the server writes its dynamic data")));
      return;
    }
    List<Map<String, String>> regrouped = new ArrayList<>();
    for (RegroupRecord r : inEffect.get()) {
      for (McServiceGroupId g : r.regroupedGroups()) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("group", g.uri());
        e.put("regroupGroup", r.regroupGroup().uri());
        e.put("service", r.service().word());
        regrouped.add(e);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("regrouped", regrouped);
    out.put("regroupedByAnotherMechanism", gms.regroupedMarks().stream().map(McServiceGroupId::uri).sorted().toList());
    AdminHttp.send(ex, 200, "application/json", AdminHttp.json(out));
  }
}
