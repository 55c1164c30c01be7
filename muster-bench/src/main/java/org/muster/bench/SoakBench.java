package org.muster.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.muster.app.Servers;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.Retention;
import org.muster.core.config.SystemSettings;
import org.muster.core.id.McServiceGroupId;
import org.muster.sip.stack.SipResponse;
import org.muster.store.StoreLocation;

/**
 * The soak (issue 14, item 8): a server on a durable H2 file store with a small retention, a few
 * hundred simulated clients registered and affiliated, and a steady offered rate of regroup
 * create/cancel cycles from a few dispatchers, each on its own admission group of clients (one
 * cycle at a time). A cycle is the create, every client of the group receiving it, the cancel,
 * every client receiving that. Each interval it reports cycles, errors, answer latencies, live
 * heap after a forced GC, the store's size on disk and rows, and the JVM's threads; at the end
 * {@link SoakVerdict} judges the run.
 */
final class SoakBench {
  /** A create or cancel not answered within this is an error. */
  static final long ANSWER_TIMEOUT_MS = 10_000;
  /** Clients that have not received the request within this are an error (the server retries after 2, 4 and 8 s). */
  static final long DELIVERY_TIMEOUT_MS = 30_000;
  /** Registrations and affiliations are refreshed this often (they are made with Expires 3600). */
  static final long REFRESH_MS = 30 * 60_000;
  private static final int KEPT_ERRORS = 20;

  private final BenchOptions o;
  private final Testbed bed;
  private final Path storeDir;
  private final int dispatchers;
  private final AtomicReference<Interval> current = new AtomicReference<>(new Interval());
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  /** Per dispatcher: the request its clients are expected to receive now. */
  private final AtomicReference<Expected>[] expected;
  private volatile boolean stopping;

  @SuppressWarnings("unchecked")
  private SoakBench(BenchOptions o, Testbed bed, Path storeDir) {
    this.o = o;
    this.bed = bed;
    this.storeDir = storeDir;
    this.dispatchers = bed.system.admissionGroups;
    this.expected = new AtomicReference[dispatchers];
    for (int k = 0; k < dispatchers; k++) expected[k] = new AtomicReference<>();
  }

  /**
   * The request (create or remove, of one regroup group) that {@code members} clients of one
   * dispatcher are to receive, and who did.
   */
  record Expected(String regroupMarker, String actionMarker, int members, SimulatedClients.Phase phase) {
    boolean matches(String text) {
      return text.contains(regroupMarker) && text.contains(actionMarker);
    }
  }

  /** What one interval saw, filled by the dispatchers while it runs. */
  static final class Interval {
    final AtomicInteger cycles = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger missingNotifications = new AtomicInteger();
    final List<Double> createMs = Collections.synchronizedList(new ArrayList<>());
    final List<Double> cancelMs = Collections.synchronizedList(new ArrayList<>());
  }

  /** Runs the soak {@code o} describes; prints a line per interval on {@code out}; returns the JSON figures. */
  static Map<String, Object> run(BenchOptions o, Progress progress, PrintStream out) throws Exception {
    if (o.soakDispatchers > o.soakClients) throw new IllegalArgumentException("--soak-dispatchers must not exceed --soak-clients");
    Path dir = Files.createTempDirectory("muster-soak-");
    Retention retention = new Retention(Retention.DEFAULT_DAYS, o.soakRetention);
    progress.stage("soak set-up, " + o.soakClients + " clients");
    BenchSystem system = new BenchSystem(o.soakClients, o.soakDispatchers, o.soakDispatchers);
    try (Testbed bed = new Testbed(system, o.sockets, o.window, progress, c -> Servers.durable(durable(c, dir, retention)))) {
      progress.done();
      return new SoakBench(o, bed, dir).soak(retention, out);
    } finally {
      deleteTree(dir);
    }
  }

  /** The system on a file store in {@code dir} (an embedded H2 file, as {@code muster server} keeps it) with {@code retention}. */
  private static McSystemConfig durable(McSystemConfig c, Path dir, Retention retention) {
    SystemSettings s = c.system();
    return c.withSystem(new SystemSettings(s.id(), s.domain(), s.sip(), s.http(), dir.toString(), s.security(), retention));
  }

