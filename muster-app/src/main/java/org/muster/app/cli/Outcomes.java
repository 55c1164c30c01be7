package org.muster.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.muster.app.admin.AdminAccess;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.id.McServiceGroupId;
import org.muster.sip.stack.SipResponse;

/** Prints a regroup result line and the per-member outcome read from the admin API. */
final class Outcomes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Outcomes() {}

  static void print(ClientSetup setup, McServiceGroupId rg, SipResponse r, String verb) throws ClientSetup.UsageProblem {
    if (setup.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("regroupGroup", rg.uri());
      m.put("result", r.isSuccess() ? "success" : "rejected");
      m.put("status", r.status());
      m.put("reason", r.reason());
      r.header("Warning").ifPresent(w -> m.put("warning", ClientSetup.warningText(w)));
      r.headers().stream().filter(h -> h.name().equalsIgnoreCase("Warning")).skip(1).findFirst()
          .ifPresent(w -> m.put("warningDetail", ClientSetup.warningText(w.value())));
      System.out.println(toJson(m));
    } else {
      System.out.println("regroup " + rg.uri() + " " + verb + ": " + ClientSetup.describe(r));
    }
    Optional<JsonNode> view = fetch(setup.system(), rg);
    if (view.isEmpty()) return;
    if (setup.json) {
      System.out.println(view.get().toString());
      return;
    }
    for (JsonNode m : view.get().path("members")) {
      System.out.println("  " + m.path("user").asText() + " at " + m.path("client").asText() + ": " + m.path("state").asText()
          + " (" + m.path("at").asText() + ")" + Outcomes.servedBy(m));
    }
  }

  /** The regroup as the admin API shows it (with the admin token, when one is configured), when the system has one. */
  static Optional<JsonNode> fetch(McSystemConfig sys, McServiceGroupId rg) {
    if (sys.system().http().isEmpty()) return Optional.empty();
    HostPort h = sys.system().http().get();
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(
          URI.create("http://" + h + "/api/regroups?group=" + URLEncoder.encode(rg.uri(), StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5));
      Optional<String> token = sys.system().security().adminToken();
      token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
      HttpResponse<String> resp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() == 401) {
        System.err.println("muster: the admin API at " + h + " wants " + (token.isPresent() ? "another" : "an") + " admin token:"
            + " set system.admin-token or the environment variable " + AdminAccess.TOKEN_VARIABLE + " as for the server");
      }
      return resp.statusCode() == 200 ? Optional.of(JSON.readTree(resp.body())) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** {@code ", served by PARTNER"} for a member served by a partner system, else nothing. */
  static String servedBy(JsonNode member) {
    return member.hasNonNull("servedBy") ? ", served by " + member.path("servedBy").asText() : "";
  }

  static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (Exception e) {
      return String.valueOf(o);
    }
  }
}
