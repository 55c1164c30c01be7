package org.muster.app.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.muster.app.testing.ServerProcess;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipResponse;

/** MC clients of the multi-process tests: registered (MCPTT) at a server process, optionally affiliated. */
final class Clients {
  private Clients() {}

  /**
   * Starts a client for {@code uri} served by {@code server} (of SIP domain {@code domain}),
   * registers it and affiliates it to {@code groups}; it is added to {@code owned} for closing.
   */
  static McClient registered(List<McClient> owned, String uri, ServerProcess server, String domain, String... groups) throws Exception {
    return registered(owned, ClientOptions.loopback(McServiceId.of(uri), domain, server.sipPort).withPassword(password(uri)), groups);
  }

  /** The test systems' password of {@code uri}: its user part and {@code -secret}. */
  static String password(String uri) {
    return uri.substring(4, uri.indexOf('@')) + "-secret";
  }

  /** Starts a client with {@code options}, registers it (MCPTT) and affiliates it to {@code groups}. */
  static McClient registered(List<? super McClient> owned, ClientOptions options, String... groups) throws Exception {
    McClient c = McClient.start(options);
    owned.add(c);
    assertThat(get(c.register(List.of(McService.MCPTT), 600)).status()).isEqualTo(200);
    if (groups.length > 0) {
      assertThat(get(c.affiliate(McService.MCPTT, Arrays.stream(groups).map(McServiceGroupId::of).toList())).status()).isEqualTo(200);
    }
    return c;
  }

  static SipResponse get(CompletableFuture<SipResponse> f) throws Exception {
    return f.get(40, TimeUnit.SECONDS);
  }

  /** A group regroup's targets: the groups {@code uris}. */
  static org.muster.core.flow.RegroupTargets groups(String... uris) {
    return new org.muster.core.flow.RegroupTargets.Groups(Arrays.stream(uris).map(McServiceGroupId::of).toList());
  }

  /** Regroup {@code rg} as {@code GET /api/regroups?group=} of the admin API on loopback port {@code http} shows it. */
  static JsonNode regroupAt(int http, McServiceGroupId rg) throws Exception {
    HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
        + "/api/regroups?group=" + URLEncoder.encode(rg.uri(), StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    return new ObjectMapper().readTree(resp.body());
  }

  /** The member {@code contact} of regroup {@code rg} in {@link #regroupAt}. */
  static JsonNode memberAt(int http, McServiceGroupId rg, String contact) throws Exception {
    JsonNode view = regroupAt(http, rg);
    for (JsonNode m : view.path("members")) {
      if (m.path("client").asText().equals(contact)) return m;
    }
    throw new AssertionError("no member " + contact + " in " + view);
  }
}
