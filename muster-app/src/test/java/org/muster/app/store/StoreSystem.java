package org.muster.app.store;

import org.muster.app.testing.FreePorts;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.McSystemConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipResponse;

/** Shared by the store ITs: one MC system's provisioning on a given port and store, and its clients. */
final class StoreSystem {
  static final String DOMAIN = "metro.example";

  private StoreSystem() {}

  /** Provisioning of metro on {@code port} with {@code store}; groups g0..g9 hold ff1, tmpl holds everyone. */
  static String yaml(int port, String store) {
    StringBuilder groups = new StringBuilder();
    for (int i = 0; i < 10; i++) groups.append("  - {id: sip:g").append(i).append("@metro.example, members: [sip:ff1@metro.example]}\n");
    return """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, store: '%s'}
        users:
          - {id: sip:disp1@metro.example, may: [group-regroup, user-regroup, cancel-regroup], password: disp1-secret}
          - {id: sip:ff1@metro.example, password: ff1-secret}
          - {id: sip:pol1@metro.example, password: pol1-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example]}
          - {id: sip:police@metro.example, members: [sip:pol1@metro.example]}
          - {id: sip:rescue@metro.example, members: [sip:ff1@metro.example]}
          - {id: sip:traffic@metro.example, members: [sip:pol1@metro.example]}
          - {id: sip:tmpl@metro.example, preconfigured-regroup-only: true, members: [sip:ff1@metro.example, sip:pol1@metro.example]}
        %s""".formatted(port, store, groups);
  }

  static McSystemConfig config(int port, String store) throws Exception {
    return ProvisioningLoader.parse(yaml(port, store), "store-it.yaml");
  }

  static McServiceId user(String name) {
    return McServiceId.of("sip:" + name + "@" + DOMAIN);
  }

  static McServiceGroupId group(String name) {
    return McServiceGroupId.of("sip:" + name + "@" + DOMAIN);
  }

  /** A client of {@code name} toward the server on {@code port}, registered for MCPTT. */
  static McClient registered(List<McClient> clients, String name, int port) throws Exception {
    McClient c = McClient.start(ClientOptions.loopback(user(name), DOMAIN, port).withPassword(name + "-secret"));
    clients.add(c);
    SipResponse r = get(c.register(List.of(McService.MCPTT), 600));
    if (r.status() != 200) throw new AssertionError("REGISTER of " + name + " answered " + r.status());
    return c;
  }

  static McClient affiliated(List<McClient> clients, String name, int port, String group) throws Exception {
    McClient c = registered(clients, name, port);
    SipResponse r = get(c.affiliate(McService.MCPTT, List.of(group(group))));
    if (r.status() != 200) throw new AssertionError("PUBLISH of " + name + " answered " + r.status());
    return c;
  }

  static SipResponse get(CompletableFuture<SipResponse> f) throws Exception {
    return f.get(40, TimeUnit.SECONDS);
  }

  static String warning(SipResponse r) {
    return r.header("Warning").orElse("");
  }

  /** Closes the clients side by side (each stack's stop waits about a second) and forgets them. */
  static void closeAll(List<McClient> clients) {
    CompletableFuture.allOf(new ArrayList<>(clients).stream().map(c -> CompletableFuture.runAsync(c::close, r -> new Thread(r, "close-client").start())).toArray(CompletableFuture[]::new))
        .orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    clients.clear();
  }
}
