package org.muster.app.cli;

import org.muster.app.Servers;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.app.testing.FreePorts;
import org.muster.app.testing.MusterCli;
import org.muster.sip.server.MusterServer;

/**
 * Where the dispatcher commands take the password from (issue 11, part 6): {@code --password},
 * {@code MUSTER_PASSWORD}, {@code --credentials FILE}, else the user's credential in the
 * provisioning file given with {@code --config}, in that order; a wrong one is a clear refusal.
 */
class CliCredentialsIT {
  static Path dir;
  static Path config;
  static MusterServer server;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("muster-cli-credentials");
    config = dir.resolve("metro.yaml");
    Files.writeString(config, """
        system: {id: metro, domain: metro.example, sip: 127.0.0.1:%d, store: %s}
        users:
          - {id: sip:disp1@metro.example, may: [cancel-regroup], password: disp1-secret}
        """.formatted(FreePorts.udpAndTcp(), dir.resolve("store")));
    server = Servers.inMemory(ProvisioningLoader.load(config));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** {@code muster cancel} of a regroup that does not exist: a 404 proves the registration passed. */
  private static String[] cancel(String... more) {
    String[] base = {"cancel", "--config", config.toString(), "--user", "sip:disp1@metro.example", "--regroup-group", "sip:rg-none@metro.example"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void withoutAPasswordTheCredentialInTheProvisioningFileIsUsed() {
    MusterCli.Run r = MusterCli.run(cancel());
    assertThat(r.out() + r.err()).contains("404").contains("163 unknown identity");
  }

  @Test
  void aWrongPasswordIsRefusedWithAHintAndNoStackTrace() {
    MusterCli.Run r = MusterCli.run(cancel("--password", "guess"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("registration of sip:disp1@metro.example refused: 401 Unauthorized")
        .contains("give --password, set MUSTER_PASSWORD, or --credentials FILE").doesNotContain("\tat ");
  }

  @Test
  void aCredentialsFileIsReadAndAMalformedLineIsNamed() throws Exception {
    Path right = dir.resolve("right");
    Files.writeString(right, "# dispatchers\nsip:other@metro.example x\nsip:disp1@metro.example disp1-secret\n");
    assertThat(MusterCli.run(cancel("--credentials", right.toString())).out()).contains("163 unknown identity");
    Path wrong = dir.resolve("wrong");
    Files.writeString(wrong, "sip:disp1@metro.example not-it\n");
    assertThat(MusterCli.run(cancel("--credentials", wrong.toString())).err()).contains("401 Unauthorized");
    Path broken = dir.resolve("broken");
    Files.writeString(broken, "\nsip:disp1@metro.example\n");
    MusterCli.Run r = MusterCli.run(cancel("--credentials", broken.toString()));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--credentials: " + broken + ":2: expected 'MC-SERVICE-ID PASSWORD'");
  }

  @Test
  void musterPasswordFromTheEnvironmentComesBeforeTheProvisioningFile() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "org.muster.app.Main"));
    command.addAll(List.of(cancel()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("MUSTER_PASSWORD", "from-env-and-wrong");
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out).contains("401 Unauthorized");
  }
}
