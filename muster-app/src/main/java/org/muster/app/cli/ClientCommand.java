package org.muster.app.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;
import org.muster.sip.stack.SipResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code muster client}: an MC service client. Registers, affiliates, prints every regroup
 * request and cancel it receives (and acknowledges it), with the configuration of the regroup's
 * preconfigured group from the system's GMS (and, at start, every group configuration it holds),
 * and reads commands from standard input:
 * {@code affiliate G...}, {@code regroup-groups RG TMPL G...}, {@code regroup-users RG TMPL U...},
 * {@code cancel RG}, {@code quit}. Logs off on quit, end of input with --exit-on-eof, or Ctrl-C.
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Run an MC service client (register, affiliate, show regroups).")
public final class ClientCommand implements Callable<Integer> {
  @Mixin ClientSetup setup;

  @Option(names = "--affiliate", split = ",", paramLabel = "URI", description = "Groups to affiliate to after registering.")
  List<String> affiliate = new ArrayList<>();

  @Option(names = "--no-ack", description = "Do not acknowledge regroup requests (the acknowledgement is optional).")
  boolean noAck;

  @Option(names = "--exit-on-eof", description = "Log off and exit when standard input ends.")
  boolean exitOnEof;

  @Option(names = "--expires", paramLabel = "SECONDS", defaultValue = "" + ClientSetup.REGISTRATION_SECONDS,
      description = "Registration lifetime asked for (default: ${DEFAULT-VALUE}); refreshed at half-time while the client runs.")
  int expires;

  private McClient client;
  /** From the system's GMS (10.2.7), when the system has an http address; empty otherwise. */
  private Optional<GroupConfigurations> gms = Optional.empty();
  private volatile Map<String, GroupConfigurations.Held> held = Map.of();

