package org.muster.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.ServerProcess;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;

/**
 * Crash points (issue 14): a stream of 1,000 creates and cancels from four dispatchers against a
 * real {@code muster server} process on an H2 file store, killed with SIGKILL at random points of
 * the stream and started again on the same store. After each kill the store is read directly:
 * every regroup in effect is whole (its regroup group and all its groups claimed, no stray
 * claim), every create answered 200 is in effect unless a cancel of it was answered, nothing
 * answered cancelled is, and a request the kill left unanswered took effect whole or not at
 * all. After each restart the server shows what the store holds, and every client converges:
 * the last notification it got for each regroup group is the regroup in effect that covers one
 * of its groups, or a cancel. The seed is printed; {@code -Dmuster.crash.seed=N} replays its
 * choices (the timing of a real process cannot be replayed).
 */
class CrashPointsIT {
  private static final int OPERATIONS = 1_000;
  private static final int KILLS = 6;
  private static final int DISPATCHERS = 4;
  private static final int REGROUPS_EACH = 5;
  private static final int GROUPS = 12;
  private static final int MEMBERS = 6;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DOMAIN = StoreSystem.DOMAIN;

  @TempDir Path dir;
  private final List<McClient> clients = new ArrayList<>();
  private final List<McClient> dispatchers = new ArrayList<>();
  private ServerProcess server;
  private final HttpClient web = HttpClient.newHttpClient();

  /** A member's client and the last notification it got for each regroup group (by name). */
  private record Member(String name, Set<String> groups, McClient client, Map<String, RegroupNotification> last) {}

  @AfterEach
  void stop() throws Exception {
    StoreSystem.closeAll(clients);
    StoreSystem.closeAll(dispatchers);
    if (server != null) server.close();
  }

