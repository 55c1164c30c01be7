package org.muster.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.muster.app.admin.AdminAccess;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;

/** A JSON POST to the system's admin API (with the admin token, when one is configured), for the operator commands. */
final class AdminPost {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The admin API's status and JSON answer. */
  record Answer(int status, JsonNode body) {}

  private AdminPost() {}

  static Answer post(McSystemConfig sys, HostPort http, String path, Map<String, Object> body, java.nio.file.Path config)
      throws ClientSetup.UsageProblem {
    Optional<String> token = sys.system().security().adminToken();
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + http + path))
          .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
          .send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 401 || r.statusCode() == 403) {
        throw new ClientSetup.UsageProblem("the admin API at " + http + " wants " + (token.isPresent() ? "another" : "an")
            + " admin token: set system.admin-token or the environment variable " + AdminAccess.TOKEN_VARIABLE + " as for the server");
      }
      return new Answer(r.statusCode(), JSON.readTree(r.body()));
    } catch (java.io.IOException e) {
      throw new ClientSetup.UsageProblem("no answer from the admin API at " + http + " (system.http in " + config
          + "): is the server running?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientSetup.UsageProblem("interrupted");
    }
  }
}
