package org.muster.bench;

import org.muster.app.Servers;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.MemberState;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;
import org.muster.sip.server.MusterServer;
import org.muster.sip.stack.JainSipEndpoint;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.SipResponse;

/**
 * One benchmark set-up on loopback: a Muster server with N simulated clients registered and
 * affiliated over SIP, the dispatcher's driver, and a bare JAIN-SIP endpoint for the baseline
 * that sends to the very same simulated clients.
 */
final class Testbed implements AutoCloseable {
  static final long WAIT_MS = 120_000;
  /** Pause before each measured step (after a GC), for late answers and timers of the previous one. */
  static final long SETTLE_MS = Long.getLong("bench.settleMs", 300);
  final BenchSystem system;
  final SimulatedClients clients;
  final MusterServer server;
  /** Two instances on one store: the second (clients {@link #atSecond} register with it), else null. */
  final MusterServer second;
  private final java.util.function.IntPredicate atSecond;
  private final ClientDriver secondDriver;
  final MemberEvents events = new MemberEvents();
  final ClientDriver driver;
  private final JainSipEndpoint bare;
  private final EncodedBody bareBody;
  final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
  double setupMs;
  double registerRate;

  Testbed(BenchSystem system, int sockets, int window, Progress progress) throws Exception {
    this(system, sockets, window, progress, Testbed::defaultServer);
  }

  /** The same on the server {@code start} starts for the system's configuration. */
  Testbed(BenchSystem system, int sockets, int window, Progress progress,
      java.util.function.Function<org.muster.core.config.McSystemConfig, MusterServer> start) throws Exception {
    this(system, sockets, window, progress, start, null, i -> false);
  }

  /**
   * Two server instances of the system on one store ({@code startSecond}): client {@code i}
   * registers and affiliates with the second when {@code atSecond} holds, else with the first;
   * the dispatcher always with the first.
   */
  Testbed(BenchSystem system, int sockets, int window, Progress progress,
      java.util.function.Function<org.muster.core.config.McSystemConfig, MusterServer> start,
      java.util.function.Function<org.muster.core.config.McSystemConfig, MusterServer> startSecond,
      java.util.function.IntPredicate atSecond) throws Exception {
    this.system = system;
    this.clients = new SimulatedClients(system.users, sockets);
    this.server = start.apply(system.config);
    server.onEvent(events);
    this.second = startSecond == null ? null : startSecond.apply(system.config);
    this.atSecond = atSecond;
    if (second != null) second.onEvent(events);
    this.secondDriver = second == null ? null : new ClientDriver("127.0.0.1", second.sipPort());
    this.driver = new ClientDriver("127.0.0.1", server.sipPort());
    this.bare = JainSipEndpoint.start("bench-bare", "127.0.0.1", 0, r -> r.respond(200, "OK"));
    // the baseline sends the body Muster sends a client, encoded once
    this.bareBody = RegroupBody.encode(RegroupDocument.create(McService.MCPTT, BenchSystem.DISPATCHER, BenchSystem.TEMPLATE,
        BenchSystem.regroupGroup("baseline"), new RegroupTargets.Groups(system.allFanOutGroups())).toClient(BenchSystem.user(0), false));
    long t0 = System.nanoTime();
    String disp = clients.contactOf("disp");
    ensure(driver.register(BenchSystem.DISPATCHER, disp).get(10, TimeUnit.SECONDS), "dispatcher REGISTER");
    int n = system.users;
    ClientDriver.windowed(n, window, i -> driverOf(i).register(BenchSystem.user(i), clients.contact(i)), progress, "REGISTER");
    double regMs = Stats.millis(System.nanoTime() - t0);
    registerRate = n / (regMs / 1000.0);
    ClientDriver.windowed(n, window, i -> driverOf(i).affiliate(BenchSystem.user(i), clients.contact(i), system.groupsOf(i)), progress, "PUBLISH");
    setupMs = Stats.millis(System.nanoTime() - t0);
    int affiliated = server.query(core -> core.stats().affiliations()).get(10, TimeUnit.SECONDS)
        + (second == null ? 0 : second.query(core -> core.stats().affiliations()).get(10, TimeUnit.SECONDS));
    if (affiliated != 2 * n) throw new IllegalStateException("expected " + 2 * n + " affiliations, server has " + affiliated);
  }

  /**
   * In memory, or with {@code -Dmuster.bench.store=DIR|JDBC-URL} on the durable store (file H2 or
   * PostgreSQL), to compare the two in the same harness (issue: durable store cost).
   */
  private static MusterServer defaultServer(org.muster.core.config.McSystemConfig config) {
    String store = System.getProperty("muster.bench.store");
    if (store == null) return Servers.inMemory(config);
    String where = store.startsWith("jdbc:") ? store : store + "-" + (config.users().size() - 1) + "-" + System.nanoTime();
    return MusterServer.start(config, java.time.Clock.systemUTC(), org.muster.store.JdbcStateStore.open(where));
  }

  private ClientDriver driverOf(int client) {
    return second != null && atSecond.test(client) ? secondDriver : driver;
  }

