package org.muster.app.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.server.McServiceServer;

/**
 * The live view: one HTML page that refreshes itself, listing regroups and member outcomes, under
 * a banner when the system runs in lab mode.
 */
final class LiveView {
  private LiveView() {}

  static String render(String systemId, Optional<String> warning, McServiceServer.Stats s, List<Map<String, Object>> regroups) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<!doctype html><html><head><meta charset=utf-8><meta http-equiv=refresh content=2><title>Muster ")
        .append(esc(systemId)).append("</title><style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:2px 6px;font-size:90%}.ACTIVE{color:#060}.CANCELLED{color:#888}"
            + ".warning{background:#fde2e1;border:2px solid #b00;color:#700;padding:6px 10px;font-weight:bold}</style></head><body>");
    warning.ifPresent(w -> b.append("<p class=warning role=alert>WARNING: ").append(esc(w)).append("</p>"));
    b.append("<h1>Muster: MC system ").append(esc(systemId)).append("</h1><p>")
        .append(s.registeredClients()).append(" registered clients, ").append(s.affiliations()).append(" affiliations, ")
        .append(s.activeRegroups()).append(" active regroups</p>");
    for (Map<String, Object> r : regroups) {
      b.append("<h2 class=").append(r.get("state")).append('>').append(esc(String.valueOf(r.get("regroupGroup")))).append(" (")
          .append(r.get("state")).append(", ").append(r.get("service")).append(' ').append(r.get("type")).append(" regroup by ")
          .append(esc(String.valueOf(r.get("requester")))).append(")</h2><table><tr><th>user</th><th>client</th><th>served by</th>"
              + "<th>state</th><th>at</th></tr>");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> members = (List<Map<String, Object>>) r.get("members");
      for (Map<String, Object> m : members) {
        b.append("<tr><td>").append(esc(String.valueOf(m.get("user")))).append("</td><td>").append(esc(String.valueOf(m.get("client"))))
            .append("</td><td>").append(esc(String.valueOf(m.getOrDefault("servedBy", "here")))) // a partner id, or served here
            .append("</td><td>").append(m.get("state")).append("</td><td>").append(m.get("at")).append("</td></tr>");
      }
      b.append("</table>");
    }
    return b.append("</body></html>").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
