package org.muster.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.Servers;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.app.testing.FreePorts;
import org.muster.core.config.McSystemConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;
import org.muster.sip.server.ServerSettings;
import org.muster.sip.stack.SipResponse;

/**
 * {@code muster.core.backlog} (issue 14, item 2: no unbounded queue): while the core's thread has
 * that many steps waiting, a new request is refused {@code 503} with {@code Retry-After} and a
 * Warning at once, instead of joining the queue; OPTIONS probes are still answered; once the core
 * has caught up the same request is served.
 */
class CoreBacklogIT {
  @TempDir Path dir;

  @Test
  void aRequestArrivingBehindAFullBacklogIsRefusedAtOnceThenServed() throws Exception {
    int sip = FreePorts.udpAndTcp();
    Path file = Files.writeString(dir.resolve("metro.yaml"), """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, store: '%s'}
        users:
          - {id: sip:ff1@metro.example, password: ff1-secret}
        groups:
          - {id: sip:fire@metro.example, members: [sip:ff1@metro.example]}
        """.formatted(sip, dir.resolve("store")));
    McSystemConfig config = ProvisioningLoader.load(file);
    MusterServer server = Servers.durable(config, ServerSettings.defaults().withCoreBacklog(10));
    McClient ff1 = McClient.start(ClientOptions.loopback(McServiceId.of("sip:ff1@metro.example"), "metro.example", sip).withPassword("ff1-secret"));
    CountDownLatch hold = new CountDownLatch(1);
    try {
      // the core's thread is held by one step while 12 more queue behind it
      CompletableFuture<Integer> held = server.query(core -> {
        try {
          return hold.await(30, TimeUnit.SECONDS) ? 1 : 0;
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      List<CompletableFuture<Integer>> queued = new ArrayList<>();
      for (int i = 0; i < 12; i++) queued.add(server.query(core -> core.registrationsOf(McServiceId.of("sip:ff1@metro.example")).size()));

      long start = System.nanoTime();
      SipResponse busy = ff1.register(List.of(McService.MCPTT), 600).get(10, TimeUnit.SECONDS);
      assertThat(busy.status()).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at once, not after the queue").isLessThan(Duration.ofSeconds(5));
      assertThat(busy.header("Retry-After")).contains("1");
      assertThat(busy.header("Warning").orElse("")).contains("server busy: ").contains(" steps wait; try again in a second");
      assertThat(ff1.send("OPTIONS", "sip:metro.example", "sip:metro.example", List.of(), null, null).get(10, TimeUnit.SECONDS).status())
          .as("a liveness probe is still answered").isEqualTo(200);
      assertThat(held).isNotDone();

      hold.countDown();
      assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      for (CompletableFuture<Integer> q : queued) assertThat(q.get(10, TimeUnit.SECONDS)).isZero();
      assertThat(ff1.register(List.of(McService.MCPTT), 600).get(10, TimeUnit.SECONDS).status()).as("served once the core caught up").isEqualTo(200);
    } finally {
      hold.countDown();
      ff1.close();
      server.close();
    }
  }
}