  private Map<String, Object> soak(Retention retention, PrintStream out) throws Exception {
    long intervalNs = o.soakInterval * 1_000_000_000L;
    int intervals = (int) Math.max(1, Math.ceil(o.soakMinutes * 60 / o.soakInterval));
    bed.clients.onMessage(this::received);
    out.printf("soak: %d clients, %d dispatchers, %.1f cycles/s offered, retention %d regroups, %d intervals of %d s, store %s%n",
        o.soakClients, dispatchers, o.soakRate, retention.regroups(), intervals, o.soakInterval, storeDir);
    out.println(SoakVerdict.header());
    List<Map<String, Object>> lines = new ArrayList<>();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < dispatchers; k++) {
      final int slot = k;
      Thread t = new Thread(() -> dispatch(slot, start), "soak-dispatcher-" + k);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    Thread refresher = new Thread(this::refresh, "soak-refresh");
    refresher.setDaemon(true);
    refresher.start();
    try (Connection db = DriverManager.getConnection(StoreLocation.folder(storeDir).jdbcUrl(), "sa", "")) {
      for (int i = 1; i <= intervals; i++) {
        // the live heap floor: the least of three readings after a forced GC, a third of the interval apart
        double floor = Double.MAX_VALUE;
        for (int third = 1; third <= 3; third++) {
          long wait = start + (i - 1) * intervalNs + third * intervalNs / 3 - System.nanoTime();
          if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
          if (third < 3) floor = Math.min(floor, heapAfterGc());
        }
        Interval done = current.getAndSet(new Interval());
        Map<String, Object> line = measure(i, (System.nanoTime() - start) / 1e9, done, db, floor);
        lines.add(line);
        out.println(SoakVerdict.line(line));
      }
      stopping = true;
      refresher.interrupt();
      for (Thread t : threads) t.join(ANSWER_TIMEOUT_MS * 2 + DELIVERY_TIMEOUT_MS * 2 + 5_000);
      Interval tail = current.get();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("clients", o.soakClients);
      result.put("dispatchers", dispatchers);
      result.put("offeredCyclesPerSecond", o.soakRate);
      result.put("retentionRegroups", retention.regroups());
      result.put("intervalSeconds", o.soakInterval);
      result.put("store", "embedded H2 file in a temporary folder (deleted at the end)");
      result.put("intervals", lines);
      result.put("afterLastInterval", Map.of("cycles", tail.cycles.get(), "errors", tail.errors.get()));
      result.put("errorSamples", List.copyOf(errors));
      SoakVerdict verdict = SoakVerdict.judge(lines, tail.errors.get(), retention.regroups(), o.soakInterval, dispatchers);
      result.put("verdict", verdict.json());
      out.print(verdict.text());
      return result;
    }
  }

  /** One dispatcher: a cycle every {@code dispatchers / rate} seconds (at once when behind), until the soak stops. */
  private void dispatch(int slot, long start) {
    long period = (long) (dispatchers / o.soakRate * 1e9);
    long next = start + slot * period / dispatchers;
    for (int n = 1; !stopping; n++) {
      long wait = next - System.nanoTime();
      try {
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        return;
      }
      if (stopping) return;
      next = Math.max(next + period, System.nanoTime());
      cycle(slot, BenchSystem.regroupGroup("s" + slot + "-" + n));
    }
  }

  /** Create, all clients notified, cancel, all clients notified of the cancel (10.xx.3.2.1, 10.xx.3.2.3). */
  private void cycle(int slot, McServiceGroupId rg) {
    Interval in = current.get();
    Expected created = expect(slot, rg, "create");
    if (!request(in, in.createMs, "create " + rg.uri(), bed.driver.regroup(rg, List.of(BenchSystem.admissionGroup(slot))))) return;
    notified(in, created, "create " + rg.uri());
    Expected cancelled = expect(slot, rg, "remove");
    if (!request(in, in.cancelMs, "cancel " + rg.uri(), bed.driver.cancel(rg))) return;
    notified(in, cancelled, "cancel " + rg.uri());
    in.cycles.incrementAndGet();
  }

