package org.muster.app.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

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
}
