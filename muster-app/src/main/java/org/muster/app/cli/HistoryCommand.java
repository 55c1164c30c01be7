package org.muster.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.muster.app.admin.AdminAccess;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code muster history}: the regroup history of a running system, newest first, from its admin
 * API ({@code GET /api/history}: the server holds an embedded store to itself, and a shared one
 * is read the same way). Its filters are the API's parameters; a bad one is named by the server.
 * Exit codes: 0 shown, 1 the admin API refused or did not answer, 2 a bad file or usage.
 */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Show the regroup history: creates, rejects, cancels and "
    + "expiries, newest first (needs system.http).")
public final class HistoryCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Provisioning file of the MC system to ask.")
  Path config;

  @Option(names = "--limit", paramLabel = "N", description = "Lines per page, 1 to 500 (default: 50).")
  Integer limit;

  @Option(names = "--before", paramLabel = "CURSOR", description = "The page after the one that printed this cursor as its next.")
  String before;

  @Option(names = "--group", paramLabel = "URI", description = "Only lines of this regroup group, or that list this group.")
  String group;

  @Option(names = "--requester", paramLabel = "URI", description = "Only lines of regroups this user asked for.")
  String requester;

  @Option(names = "--event", paramLabel = "EVENT", description = "Only create, reject, cancel or expiry.")
  String event;

  @Option(names = "--since", paramLabel = "INSTANT", description = "Only lines from this ISO-8601 instant on, e.g. 2026-12-08T00:00:00Z.")
  String since;

  @Option(names = "--until", paramLabel = "INSTANT", description = "Only lines before this ISO-8601 instant.")
  String until;

  @Option(names = "--json", description = "Print the API's JSON answer as it came.")
  boolean json;

  @Override
  public Integer call() {
    ClientSetup s = new ClientSetup();
    s.config = config;
    McSystemConfig sys;
    try {
      sys = s.system();
    } catch (ClientSetup.UsageProblem e) {
      System.err.println("muster history: " + e.getMessage());
      return 2;
    }
    if (sys.system().http().isEmpty()) {
      System.err.println("muster history: system.http is not set in " + config + ": no admin API to ask");
      return 2;
    }
    HostPort h = sys.system().http().get();
    HttpResponse<String> resp;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + h + "/api/history" + query()))
          .timeout(Duration.ofSeconds(10));
      sys.system().security().adminToken().ifPresent(t -> request.header("Authorization", "Bearer " + t));
      resp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      System.err.println("muster history: the admin API at " + h + " did not answer: " + e.getMessage() + " (is the server running?)");
      return 1;
    }
    if (resp.statusCode() != 200) {
      String why = error(resp.body());
      if (resp.statusCode() == 401) why += "; set system.admin-token or the environment variable " + AdminAccess.TOKEN_VARIABLE + " as for the server";
      System.err.println("muster history: " + (resp.statusCode() == 400 ? "" : "the admin API at " + h + " answered " + resp.statusCode() + ": ") + why);
      return resp.statusCode() == 400 ? 2 : 1;
    }
    if (json) {
      System.out.println(resp.body().strip());
      return 0;
    }
    try {
      print(JSON.readTree(resp.body()));
    } catch (java.io.IOException e) {
      System.err.println("muster history: the admin API's answer is not JSON: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  private String query() {
    Map<String, String> p = new LinkedHashMap<>();
    if (limit != null) p.put("limit", String.valueOf(limit));
    p.put("before", before);
    p.put("group", group);
    p.put("requester", requester);
    p.put("event", event);
    p.put("since", since);
    p.put("until", until);
    List<String> parts = new ArrayList<>();
    p.forEach((k, v) -> {
      if (v != null) parts.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  private static String error(String body) {
    try {
      return JSON.readTree(body).path("error").asText(body);
    } catch (Exception e) {
      return body;
    }
  }

  /** One line per entry: time, event, regroup group, service, requester, outcome; then what it concerns. */
  static void print(JsonNode page) {
    JsonNode entries = page.path("entries");
    if (entries.isEmpty()) System.out.println("no history lines" + (page.hasNonNull("next") ? "" : " match"));
    for (JsonNode e : entries) {
      StringBuilder line = new StringBuilder();
      line.append(String.format("%-24s %-6s %s %s by %s: %s", e.path("time").asText(), e.path("event").asText(),
          e.path("regroupGroup").asText(), e.path("service").asText(), e.path("requester").asText(), e.path("outcome").asText()));
      text(e, "cancelledBy").ifPresent(by -> line.append(", cancelled by ").append(by));
      System.out.println(line);
      List<String> listed = new ArrayList<>();
      e.path("groups").forEach(g -> listed.add(g.asText()));
      e.path("users").forEach(u -> listed.add(u.asText()));
      if (!listed.isEmpty() || text(e, "preconfigured").isPresent()) {
        System.out.println("    " + (e.path("groups").isEmpty() ? "users " : "groups ") + String.join(", ", listed)
            + text(e, "preconfigured").map(p -> " (preconfigured " + p + ")").orElse(""));
      }
      text(e, "reason").ifPresent(r -> System.out.println("    " + r));
    }
    text(page, "next").ifPresent(n -> System.out.println("more: --before " + n));
  }

  private static Optional<String> text(JsonNode n, String field) {
    return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
  }
}
