package org.muster.app.store;

import org.muster.app.Servers;
import org.muster.app.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.store.StoreSystem.affiliated;
import static org.muster.app.store.StoreSystem.config;
import static org.muster.app.store.StoreSystem.get;
import static org.muster.app.store.StoreSystem.group;
import static org.muster.app.store.StoreSystem.registered;
import static org.muster.app.store.StoreSystem.warning;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.sip.client.McClient;
import org.muster.sip.server.MusterServer;

/** A server stopped and started again on the same store folder: its state is back, and in force. */
class RestartIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path store;
  private final List<McClient> clients = new ArrayList<>();
  private MusterServer server;

  @AfterEach
  void stop() {
    StoreSystem.closeAll(clients);
    if (server != null) server.close();
  }

  private MusterServer restart(int port) throws Exception {
    if (server != null) server.close();
    server = Servers.durable(config(port, store.toString()));
    return server;
  }

  @Test
  void anAnsweredRegroupIsInForceAfterARestartAndCanBeCancelled() throws Exception {
    int port = FreePorts.udpAndTcp();
    restart(port);
    McClient disp = registered(clients, "disp1", port);
    McClient ff1 = affiliated(clients, "ff1", port, "fire");
    affiliated(clients, "pol1", port, "police");
    RegroupTargets fire = new RegroupTargets.Groups(List.of(group("fire")));
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-1"), group("tmpl"), fire)).status()).isEqualTo(200);
    assertThat(ff1.awaitNotification(n -> !n.cancel(), WAIT)).isPresent();

    restart(port);
    // registrations, affiliations, the regroup with its participants and outcomes are back
    ActiveRegroup rg1 = server.query(c -> c.regroup(group("rg-1")).orElseThrow()).get(10, TimeUnit.SECONDS);
    assertThat(rg1.participants()).extracting(p -> p.user()).containsExactly(StoreSystem.user("ff1"));
    assertThat(rg1.outcomes().values().iterator().next()).extracting(MemberStep::state).contains(MemberState.AFFILIATED);
    assertThat(server.query(c -> c.affiliatedTo(group("police"), McService.MCPTT).size()).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    // 10.xx.3.2.1 step 4 still holds: fire is regrouped (the registered requester needs no new REGISTER)
    var clash = get(disp.regroup(McService.MCPTT, group("rg-2"), group("tmpl"), fire));
    assertThat(clash.status()).isEqualTo(403);
    assertThat(warning(clash)).contains("148");
    // the cancel reaches the restored participant at its restored Contact
    assertThat(get(disp.cancel(McService.MCPTT, group("rg-1"))).status()).isEqualTo(200);
    assertThat(ff1.awaitNotification(n -> n.cancel(), WAIT)).isPresent();

    restart(port);
    // a cancelled regroup does not come back: fire is free again
    assertThat(server.query(c -> c.activeRegroups().size()).get(10, TimeUnit.SECONDS)).isZero();
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-2"), group("tmpl"), fire)).status()).isEqualTo(200);
  }

  @Test
  void aLogOffIsNotUndoneByARestart() throws Exception {
    int port = FreePorts.udpAndTcp();
    restart(port);
    registered(clients, "disp1", port);
    McClient ff1 = affiliated(clients, "ff1", port, "fire");
    assertThat(get(ff1.logOff()).status()).isEqualTo(200);
    restart(port);
    assertThat(server.query(c -> c.allRegistrations().size()).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(server.query(c -> c.affiliatedTo(group("fire"), McService.MCPTT).size()).get(10, TimeUnit.SECONDS)).isZero();
  }
}
