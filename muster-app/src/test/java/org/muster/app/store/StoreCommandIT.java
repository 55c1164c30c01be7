package org.muster.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.store.StoreSystem.affiliated;
import static org.muster.app.store.StoreSystem.get;
import static org.muster.app.store.StoreSystem.group;
import static org.muster.app.store.StoreSystem.registered;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.MusterCli;
import org.muster.app.testing.MusterCli.Run;
import org.muster.app.testing.ServerProcess;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.sip.client.McClient;

/**
 * {@code muster store export|reset} on the embedded store of a real {@code muster server}
 * process: refused with a clear line while the server holds it, then read and emptied once it
 * stopped.
 */
class StoreCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final List<McClient> clients = new ArrayList<>();
  private final List<ServerProcess> servers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    StoreSystem.closeAll(clients);
    for (ServerProcess s : servers) s.close();
  }

  @Test
  void exportAndResetWaitForTheServerToStopThenResetStartsAfresh() throws Exception {
    int port = FreePorts.udpAndTcp();
    Path config = Files.writeString(dir.resolve("metro.yaml"), StoreSystem.yaml(port, dir.resolve("store").toString()));
    ServerProcess server = new ServerProcess("metro", port, config).start();
    servers.add(server);
    McClient disp = registered(clients, "disp1", port);
    affiliated(clients, "ff1", port, "fire");
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-a"), group("tmpl"), new RegroupTargets.Groups(List.of(group("fire"))))).status())
        .isEqualTo(200);
    assertThat(get(disp.regroup(McService.MCPTT, group("rg-b"), group("tmpl"), new RegroupTargets.Groups(List.of(group("police"))))).status())
        .isEqualTo(200);
    assertThat(get(disp.cancel(McService.MCPTT, group("rg-b"))).status()).isEqualTo(200);

    // the running server holds the embedded database: both say so, and touch nothing
    Run busyExport = muster("store", "export", "--config", config.toString());
    assertThat(busyExport.exit()).isEqualTo(4);
    assertThat(busyExport.err()).contains("another process is using the store").contains("stop it first").doesNotContain("\tat ");
    Run busyReset = muster("store", "reset", "--config", config.toString(), "--yes");
    assertThat(busyReset.exit()).isEqualTo(4);
    assertThat(busyReset.err()).contains("another process is using the store");

    server.close(); // SIGTERM: the server closes its store
    Run export = muster("store", "export", "--config", config.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    JsonNode doc = JSON.readTree(export.out());
    assertThat(doc.path("system").asText()).isEqualTo("metro");
    JsonNode rgA = doc.path("regroups").get(0);
    assertThat(rgA.path("regroupGroup").asText()).isEqualTo("sip:rg-a@metro.example");
    assertThat(rgA.path("state").asText()).isEqualTo("IN_EFFECT");
    assertThat(rgA.path("targets").toString()).contains("sip:fire@metro.example");
    assertThat(rgA.path("participants").toString()).contains("sip:ff1@metro.example");
    assertThat(rgA.path("steps").toString()).contains("NOTIFIED");
    assertThat(doc.path("regroups").get(1).path("regroupGroup").asText()).isEqualTo("sip:rg-b@metro.example");
    assertThat(doc.path("regroups").get(1).path("state").asText()).isEqualTo("CANCELLED");
    assertThat(doc.path("registrations").toString()).contains("sip:ff1@metro.example").contains("sip:disp1@metro.example");
    assertThat(doc.path("affiliations").toString()).contains("sip:fire@metro.example");

    Path out = dir.resolve("export.json");
    Run toFile = muster("store", "export", "--config", config.toString(), "--out", out.toString(), "--recent", "0");
    assertThat(toFile.exit()).isZero();
    assertThat(toFile.out()).isEmpty();
    assertThat(JSON.readTree(out.toFile()).path("regroups").size()).as("--recent 0: the regroup in effect only").isEqualTo(1);

    // not on a terminal: nobody can type the system id, so only --yes resets
    Run unconfirmed = muster("store", "reset", "--config", config.toString());
    assertThat(unconfirmed.exit()).isEqualTo(1);
    assertThat(unconfirmed.err()).contains("add --yes");
    assertThat(JSON.readTree(muster("store", "export", "--config", config.toString()).out()).path("regroups").size()).isEqualTo(2);

    Run reset = muster("store", "reset", "--config", config.toString(), "--yes");
    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(reset.out()).contains("the store of MC system metro").contains("is empty now").contains("regroup");
    JsonNode empty = JSON.readTree(muster("store", "export", "--config", config.toString()).out());
    for (String part : List.of("regroups", "registrations", "affiliations", "partnerCancelsOwed", "regroupedMarks")) {
      assertThat(empty.path(part).size()).as(part).isZero();
    }
    // (that a server starts on the emptied store, its claims gone: H2StateStoreTest and PostgresStateStoreTest)
  }

  @Test
  void aFolderWithNoStoreYetIsSaidSoAndLeftAlone() throws Exception {
    Path store = dir.resolve("never-started");
    Path config = Files.writeString(dir.resolve("metro.yaml"), StoreSystem.yaml(FreePorts.udpAndTcp(), store.toString()));
    Run export = muster("store", "export", "--config", config.toString());
    assertThat(export.exit()).isEqualTo(1);
    assertThat(export.err()).contains("no store at").contains("nothing stored yet");
    Run reset = muster("store", "reset", "--config", config.toString(), "--yes");
    assertThat(reset.exit()).isZero();
    assertThat(reset.out()).contains("nothing stored yet");
    assertThat(store).doesNotExist();

    Run bad = muster("store", "export", "--config", dir.resolve("missing.yaml").toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("missing.yaml").doesNotContain("\tat ");
  }

  private static Run muster(String... args) {
    return MusterCli.run(args);
  }
}