  @Override
  public Integer call() {
    if (expires < 1 || expires > 3600) {
      System.err.println("muster client: --expires: must be 1 to 3600 seconds, was " + expires);
      return 2;
    }
    setup.registrationSeconds = expires;
    try {
      client = setup.connect(!noAck);
    } catch (ClientSetup.UsageProblem e) {
      System.err.println("muster client: " + e.getMessage());
      return 2;
    }
    ScheduledExecutorService refresher = refreshing(setup.grantedSeconds);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      refresher.shutdownNow();
      ClientSetup.await(client.logOff());
      client.close();
      done.countDown();
    }, "muster-client-logoff");
    Runtime.getRuntime().addShutdownHook(hook);
    client.onNotification(this::show);
    say("registered", Map.of("user", setup.user, "contact", client.contact()), "registered " + setup.user + " at " + client.contact());
    fetchConfiguration();
    if (!affiliate.isEmpty()) command("affiliate " + String.join(" ", affiliate));
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.trim().equals("quit")) break;
        if (!line.isBlank()) command(line.trim());
      }
      if (line == null && !exitOnEof) done.await();
    } catch (Exception e) {
      System.err.println("muster client: " + e.getMessage());
    }
    // quit, or the end of input with --exit-on-eof: stop refreshing and log off now, not at the
    // JVM's exit (the command may run inside another program); Ctrl-C did it in the hook already
    try {
      if (Runtime.getRuntime().removeShutdownHook(hook)) hook.run();
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran)
    }
    return 0;
  }

  /**
   * Registers again every half of the granted lifetime, so the server keeps this client while it
   * runs (and drops it within the lifetime once it stopped without a log-off). A refresh the
   * server refuses is said once; the next one tries again.
   */
  private ScheduledExecutorService refreshing(int grantedSeconds) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "muster-client-refresh");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(500, grantedSeconds * 1000L / 2);
    timer.scheduleWithFixedDelay(() -> {
      try {
        SipResponse r = ClientSetup.await(client.register(setup.serviceSet(), expires));
        if (!r.isSuccess()) say("error", Map.of("error", "registration refresh: " + ClientSetup.describe(r)),
            "registration refresh: " + ClientSetup.describe(r));
      } catch (ClientSetup.UsageProblem | RuntimeException e) {
        say("error", Map.of("error", "registration refresh: " + e.getMessage()), "registration refresh: " + e.getMessage());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return timer;
  }

  private void command(String line) {
    List<String> w = Arrays.asList(line.split("\\s+"));
    try {
      McService service = setup.firstService();
      SipResponse r;
      switch (w.get(0)) {
        case "affiliate" -> {
          List<McServiceGroupId> groups = w.subList(1, w.size()).stream().map(McServiceGroupId::new).toList();
          for (McService s : setup.serviceSet()) {
            r = ClientSetup.await(client.affiliate(s, groups));
            say("affiliation", Map.of("service", s.name(), "groups", groups.toString(), "status", r.status()),
                s.name() + " affiliation " + groups + ": " + ClientSetup.describe(r));
          }
          return;
        }
        case "regroup-groups", "regroup-users" -> {
          if (w.size() < 4) throw new IllegalArgumentException(w.get(0) + " needs REGROUP-GROUP PRECONFIGURED-GROUP and a list");
          RegroupTargets t = w.get(0).equals("regroup-groups")
              ? new RegroupTargets.Groups(w.subList(3, w.size()).stream().map(McServiceGroupId::new).toList())
              : new RegroupTargets.Users(w.subList(3, w.size()).stream().map(McServiceId::new).toList());
          r = ClientSetup.await(client.regroup(service, new McServiceGroupId(w.get(1)), new McServiceGroupId(w.get(2)), t));
        }
        case "cancel" -> {
          if (w.size() != 2) throw new IllegalArgumentException("cancel needs REGROUP-GROUP");
          r = ClientSetup.await(client.cancel(service, new McServiceGroupId(w.get(1))));
        }
        default -> throw new IllegalArgumentException("unknown command '" + w.get(0) + "' (affiliate, regroup-groups, regroup-users, cancel, quit)");
      }
      say("result", Map.of("command", w.get(0), "status", r.status(), "reason", ClientSetup.describe(r)), w.get(0) + ": " + ClientSetup.describe(r));
    } catch (IllegalArgumentException | ClientSetup.UsageProblem e) {
      say("error", Map.of("error", String.valueOf(e.getMessage())), "error: " + e.getMessage());
    }
  }

  /** The group configurations this user holds, from the GMS: one line each. */
  private void fetchConfiguration() {
    try {
      var sys = setup.system();
      if (sys.system().http().isEmpty()) return;
      gms = Optional.of(new GroupConfigurations(sys.system().http().get(), McServiceId.of(setup.user), setup.credential()));
      held = gms.get().fetch();
      for (GroupConfigurations.Held h : held.values()) say("configuration", Map.of("group", h.uri(), "services", h.services(),
          "preconfiguredRegroupOnly", h.preconfiguredRegroupOnly(), "broadcast", h.broadcast(), "sharedBy", h.sharedBy().orElse("")),
          "holds " + h.describe());
    } catch (Exception e) {
      say("error", Map.of("error", "group configuration not fetched: " + e.getMessage()), "group configuration not fetched: " + e.getMessage());
    }
  }

  /** A regroup arrived: the configuration of its preconfigured group, fetched again if it is new to this client. */
  private void showConfigurationOf(String group) {
    if (gms.isEmpty()) return;
    if (!held.containsKey(group)) {
      try {
        held = gms.get().fetch();
      } catch (Exception e) {
        say("error", Map.of("error", "group configuration not fetched: " + e.getMessage()), "group configuration not fetched: " + e.getMessage());
        return;
      }
    }
    GroupConfigurations.Held h = held.get(group);
    if (h == null) {
      say("configuration", Map.of("group", group, "held", false), "configuration of " + group + ": not held by " + setup.user);
    } else {
      say("configuration", Map.of("group", h.uri(), "services", h.services(), "preconfiguredRegroupOnly", h.preconfiguredRegroupOnly(),
          "broadcast", h.broadcast(), "sharedBy", h.sharedBy().orElse("")), "configuration of " + h.describe());
    }
  }

  private void show(RegroupNotification n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", n.service().name());
    m.put("action", n.cancel() ? "remove" : "create");
    m.put("regroupGroup", n.regroupGroup().uri());
    n.configurationGroup().ifPresent(g -> m.put("preconfiguredGroup", g.uri()));
    n.targets().ifPresent(t -> m.put(t instanceof RegroupTargets.Groups ? "groups" : "users",
        t instanceof RegroupTargets.Groups g ? g.groups().stream().map(McServiceGroupId::uri).toList()
            : ((RegroupTargets.Users) t).users().stream().map(McServiceId::uri).toList()));
    n.requester().ifPresent(u -> m.put("requester", u.uri()));
    m.put("broadcast", n.broadcast());
    m.put("from", n.from());
    say("regroup", m, n.describe());
    if (!n.cancel()) n.configurationGroup().ifPresent(g -> showConfigurationOf(g.uri()));
  }

  private synchronized void say(String kind, Map<String, ?> fields, String readable) {
    if (setup.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("event", kind);
      m.putAll(fields);
      System.out.println(Outcomes.toJson(m));
    } else {
      System.out.println(readable);
    }
    System.out.flush();
  }
}
