package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Binding, several endpoints in one JVM, and stopping without leftover threads. */
class StartStopTest {
  /** Live non-daemon threads, but for Awaitility's own. */
  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon() && !t.getName().startsWith("awaitility"))
        .collect(Collectors.toSet());
  }

  private static void awaitNoNewNonDaemonThreads(Set<Thread> before) {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      Set<Thread> added = nonDaemonThreads();
      added.removeAll(before);
      assertThat(added).extracting(Thread::getName).isEmpty();
    });
  }

  @Test
  void aTakenUdpPortFailsClearlyAndLeavesNoThreads() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> JainSipEndpoint.start("clash", "127.0.0.1", port, r -> {}))
          .isInstanceOf(SipBindException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
    awaitNoNewNonDaemonThreads(before);
  }

  @Test
  void aTakenTcpPortFailsClearlyAndLeavesNoThreads() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> JainSipEndpoint.start("clash", "127.0.0.1", port, r -> {}))
          .isInstanceOf(SipBindException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .satisfies(e -> assertThat(((SipBindException) e).port()).isEqualTo(port));
    }
    awaitNoNewNonDaemonThreads(before);
  }

  @Test
  void aForeignAddressFailsClearly() {
    assertThatThrownBy(() -> JainSipEndpoint.start("foreign", "192.0.2.1", 0, r -> {}))
        .isInstanceOf(SipBindException.class)
        .hasMessageContaining("192.0.2.1");
  }

  @Test
  void manyEndpointsCoexistAndStopCleanly() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    int allThreadsBefore = Thread.activeCount();
    RecordingHandler serverHandler = RecordingHandler.answering(200, "OK");
    JainSipEndpoint server = JainSipEndpoint.start("hub", "127.0.0.1", 0, serverHandler);
    JainSipEndpoint[] clients = new JainSipEndpoint[5];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = JainSipEndpoint.start("ue" + i, "127.0.0.1", 0, r -> r.respond(200, "OK"),
          JainSipOptions.defaults().withThreadPoolSize(2));
    }
    for (JainSipEndpoint c : clients) {
      assertThat(c.port()).isNotEqualTo(server.port());
      assertThat(c.send(Requests.message(server, "UDP", "hi")).get(5, TimeUnit.SECONDS).status())
          .isEqualTo(200);
      assertThat(server.send(Requests.options(c.host(), c.port(), "UDP")).get(5, TimeUnit.SECONDS).status())
          .isEqualTo(200);
    }
    Thread[] stoppers = new Thread[clients.length + 1];
    for (int i = 0; i < clients.length; i++) stoppers[i] = new Thread(clients[i]::close);
    stoppers[clients.length] = new Thread(server::close);
    for (Thread t : stoppers) t.start();
    for (Thread t : stoppers) t.join(10_000);
    awaitNoNewNonDaemonThreads(before);
    await().atMost(Duration.ofSeconds(5)).until(() -> Thread.activeCount() <= allThreadsBefore + 2);
  }
}
