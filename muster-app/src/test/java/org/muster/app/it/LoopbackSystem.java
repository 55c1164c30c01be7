package org.muster.app.it;

import org.muster.app.Servers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.McSystemConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.RegroupEvent;
import org.muster.core.server.McServiceServer;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;
import org.muster.sip.stack.SipResponse;

/**
 * A running MC system on a free loopback port with the sample users of the scenario tests, and
 * helpers to bring up clients. Closes everything it started.
 */
final class LoopbackSystem implements AutoCloseable {
  static final String YAML = """
      system:
        id: metro
        domain: metro.example
        sip: 127.0.0.1:0
      users:
        - id: sip:disp1@metro.example
          may: [group-regroup, user-regroup, cancel-regroup]
          password: disp1-secret
        - id: sip:disp2@metro.example
          may: [group-regroup]
          password: disp2-secret
        - id: sip:ff1@metro.example
          password: ff1-secret
        - id: sip:ff2@metro.example
          password: ff2-secret
        - id: sip:pol1@metro.example
          password: pol1-secret
        - id: sip:amb1@metro.example
          password: amb1-secret
        - id: sip:x1@metro.example
          password: x1-secret
      groups:
        - id: sip:fire@metro.example
          members: [sip:ff1@metro.example, sip:ff2@metro.example]
        - id: sip:police@metro.example
          members: [sip:pol1@metro.example]
        - id: sip:ambulance@metro.example
          members: [sip:amb1@metro.example]
        - id: sip:ptt-only@metro.example
          services: [mcptt]
          members: [sip:ff1@metro.example]
        - id: sip:mixed@metro.example
          members: [sip:ff1@metro.example, sip:x1@metro.example]
        - id: sip:tmpl-incident@metro.example
          preconfigured-regroup-only: true
          members: [sip:ff1@metro.example, sip:ff2@metro.example, sip:pol1@metro.example, sip:amb1@metro.example]
        - id: sip:tmpl-broadcast@metro.example
          preconfigured-regroup-only: true
          broadcast: true
          members: [sip:ff1@metro.example, sip:ff2@metro.example, sip:pol1@metro.example, sip:amb1@metro.example]
      """;

  final MusterServer server;
  final List<RegroupEvent> events = new CopyOnWriteArrayList<>();
  private final List<McClient> clients = new ArrayList<>();

  LoopbackSystem() throws Exception {
    this(YAML);
  }

  LoopbackSystem(String yaml) throws Exception {
    this(yaml, java.time.Clock.systemUTC());
  }

  LoopbackSystem(String yaml, java.time.Clock clock) throws Exception {
    McSystemConfig config = ProvisioningLoader.parse(yaml, "test.yaml");
    server = Servers.inMemory(config, clock);
    server.onEvent(events::add);
  }

  static McServiceId user(String name) {
    return McServiceId.of("sip:" + name + "@metro.example");
  }

  /** The test systems' password of user {@code name}: {@code NAME-secret}. */
  static String password(String name) {
    return name + "-secret";
  }

  static McServiceGroupId group(String name) {
    return McServiceGroupId.of("sip:" + name + "@metro.example");
  }

  /** A client of {@code name}, registered for all three services. */
  McClient registered(String name) throws Exception {
    return registered(name, List.of(McService.values()), true);
  }

  McClient registered(String name, List<McService> services, boolean ack) throws Exception {
    McClient c = McClient.start(ClientOptions.loopback(user(name), "metro.example", server.sipPort()).withAcknowledge(ack).withPassword(password(name)));
    clients.add(c);
    SipResponse r = get(c.register(services, 600));
    if (r.status() != 200) throw new AssertionError("REGISTER of " + name + " answered " + r.status());
    return c;
  }

  /** A client of {@code name} that is not registered, answering challenges with {@code password} (none: null). */
  McClient client(String name, String password) {
    var options = ClientOptions.loopback(user(name), "metro.example", server.sipPort());
    McClient c = McClient.start(password == null ? options : options.withPassword(password));
    clients.add(c);
    return c;
  }

  /** {@code c}, closed with the system. */
  McClient track(McClient c) {
    clients.add(c);
    return c;
  }

  /** Tries to register {@code name}; null when the server refused (403). */
  McClient registeredOrNull(String name) throws Exception {
    McClient c = McClient.start(ClientOptions.loopback(user(name), "metro.example", server.sipPort()).withPassword(password(name)));
    SipResponse r = get(c.register(List.of(McService.MCPTT), 600));
    if (r.status() == 200) {
      clients.add(c);
      return c;
    }
    c.close();
    if (r.status() != 403) throw new AssertionError("REGISTER of unknown " + name + " answered " + r.status());
    return null;
  }

  /** Registered and affiliated to {@code groups} for {@code service}. */
  McClient affiliated(String name, McService service, String... groups) throws Exception {
    McClient c = registered(name);
    SipResponse r = get(c.affiliate(service, java.util.Arrays.stream(groups).map(LoopbackSystem::group).toList()));
    if (r.status() != 200) throw new AssertionError("PUBLISH of " + name + " answered " + r.status() + " " + r.header("Warning"));
    return c;
  }

  static SipResponse get(CompletableFuture<SipResponse> f) throws Exception {
    return f.get(40, TimeUnit.SECONDS);
  }

  <T> T core(java.util.function.Function<McServiceServer, T> f) throws Exception {
    return server.query(f).get(10, TimeUnit.SECONDS);
  }

  /** Clients affiliated to the regroup group of the active or recent regroup {@code rg}. */
  int participants(String rg) throws Exception {
    return core(c -> c.regroup(group(rg)).orElseThrow().participants().size());
  }

  int activeRegroups() throws Exception {
    return core(c -> c.activeRegroups().size());
  }

  int affiliatedTo(String g, McService service) throws Exception {
    return core(c -> c.affiliatedTo(group(g), service).size());
  }

  /** Waits (bounded) until an event matching {@code p} was published; returns it. */
  RegroupEvent awaitEvent(Predicate<RegroupEvent> p) {
    return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> events.stream().filter(p).findFirst().orElse(null), e -> e != null);
  }

  @Override
  public void close() {
    for (McClient c : clients) c.close();
    server.close();
  }
}