  @Test
  void everyAnsweredRequestOutlivesSigkillAtRandomPointsAndEveryClientConverges() throws Exception {
    long seed = Long.getLong("muster.crash.seed", System.nanoTime());
    System.out.println("CrashPointsIT seed " + seed + " (replay its choices with -Dmuster.crash.seed=" + seed + ")");
    Random rnd = new Random(seed);
    Path logs = Path.of("target", "crash-points");
    if (Files.isDirectory(logs)) try (var old = Files.list(logs)) {
      for (Path f : old.toList()) Files.delete(f);
    }
    int port = FreePorts.udpAndTcp();
    int http = FreePorts.udpAndTcp();
    Path config = Files.writeString(dir.resolve("metro.yaml"), yaml(port, http, dir.resolve("store")));
    server = new ServerProcess("metro", port, config).start();
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) members.add(member(i, port));
    int[] dispatcherPorts = new int[DISPATCHERS];
    List<List<String>> owned = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) groups.add("g" + g);
    for (int d = 0; d < DISPATCHERS; d++) {
      dispatcherPorts[d] = FreePorts.udpAndTcp();
      List<String> rgs = new ArrayList<>();
      for (int i = 0; i < REGROUPS_EACH; i++) rgs.add("rg-" + d + "-" + i);
      owned.add(rgs);
    }
    openDispatchers(port, dispatcherPorts);
    CrashStream stream = new CrashStream(OPERATIONS, owned, groups);
    int[] killAt = killPoints(rnd);
    System.out.println("CrashPointsIT kills after request " + java.util.Arrays.toString(killAt));
    long started = System.nanoTime();
    long restarting = 0;

    for (int epoch = 0; epoch <= KILLS; epoch++) {
      CompletableFuture<Void> killed = new CompletableFuture<>();
      List<CompletableFuture<Void>> driving = new ArrayList<>();
      for (int d = 0; d < DISPATCHERS; d++) driving.add(drive(stream, dispatchers.get(d), owned.get(d), new Random(rnd.nextLong()), killed));
      CompletableFuture<Void> all = CompletableFuture.allOf(driving.toArray(CompletableFuture[]::new));
      if (epoch == KILLS) {
        all.get(120, java.util.concurrent.TimeUnit.SECONDS);
        break;
      }
      int at = killAt[epoch];
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> stream.issued() >= at || all.isDone());
      Thread.sleep(rnd.nextInt(12)); // a random point among the requests in flight
      server.kill();
      killed.complete(null);
      keepOutput(server, epoch + 1);
      all.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(stream.problems()).as("answers before kill %d (seed %d)", epoch + 1, seed).isEmpty();
      // the dispatchers' transactions die with their endpoints, so nothing cut off reaches the next server
      CompletableFuture<Void> closed = closeDispatchersAsync();
      long t0 = System.nanoTime();
      StoredRegroups stored = audit(seed, epoch + 1);
      assertThat(stream.settleFromStore(names(stored.regroups()))).as("answered vs stored after kill %d (seed %d)", epoch + 1, seed).isEmpty();
      server = new ServerProcess("metro", port, config).start();
      restarting += System.nanoTime() - t0;
      assertThat(viewOf(http)).as("the restarted server's view after kill %d", epoch + 1).isEqualTo(asSets(names(stored.regroups())));
      awaitConverged(members, stream, "after kill " + (epoch + 1) + " (seed " + seed + ")");
      closed.get(30, java.util.concurrent.TimeUnit.SECONDS);
      openDispatchers(port, dispatcherPorts);
    }
    assertThat(stream.problems()).as("answers (seed %d)", seed).isEmpty();
    Map<String, List<String>> answered = new TreeMap<>();
    stream.books().forEach((rg, b) -> {
      if (b.groups != null) answered.put(rg, b.groups);
    });
    assertThat(viewOf(http)).as("the server's view at the end").isEqualTo(asSets(answered));
    awaitConverged(members, stream, "at the end (seed " + seed + ")");
    server.close();
    StoredRegroups stored = audit(seed, KILLS + 1);
    assertThat(stream.settleFromStore(names(stored.regroups()))).as("answered vs stored at the end").isEmpty();
    System.out.printf("CrashPointsIT: %d requests, %d kills in %d s (%d s of them reading the store and restarting): %d created,"
        + " %d refused (148), %d cancelled, %d cut off by a kill%n", stream.issued(), KILLS, (System.nanoTime() - started) / 1_000_000_000L,
        restarting / 1_000_000_000L, stream.created.get(), stream.refused.get(), stream.cancelled.get(), stream.cutOff.get());
  }

  /**
   * What the killed server printed (its regroup events) and the store file as the kill left it,
   * kept in {@code target/crash-points} for a failure's reader.
   */
  private void keepOutput(ServerProcess killed, int kill) throws java.io.IOException {
    Path logs = Files.createDirectories(Path.of("target", "crash-points"));
    Files.writeString(logs.resolve("server-before-kill-" + kill + ".log"), killed.output());
    Files.copy(dir.resolve("store").resolve("muster.mv.db"), logs.resolve("store-after-kill-" + kill + ".mv.db"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static CompletableFuture<Void> drive(CrashStream stream, McClient disp, List<String> owned, Random rnd, CompletableFuture<Void> killed) {
    return CompletableFuture.runAsync(() -> {
      try {
        stream.drive(disp, owned, rnd, killed);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, r -> new Thread(r, "crash-" + disp.options().user().uri()).start());
  }

  /** {@link #KILLS} distinct points of the stream, in order, at least 20 requests apart. */
  private static int[] killPoints(Random rnd) {
    TreeSet<Integer> points = new TreeSet<>();
    while (points.size() < KILLS) {
      int p = 30 + rnd.nextInt(OPERATIONS - 60);
      Integer lower = points.floor(p);
      Integer higher = points.ceiling(p);
      if ((lower == null || p - lower >= 20) && (higher == null || higher - p >= 20)) points.add(p);
    }
    return points.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Reads the dead (or stopped) server's store directly and asserts each regroup in it is whole. */
  private StoredRegroups audit(long seed, int kill) throws Exception {
    // opened as the restarted server opens it: what it reads is what the next server starts from
    try (Connection c = DriverManager.getConnection(org.muster.store.StoreLocation.folder(dir.resolve("store")).jdbcUrl(), "sa", "")) {
      StoredRegroups stored = StoredRegroups.read(c);
      assertThat(stored.problems()).as("half-applied in the store after kill %d (seed %d)", kill, seed).isEmpty();
      return stored;
    }
  }

  /** The regroups in effect as the server shows them ({@code GET /gms/dynamic-data}): regroup group to its groups. */
  private Map<String, Set<String>> viewOf(int http) throws Exception {
    HttpResponse<String> r = web.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/gms/dynamic-data")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Set<String>> view = new TreeMap<>();
    for (JsonNode e : new ObjectMapper().readTree(r.body()).get("regrouped")) {
      view.computeIfAbsent(name(e.get("regroupGroup").asText()), k -> new HashSet<>()).add(name(e.get("group").asText()));
    }
    return view;
  }

  /**
   * Every member ends with, as its last notification of each regroup group, the regroup in effect
   * if it lists one of the member's groups (with those groups), else a cancel or nothing.
   */
  private static void awaitConverged(List<Member> members, CrashStream stream, String when) {
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      List<String> diverged = new ArrayList<>();
      for (Member m : members) {
        for (CrashStream.Book b : stream.books().values()) {
          boolean in = b.groups != null && b.groups.stream().anyMatch(m.groups::contains);
          RegroupNotification n = m.last.get(b.regroupGroup);
          boolean holds = n != null && !n.cancel();
          if (in && (!holds || !n.targets().map(CrashPointsIT::groupsOf).orElse(Set.copyOf(b.groups)).equals(Set.copyOf(b.groups)))) {
            diverged.add(m.name + " should be in " + b.regroupGroup + " " + b.groups + ", last got " + describe(n) + "; history " + b.history);
          } else if (!in && holds) {
            diverged.add(m.name + " should not be in " + b.regroupGroup + " (in effect: " + b.groups + "), last got " + describe(n) + "; history " + b.history);
          }
        }
      }
      assertThat(diverged).as("clients converged " + when).isEmpty();
    });
  }

  private static String describe(RegroupNotification n) {
    return n == null ? "nothing" : n.describe();
  }

  private static Set<String> groupsOf(RegroupTargets t) {
    Set<String> out = new HashSet<>();
    if (t instanceof RegroupTargets.Groups g) g.groups().forEach(x -> out.add(name(x.uri())));
    return out;
  }

  /** Member {@code i}: registered and affiliated to three of the groups (every group has one or two such members). */
  private Member member(int i, int port) throws Exception {
    String name = "m" + i;
    Set<String> groups = new TreeSet<>(List.of("g" + (2 * i), "g" + (2 * i + 1), "g" + ((2 * i + 7) % GROUPS)));
    Map<String, RegroupNotification> last = new ConcurrentHashMap<>();
    // one request at a time, in arrival order: with the default stack's side-by-side handling, a
    // create and the cancel that followed it within milliseconds could be taken in either order
    McClient c = McClient.start(ClientOptions.loopback(StoreSystem.user(name), DOMAIN, port).withPassword(name + "-secret"),
        org.muster.sip.stack.JainSipOptions.defaults().withThreadPoolSize(1));
    clients.add(c);
    c.onNotification(n -> last.put(name(n.regroupGroup().uri()), n));
    assertThat(StoreSystem.get(c.register(List.of(McService.MCPTT), 600)).status()).as("REGISTER of " + name).isEqualTo(200);
    var r = StoreSystem.get(c.affiliate(McService.MCPTT, groups.stream().map(StoreSystem::group).toList()));
    assertThat(r.status()).as("PUBLISH of " + name).isEqualTo(200);
    return new Member(name, groups, c, last);
  }

  /** The dispatchers, each on its own fixed local port: after a restart the same Contact registers again (a refresh). */
  private void openDispatchers(int port, int[] localPorts) throws Exception {
    for (int d = 0; d < localPorts.length; d++) {
      String name = "disp" + d;
      McClient c = McClient.start(new ClientOptions(StoreSystem.user(name), DOMAIN, "127.0.0.1", port, "UDP", "127.0.0.1", localPorts[d], true)
          .withPassword(name + "-secret"));
      dispatchers.add(c);
      assertThat(StoreSystem.get(c.register(List.of(McService.MCPTT), 600)).status()).as("REGISTER of " + name).isEqualTo(200);
    }
  }

  private CompletableFuture<Void> closeDispatchersAsync() {
    List<McClient> old = new ArrayList<>(dispatchers);
    dispatchers.clear();
    return CompletableFuture.allOf(old.stream().map(c -> CompletableFuture.runAsync(c::close, r -> new Thread(r, "close-client").start())).toArray(CompletableFuture[]::new));
  }

  private static Map<String, List<String>> names(Map<String, List<String>> byUri) {
    Map<String, List<String>> out = new TreeMap<>();
    byUri.forEach((rg, gs) -> out.put(name(rg), gs.stream().map(CrashPointsIT::name).toList()));
    return out;
  }

  private static Map<String, Set<String>> asSets(Map<String, List<String>> m) {
    Map<String, Set<String>> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, new HashSet<>(v)));
    return out;
  }

  /** {@code sip:NAME@metro.example} to NAME. */
  private static String name(String uri) {
    return uri.substring(4, uri.indexOf('@'));
  }

  private static String yaml(int port, int http, Path store) {
    StringBuilder users = new StringBuilder();
    for (int d = 0; d < DISPATCHERS; d++) {
      users.append("  - {id: sip:disp").append(d).append("@metro.example, may: [group-regroup, cancel-regroup], password: disp").append(d).append("-secret}\n");
    }
    List<String> memberIds = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      users.append("  - {id: sip:m").append(i).append("@metro.example, password: m").append(i).append("-secret}\n");
      memberIds.add("sip:m" + i + "@metro.example");
    }
    String all = String.join(", ", memberIds);
    StringBuilder groups = new StringBuilder();
    for (int g = 0; g < GROUPS; g++) groups.append("  - {id: sip:g").append(g).append("@metro.example, members: [").append(all).append("]}\n");
    groups.append("  - {id: sip:tmpl@metro.example, preconfigured-regroup-only: true, members: [").append(all).append("]}\n");
    return "system: {id: metro, domain: metro.example, sip: 127.0.0.1:" + port + ", http: 127.0.0.1:" + http + ", store: '" + store + "'}\n"
        + "users:\n" + users + "groups:\n" + groups;
  }
}
