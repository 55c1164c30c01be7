package org.muster.app.store;

import org.muster.app.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.Main;

/** {@code muster server} with a database that cannot be reached: one clear line, exit code 4. */
class StoreUnreachableIT {
  @TempDir Path dir;

  private record Run(int code, String err) {}

  private Run server(String store) throws Exception {
    Path config = Files.writeString(dir.resolve("metro.yaml"), StoreSystem.yaml(FreePorts.udpAndTcp(), store));
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.run("server", "--config", config.toString()), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void anUnreachablePostgresqlIsAClearErrorAndExitCode4() throws Exception {
    Run r = server("jdbc:postgresql://127.0.0.1:" + FreePorts.udpAndTcp() + "/muster?user=muster");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).startsWith("muster: cannot open the store of MC system metro: store jdbc:postgresql://127.0.0.1:")
        .contains("unreachable").doesNotContain("user=muster");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void aStoreFolderThatIsAFileIsAClearErrorAndExitCode4() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    Run r = server(file.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).startsWith("muster: cannot open the store of MC system metro: ");
  }
}
