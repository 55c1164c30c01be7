package org.muster.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** {@code muster regroup --dry-run}: the admin API's preview of the create, printed; nothing is sent over SIP. */
final class Previews {

  private Previews() {}

  /** Prints the preview; 0 when the regroup would form (or is in effect already), 1 when it would be refused. */
  static int print(ClientSetup setup, McService service, McServiceGroupId rg, McServiceGroupId tmpl, RegroupTargets targets)
      throws ClientSetup.UsageProblem {
    McSystemConfig sys = setup.system();
    HostPort http = sys.system().http().orElseThrow(() -> new ClientSetup.UsageProblem(
        "--dry-run asks the system's admin API, and " + setup.config + " gives none (system.http)"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requester", setup.userId().uri());
    body.put("service", service.name().toLowerCase(java.util.Locale.ROOT));
    body.put("regroupGroup", rg.uri());
    body.put("preconfigured", tmpl.uri());
    if (targets instanceof RegroupTargets.Groups g) body.put("groups", g.groups().stream().map(McServiceGroupId::uri).toList());
    else body.put("users", ((RegroupTargets.Users) targets).users().stream().map(McServiceId::uri).toList());
    JsonNode p = post(sys, http, body, setup.config);
    if (setup.json) {
      System.out.println(p.toString());
    } else {
      String result = p.path("result").asText();
      String verdict = switch (result) {
        case "formed" -> "would be formed";
        case "retry" -> "is in effect already as asked: nothing would change";
        default -> "would be refused: " + p.path("status").asInt() + " " + p.path("warning").asText()
            + (p.hasNonNull("detail") ? " (" + p.path("detail").asText() + ")" : "");
      };
      System.out.println("regroup " + rg.uri() + " (dry run): " + verdict);
      for (JsonNode c : p.path("conflicts")) System.out.println("  conflict: " + c.path("heldBy").asText());
      if (!p.path("partners").isEmpty()) {
        List<String> partners = new java.util.ArrayList<>();
        p.path("partners").forEach(n -> partners.add(n.asText()));
        System.out.println("  partner systems asked first: " + String.join(", ", partners));
      }
      if (result.equals("formed")) {
        System.out.println("  " + p.path("fanOut").asInt() + " client(s) here would be sent the regroup");
        for (JsonNode c : p.path("clients")) System.out.println("    " + c.path("user").asText() + " at " + c.path("client").asText());
      }
    }
    return p.path("result").asText().equals("refused") ? 1 : 0;
  }

  private static JsonNode post(McSystemConfig sys, HostPort http, Map<String, Object> body, java.nio.file.Path config)
      throws ClientSetup.UsageProblem {
    AdminPost.Answer a = AdminPost.post(sys, http, "/api/preview", body, config);
    if (a.status() != 200) {
      throw new ClientSetup.UsageProblem("the admin API at " + http + " refused the preview: " + a.status() + " " + a.body().path("error").asText());
    }
    return a.body();
  }
}
