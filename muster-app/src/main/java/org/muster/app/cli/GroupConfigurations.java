package org.muster.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.config.Credential;
import org.muster.core.config.HostPort;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.DigestSession;
import org.muster.sip.stack.DigestChallenge;

/**
 * The group configurations a client holds, fetched from its system's group management server
 * ({@code GET /gms/users/URI/groups} on the system's {@code http} address, HTTP Digest with the
 * user's credentials; 10.2.7). One line per group, for {@code muster client}.
 */
final class GroupConfigurations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final URI uri;
  private final String path;
  private final Optional<DigestSession> digest;

  GroupConfigurations(HostPort gms, McServiceId user, Optional<Credential> credential) {
    this.path = "/gms/users/" + URLEncoder.encode(user.uri(), StandardCharsets.UTF_8) + "/groups";
    this.uri = URI.create("http://" + gms.host() + ":" + gms.port() + path);
    this.digest = credential.map(c -> new DigestSession(user, c));
  }

  /** One group as the GMS described it. */
  record Held(String uri, List<String> services, boolean preconfiguredRegroupOnly, boolean broadcast, Optional<String> sharedBy) {
    String describe() {
      return uri + " (" + String.join(", ", services) + (preconfiguredRegroupOnly ? "; preconfigured group" : "")
          + (broadcast ? "; broadcast" : "") + sharedBy.map(p -> "; shared by partner " + p).orElse("") + ")";
    }
  }

  /** The groups the user holds, by URI; throws {@link IOException} with the GMS's reason when it refuses. */
  Map<String, Held> fetch() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request(Optional.empty()), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 401 && digest.isPresent()) {
      List<DigestChallenge> challenges = new ArrayList<>();
      for (String h : r.headers().allValues(DigestChallenge.HEADER)) DigestChallenge.parse(h).ifPresent(challenges::add);
      if (digest.get().challenged(challenges)) {
        r = http.send(request(digest.get().authorization("GET", path)), HttpResponse.BodyHandlers.ofString());
      }
    }
    if (r.statusCode() != 200) throw new IOException("the GMS answered " + r.statusCode() + ": " + error(r.body()));
    Map<String, Held> out = new LinkedHashMap<>();
    for (JsonNode g : JSON.readTree(r.body()).path("groups")) {
      List<String> services = new ArrayList<>();
      g.path("services").forEach(s -> services.add(s.asText()));
      Held h = new Held(g.path("uri").asText(), services, g.path("preconfiguredRegroupOnly").asBoolean(), g.path("broadcast").asBoolean(),
          g.hasNonNull("sharedBy") ? Optional.of(g.get("sharedBy").asText()) : Optional.empty());
      out.put(h.uri(), h);
    }
    return out;
  }

  private HttpRequest request(Optional<String> authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
    authorization.ifPresent(a -> b.header("Authorization", a));
    return b.build();
  }

  private static String error(String body) {
    try {
      return JSON.readTree(body).path("error").asText(body);
    } catch (IOException e) {
      return body;
    }
  }
}