  /** Waits for the answer; records its latency; false (an error) unless it is a 200 in time. */
  private boolean request(Interval in, List<Double> latencies, String what, CompletableFuture<SipResponse> answer) {
    long t0 = System.nanoTime();
    try {
      SipResponse r = answer.get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      latencies.add(Stats.millis(System.nanoTime() - t0));
      if (r.status() == 200) return true;
      error(in, what + ": " + r.status() + " " + r.reason() + " " + r.header("Warning").orElse(""));
    } catch (TimeoutException e) {
      error(in, what + ": no answer within " + ANSWER_TIMEOUT_MS + " ms");
    } catch (Exception e) {
      error(in, what + ": " + e);
    }
    return false;
  }

  private void notified(Interval in, Expected e, String what) {
    try {
      if (e.phase().await(DELIVERY_TIMEOUT_MS)) return;
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
    long missing = e.members() - e.phase().distinct();
    in.missingNotifications.addAndGet((int) missing);
    error(in, what + ": " + missing + " clients not notified within " + DELIVERY_TIMEOUT_MS + " ms");
  }

  private void error(Interval in, String text) {
    in.errors.incrementAndGet();
    if (errors.size() < KEPT_ERRORS) errors.add(text);
  }

  /** Starts counting the clients of {@code slot} that receive the {@code action} request of {@code rg}. */
  private Expected expect(int slot, McServiceGroupId rg, String action) {
    int members = membersOf(slot);
    // the URI and then the end of its element: rg-s0-1 is not rg-s0-12; the action is regroup-action's text
    Expected e = new Expected(rg.uri() + "<", ">" + action + "<", members, new SimulatedClients.Phase(o.soakClients, members));
    expected[slot].set(e);
    return e;
  }

  /** A MESSAGE reached client {@code client}: counts it for its dispatcher's cycle when it is the request waited for. */
  private void received(String text, int client) {
    if (client < 0) return;
    int slot = client % dispatchers;
    Expected e = expected[slot].get();
    if (e != null && e.matches(text)) e.phase().received(client);
  }

  private int membersOf(int slot) {
    int n = 0;
    for (int i = slot; i < o.soakClients; i += dispatchers) n++;
    return n;
  }

  /** Registers and affiliates every client again, every {@link #REFRESH_MS}, for soaks longer than their Expires. */
  private void refresh() {
    try {
      while (!stopping) {
        Thread.sleep(REFRESH_MS);
        int n = bed.system.users;
        ClientDriver.windowed(n, o.window, i -> bed.driver.register(BenchSystem.user(i), bed.clients.contact(i)), new Progress(true), "REGISTER");
        ClientDriver.windowed(n, o.window, i -> bed.driver.affiliate(BenchSystem.user(i), bed.clients.contact(i), bed.system.groupsOf(i)),
            new Progress(true), "PUBLISH");
      }
    } catch (InterruptedException e) {
      // the soak is over
    } catch (RuntimeException e) {
      error(current.get(), "refreshing registrations: " + e.getMessage());
    }
  }

  /** Heap in use right after one forced full GC, in MiB. */
  private static double heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private Map<String, Object> measure(int index, double atSeconds, Interval done, Connection db, double floor) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("interval", index);
    m.put("atSeconds", Math.round(atSeconds));
    m.put("cycles", done.cycles.get());
    m.put("errors", done.errors.get());
    m.put("missingNotifications", done.missingNotifications.get());
    List<Double> creates = List.copyOf(done.createMs);
    List<Double> cancels = List.copyOf(done.cancelMs);
    m.put("createP50Ms", StepResult.round3(Stats.percentile(creates, 50)));
    m.put("createP99Ms", StepResult.round3(Stats.percentile(creates, 99)));
    m.put("cancelP50Ms", StepResult.round3(Stats.percentile(cancels, 50)));
    m.put("cancelP99Ms", StepResult.round3(Stats.percentile(cancels, 99)));
    double end = heapAfterGc();
    m.put("liveHeapMiB", StepResult.round3(end));
    m.put("liveHeapFloorMiB", StepResult.round3(Math.min(floor, end)));
    m.put("storeMiB", StepResult.round3(sizeOf(storeDir) / 1048576.0));
    m.put("storeRegroups", count(db, "regroup"));
    m.put("storeSteps", count(db, "regroup_step"));
    m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    m.put("activeRegroups", bed.server.query(core -> core.stats().activeRegroups()).get(10, TimeUnit.SECONDS));
    m.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return m;
  }

  private static long count(Connection db, String table) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long sizeOf(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (Exception e) {
      System.err.println("soak: could not delete " + dir + ": " + e);
    }
  }
}
