package org.muster.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.muster.app.store.StoreSystem.affiliated;
import static org.muster.app.store.StoreSystem.get;
import static org.muster.app.store.StoreSystem.group;
import static org.muster.app.store.StoreSystem.registered;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.KamailioProcess;
import org.muster.app.testing.ServerProcess;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.sip.client.McClient;

/**
 * README "Scaling out", the proxy in front: the shipped Kamailio configuration as a real process
 * in front of two real Muster instances on one PostgreSQL. Clients register only with Kamailio,
 * which spreads them over both instances by user; a regroup created through one instance reaches
 * the clients of both, its MESSAGEs routed back through Kamailio by the recorded Path. One
 * instance is killed (kill -9): the cancel of that regroup still reaches every client, those the
 * dead instance served included (the survivor sends them through the proxy too), and a client of
 * the dead instance that affiliates after the failover gets a regroup formed after it.
 */
class KamailioIT {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String[] LEASES = {"-Dmuster.lease.renew.ms=500", "-Dmuster.lease.expiry.ms=1500"};
  private static final int USERS = 8;
  @TempDir Path dir;

  @Test
  void clientsBehindKamailioAreServedByBothInstancesAndBySurvivorAfterAKill() throws Exception {
    assumeTrue(KamailioProcess.installed(), "Kamailio is not installed (" + KamailioProcess.BINARY
        + "): apt-get install kamailio (./test installs it); KamailioIT skipped");
    List<McClient> clients = new ArrayList<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      int portA = FreePorts.udpAndTcp();
      int portB = FreePorts.udpAndTcp();
      int portK = FreePorts.udpAndTcp();
      try (ServerProcess a = ServerProcess.write(dir, "a", portA, yaml(portA, url, portK)).start(LEASES);
          ServerProcess b = ServerProcess.write(dir, "b", portB, yaml(portB, url, portK)).start(LEASES);
          KamailioProcess kamailio = KamailioProcess.start(dir, portK, List.of(portA, portB))) {
        try {
          run(clients, pg, a, b, kamailio);
        } finally {
          keepLogs(kamailio, a, b);
        }
      } finally {
        StoreSystem.closeAll(clients);
      }
    }
  }

  private void run(List<McClient> clients, EmbeddedPostgres pg, ServerProcess a, ServerProcess b, KamailioProcess kamailio) throws Exception {
    int portA = a.sipPort;
    int portB = b.sipPort;
    int portK = kamailio.port;
    McClient disp = registered(clients, "disp1", portK);
    Map<String, McClient> members = new LinkedHashMap<>();
    for (int i = 0; i < USERS; i++) members.put("u" + i, affiliated(clients, "u" + i, portK, "all"));
    McClient late = registered(clients, "late1", portK);

    // Kamailio spread the users over both instances; each registration has Kamailio's Path
    Map<String, String> servedBy = servedBy(pg.getPostgresDatabase(), portK);
    assertThat(servedBy.values()).as("instances serving the users").contains("127.0.0.1:" + portA, "127.0.0.1:" + portB);

    // every client shares Kamailio's flow: a request without credentials is challenged, never taken
    // as the client whose REGISTER came last over that flow (late1)
    assertThat(rawPublishOf("late1", portK)).as("PUBLISH From late1 without credentials, from another socket").startsWith("SIP/2.0 401");

    McServiceGroupId rg = group("rg-proxy");
    RegroupTargets all = new RegroupTargets.Groups(List.of(group("all")));
    assertThat(get(disp.regroup(McService.MCPTT, rg, group("tmpl"), all)).status()).isEqualTo(200);
    for (Map.Entry<String, McClient> m : members.entrySet()) {
      assertThat(m.getValue().awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg), WAIT)).as(m.getKey()).isPresent();
    }
    assertThat(kamailio.log()).as("server-initiated MESSAGEs went through Kamailio")
        .contains("muster-proxy: MESSAGE from instance 127.0.0.1:" + portA, "muster-proxy: MESSAGE from instance 127.0.0.1:" + portB);

    // kill the instance that serves late1; the other takes its clients over
    boolean killA = servedBy.get("late1").equals("127.0.0.1:" + portA);
    ServerProcess dead = killA ? a : b;
    ServerProcess survivor = killA ? b : a;
    int mark = survivor.outputLines();
    dead.kill();
    Awaitility.await().atMost(WAIT).until(() -> survivor.outputSince(mark).contains("stopped renewing its lease"));

    assertThat(get(disp.cancel(McService.MCPTT, rg)).status()).as("cancel through Kamailio after the kill").isEqualTo(200);
    for (Map.Entry<String, McClient> m : members.entrySet()) {
      assertThat(m.getValue().awaitNotification(n -> n.cancel() && n.regroupGroup().equals(rg), WAIT))
          .as(m.getKey() + " (was served by " + servedBy.get(m.getKey()) + ")").isPresent();
    }

    // late affiliation after the failover: late1 (the dead instance's client) joins a regroup formed after it
    McServiceGroupId rg2 = group("rg-late");
    assertThat(get(disp.regroup(McService.MCPTT, rg2, group("tmpl"), new RegroupTargets.Groups(List.of(group("late-grp")))))
        .status()).isEqualTo(200);
    assertThat(get(late.affiliate(McService.MCPTT, List.of(group("late-grp")))).status()).isEqualTo(200);
    assertThat(late.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg2), WAIT)).as("late1 after the failover").isPresent();
    assertThat(kamailio.log()).contains("muster-proxy: MESSAGE from instance 127.0.0.1:" + survivor.sipPort + " to client " + late.contact());
  }

  /** A PUBLISH From {@code name} with no credentials sent through Kamailio from a socket of its own; the status line of the answer. */
  private static String rawPublishOf(String name, int portK) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(10_000);
      int me = socket.getLocalPort();
      String msg = "PUBLISH sip:" + name + "@metro.example SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP 127.0.0.1:" + me + ";branch=z9hG4bK-raw-" + System.nanoTime() + ";rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: <sip:" + name + "@metro.example>;tag=raw1\r\n"
          + "To: <sip:" + name + "@metro.example>\r\n"
          + "Call-ID: raw-" + System.nanoTime() + "@127.0.0.1\r\n"
          + "CSeq: 1 PUBLISH\r\n"
          + "Event: presence\r\n"
          + "Expires: 3600\r\n"
          + "Content-Length: 0\r\n\r\n";
      byte[] bytes = msg.getBytes(StandardCharsets.US_ASCII);
      socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), portK));
      byte[] buf = new byte[8192];
      while (true) {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        socket.receive(in);
        String answer = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
        if (!answer.startsWith("SIP/2.0 1")) return answer.lines().findFirst().orElse("");
      }
    }
  }

  /** Kamailio's and the servers' output stay in target/kamailio-it for a look after a failure. */
  private static void keepLogs(KamailioProcess kamailio, ServerProcess a, ServerProcess b) throws java.io.IOException {
    Path keep = java.nio.file.Files.createDirectories(Path.of("target", "kamailio-it"));
    java.nio.file.Files.writeString(keep.resolve("kamailio.log"), kamailio.log());
    java.nio.file.Files.writeString(keep.resolve("a.log"), a.output());
    java.nio.file.Files.writeString(keep.resolve("b.log"), b.output());
  }

  /** metro with Kamailio on {@code portK} as its proxy; users u0..u7 in group all, late1 in late-grp. */
  private static String yaml(int port, String url, int portK) {
    StringBuilder users = new StringBuilder("  - {id: sip:disp1@metro.example, may: [group-regroup, cancel-regroup], password: disp1-secret}\n");
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < USERS; i++) {
      users.append("  - {id: sip:u").append(i).append("@metro.example, password: u").append(i).append("-secret}\n");
      all.append(i == 0 ? "" : ", ").append("sip:u").append(i).append("@metro.example");
    }
    users.append("  - {id: sip:late1@metro.example, password: late1-secret}\n");
    return "system: {id: metro, domain: metro.example, sip: 127.0.0.1:" + port + ", store: '" + url + "', proxies: [127.0.0.1:" + portK + "]}\n"
        + "users:\n" + users
        + "groups:\n"
        + "  - {id: sip:all@metro.example, members: [" + all + "]}\n"
        + "  - {id: sip:late-grp@metro.example, members: [sip:late1@metro.example]}\n"
        + "  - {id: sip:tmpl@metro.example, preconfigured-regroup-only: true, members: [" + all + ", sip:late1@metro.example]}\n";
  }

  /** Each user's serving instance, read from the store; every registration carries a Path through Kamailio. */
  private static Map<String, String> servedBy(DataSource db, int portK) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT user_id, served_by, path FROM registration")) {
      while (rs.next()) {
        assertThat(rs.getString(3)).as("Path of " + rs.getString(1)).contains("sip:127.0.0.1:" + portK + ";lr");
        out.put(rs.getString(1).replace("sip:", "").replace("@metro.example", ""), rs.getString(2));
      }
    }
    return out;
  }
}
