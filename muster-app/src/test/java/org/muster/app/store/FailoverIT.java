package org.muster.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.store.StoreSystem.affiliated;
import static org.muster.app.store.StoreSystem.get;
import static org.muster.app.store.StoreSystem.group;
import static org.muster.app.store.StoreSystem.registered;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.ServerProcess;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.sip.client.McClient;

/**
 * Two server instances of one MC system as real processes on one PostgreSQL (README "Scaling
 * out"): a regroup formed on A reaches a client served by B through the change feed; then A is
 * killed (kill -9) and B, once A's lease ran out, serves A's clients: the regroup in effect is
 * cancelled from B and reaches them, and so does a new one.
 */
class FailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Short leases, so that the test does not wait 10 s (the default) for the takeover. */
  private static final String[] LEASES = {"-Dmuster.lease.renew.ms=300", "-Dmuster.lease.expiry.ms=1500"};
  @TempDir Path dir;

  @Test
  void theClientsOfAKilledInstanceAreServedByTheSurvivor() throws Exception {
    List<McClient> clients = new ArrayList<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      int portA = FreePorts.udpAndTcp();
      int portB = FreePorts.udpAndTcp();
      try (ServerProcess a = ServerProcess.write(dir, "a", portA, StoreSystem.yaml(portA, url)).start(LEASES);
          ServerProcess b = ServerProcess.write(dir, "b", portB, StoreSystem.yaml(portB, url)).start(LEASES)) {
        McClient dispA = registered(clients, "disp1", portA);
        McClient dispB = registered(clients, "disp1", portB);
        McClient pol1 = affiliated(clients, "pol1", portA, "traffic"); // served by A
        McClient ff1 = affiliated(clients, "ff1", portB, "rescue"); // served by B
        McServiceGroupId rg = group("rg-both");
        RegroupTargets both = new RegroupTargets.Groups(List.of(group("rescue"), group("traffic")));
        assertThat(get(dispA.regroup(McService.MCPTT, rg, group("tmpl"), both)).status()).isEqualTo(200);
        assertThat(pol1.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg), WAIT)).as("from A").isPresent();
        assertThat(ff1.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg), WAIT)).as("from B, told by the feed").isPresent();

        int mark = b.outputLines();
        a.kill();
        Awaitility.await().atMost(WAIT).until(() -> b.outputSince(mark).contains("stopped renewing its lease"));
        assertThat(b.outputSince(mark)).contains("serves its 2 client(s)"); // pol1 and disp1 at A

        // the regroup A formed, cancelled on B, reaches A's client too
        assertThat(get(dispB.cancel(McService.MCPTT, rg)).status()).isEqualTo(200);
        assertThat(ff1.awaitNotification(n -> n.cancel() && n.regroupGroup().equals(rg), WAIT)).isPresent();
        assertThat(pol1.awaitNotification(n -> n.cancel() && n.regroupGroup().equals(rg), WAIT)).as("A's client, from B").isPresent();
        // and so does a new one
        McServiceGroupId rg2 = group("rg-after");
        assertThat(get(dispB.regroup(McService.MCPTT, rg2, group("tmpl"), new RegroupTargets.Groups(List.of(group("traffic")))))
            .status()).isEqualTo(200);
        assertThat(pol1.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(rg2), WAIT)).as("A's client, from B").isPresent();
      } finally {
        StoreSystem.closeAll(clients);
      }
    }
  }
}