  private static void ensure(SipResponse r, String what) {
    if (!r.isSuccess()) throw new IllegalStateException(what + ": " + r.status() + " " + r.reason() + " " + r.header("Warning").orElse(""));
  }

  /** The bare stack sends one MESSAGE to each client, all at once, as Muster's client link does. */
  StepResult baseline(int round) throws Exception {
    int n = system.users;
    settle();
    SimulatedClients.Phase phase = clients.newPhase(n);
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch answered = new CountDownLatch(n);
    AtomicLong lastAnswer = new AtomicLong();
    String psi = McService.MCPTT.psi(BenchSystem.DOMAIN);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String contact = clients.contact(i);
      int port = Integer.parseInt(contact.substring(contact.lastIndexOf(':') + 1));
      bare.send(new OutgoingRequest("MESSAGE", contact, psi, BenchSystem.user(i).uri(), "127.0.0.1", port, "UDP",
          List.of(), bareBody.contentType(), bareBody.body())).thenAccept(r -> {
            if (r.isSuccess()) ok.incrementAndGet();
            lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
            answered.countDown();
          });
    }
    boolean all = phase.await(WAIT_MS);
    boolean allAnswered = answered.await(WAIT_MS, TimeUnit.MILLISECONDS);
    long last = lastAnswer.get();
    return new StepResult("baseline", round, n, -1, all ? Stats.millis(phase.doneNanos() - t0) : -1, -1,
        allAnswered ? Stats.millis(last - t0) : -1, ok.get(), n - ok.get(), phase.total());
  }

  /** The dispatcher regroups all fan-out groups into a new regroup group (10.xx.3.2.1). */
  StepResult create(int round, McServiceGroupId regroupGroup) throws Exception {
    int n = system.users;
    settle();
    SimulatedClients.Phase phase = clients.newPhase(n);
    MemberEvents.Step step = events.newStep(n);
    long t0 = System.nanoTime();
    SipResponse answer = driver.regroup(regroupGroup, system.allFanOutGroups()).get(WAIT_MS, TimeUnit.MILLISECONDS);
    long tAnswer = System.nanoTime();
    ensure(answer, "regroup " + regroupGroup);
    return measured("create", round, regroupGroup, t0, tAnswer, phase, step, MemberState.AFFILIATED, MemberState.ACKNOWLEDGED);
  }

  /** The dispatcher cancels the regroup (10.xx.3.2.3). */
  StepResult cancel(int round, McServiceGroupId regroupGroup) throws Exception {
    int n = system.users;
    settle();
    SimulatedClients.Phase phase = clients.newPhase(n);
    MemberEvents.Step step = events.newStep(n);
    long t0 = System.nanoTime();
    SipResponse answer = driver.cancel(regroupGroup).get(WAIT_MS, TimeUnit.MILLISECONDS);
    long tAnswer = System.nanoTime();
    ensure(answer, "cancel " + regroupGroup);
    return measured("cancel", round, regroupGroup, t0, tAnswer, phase, step, MemberState.DEAFFILIATED, MemberState.CANCEL_ACKNOWLEDGED);
  }

  private StepResult measured(String kind, int round, McServiceGroupId regroupGroup, long t0, long tAnswer, SimulatedClients.Phase phase,
      MemberEvents.Step step, MemberState affiliated, MemberState acked) throws Exception {
    int n = system.users;
    boolean all = phase.await(WAIT_MS);
    long tAff = step.await(affiliated, WAIT_MS);
    step.awaitAnswers(WAIT_MS); // unanswered or failed deliveries end in the server's own timeout (Timer F)
    long tAck = step.reachedAt(acked);
    if (step.total(acked) < n) unacknowledged(kind + " round " + round, regroupGroup, acked);
    return new StepResult(kind, round, n, Stats.millis(tAnswer - t0), all ? Stats.millis(phase.doneNanos() - t0) : -1,
        tAff < 0 ? -1 : Stats.millis(tAff - t0), tAck < 0 ? -1 : Stats.millis(tAck - t0), step.total(acked), n - step.total(acked), phase.total());
  }

  /** What the server recorded for (up to 3) clients whose acknowledgement it did not record. */
  private void unacknowledged(String step, McServiceGroupId regroupGroup, MemberState acked) throws Exception {
    List<String> found = server.query(core -> core.regroup(regroupGroup).map(r -> r.outcomes().entrySet().stream()
        .filter(e -> e.getValue().stream().noneMatch(x -> x.state() == acked))
        .limit(3).map(e -> step + ": " + e.getKey().contact() + " " + e.getValue().stream().map(x -> x.state() + "(" + x.detail() + ")").toList())
        .toList()).orElse(List.of())).get(10, TimeUnit.SECONDS);
    notes.addAll(found);
  }

  /** Lets the previous step's garbage and late answers go before a measured step. */
  static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(SETTLE_MS);
  }

  @Override
  public void close() {
    bare.close();
    driver.close();
    if (secondDriver != null) secondDriver.close();
    if (second != null) second.close();
    server.close();
    clients.close();
  }
}
