package org.muster.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;

/**
 * The release tarball as an operator meets it: unpacked, {@code bin/muster server --config
 * examples/metro.yaml} runs from it (the sample's ports moved to free loopback ports, its store in
 * the unpacked folder), and the deploy files name paths that exist in it.
 */
class ReleaseIT {
  @TempDir static Path dir;
  static Path home;
  static String version;

  @BeforeAll
  static void unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("muster.release", "target/muster-release.tar.gz"));
    version = System.getProperty("muster.version");
    assertThat(tarball).as("the release tarball (mvn package builds it)").exists();
    // tar keeps the modes the assembly gave (bin/muster executable)
    assertThat(run(dir, List.of("tar", "xzf", tarball.toAbsolutePath().toString())).exit).isZero();
    home = dir.resolve("muster-" + version);
  }

  @Test
  void holdsTheLauncherTheJarExamplesDocsAndLicense() {
    assertThat(home.resolve("bin/muster")).isExecutable();
    assertThat(home.resolve("lib/muster.jar")).isRegularFile();
    assertThat(home.resolve("examples/metro.yaml")).isRegularFile();
    assertThat(home.resolve("examples/north.yaml")).isRegularFile();
    assertThat(home.resolve("docs/provisioning.md")).isRegularFile();
    assertThat(home.resolve("docs/wire-profile.md")).isRegularFile();
    assertThat(home.resolve("LICENSE")).content().contains("Apache License");
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("deploy/muster.service")).isRegularFile();
    assertThat(home.resolve("deploy/Containerfile")).isRegularFile();
  }

  @Test
  void startsWithBinMusterServerOnTheSampleAndAnswers() throws Exception {
    int sip = freePort();
    int http = freePort();
    Path example = home.resolve("examples/metro.yaml");
    String yaml = Files.readString(example);
    assertThat(yaml).contains("127.0.0.1:5060", "127.0.0.1:8080", "127.0.0.1:5070");
    // never the well-known ports: other builds share this machine; the partner's address is one nobody answers on
    Files.writeString(example, yaml.replace("127.0.0.1:5060", "127.0.0.1:" + sip).replace("127.0.0.1:8080", "127.0.0.1:" + http)
        .replace("127.0.0.1:5070", "127.0.0.1:" + freePort()));

    Result check = run(home, List.of("bin/muster", "check", "--config", "examples/metro.yaml"));
    assertThat(check.exit).as(check.output).isZero();
    assertThat(check.output).contains("metro");

    ProcessBuilder pb = new ProcessBuilder("bin/muster", "server", "--config", "examples/metro.yaml").directory(home.toFile())
        .redirectErrorStream(true);
    environment(pb);
    Process server = pb.start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Boolean> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
          if (line.contains("listening on sip")) listening.complete(true);
        }
      } catch (IOException e) {
        // the process ended
      }
      listening.complete(false);
    }, "release-server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      assertThat(listening.get(60, TimeUnit.SECONDS)).as("bin/muster server started:\n%s", String.join("\n", lines)).isTrue();

      HttpResponse<String> status = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/status")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("\"system\"").contains("metro").contains("metro.example");

      // a firefighter's radio registers over SIP with the sample's password (digest)
      McClient ff1 = McClient.start(ClientOptions.loopback(McServiceId.of("sip:ff1@metro.example"), "metro.example", sip)
          .withPassword("ff1-secret"));
      try {
        assertThat(ff1.register(List.of(McService.MCPTT), 60).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(ff1.logOff().get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
      } finally {
        ff1.close();
      }
    } finally {
      server.destroy(); // SIGTERM to java itself: the launcher execs it
      if (!server.waitFor(30, TimeUnit.SECONDS)) server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(server.exitValue()).as("ends on SIGTERM").isIn(0, 143);
    // the sample's store (./muster-data/metro) is relative to the working directory
    assertThat(home.resolve("muster-data/metro/muster.mv.db")).isRegularFile();

    // muster store reset on a terminal asks for the system id (script(1) gives it one)
    if (run(dir, List.of("sh", "-c", "command -v script")).exit == 0) {
      Result wrong = onATerminal("bin/muster store reset --config examples/metro.yaml", "north\n");
      assertThat(wrong.exit).as(wrong.output).isEqualTo(1);
      assertThat(wrong.output).contains("Type the system id (metro) to confirm").contains("not confirmed, nothing deleted");
      Result reset = onATerminal("bin/muster store reset --config examples/metro.yaml", "metro\n");
      assertThat(reset.exit).as(reset.output).isZero();
      assertThat(reset.output).contains("the store of MC system metro").contains("is empty now").contains("registration");
    }
  }

  /** {@code command} run in the unpacked tarball on a pseudo-terminal (util-linux script), typed {@code input}. */
  private static Result onATerminal(String command, String input) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("script", "-qec", command, "/dev/null").directory(home.toFile()).redirectErrorStream(true);
    environment(pb);
    Process p = pb.start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
    return new Result(p.exitValue(), out);
  }

  @Test
  void theSystemdUnitRunsTheTarballsLauncher() throws Exception {
    String unit = Files.readString(home.resolve("deploy/muster.service"));
    List<String> exec = values(unit, "ExecStart");
    exec.addAll(values(unit, "ExecStartPre"));
    assertThat(exec).isNotEmpty();
    for (String line : exec) {
      String program = line.split(" ")[0];
      assertThat(program).as("the unpacked tarball is /opt/muster").startsWith("/opt/muster/");
      assertThat(home.resolve(program.substring("/opt/muster/".length()))).as(line).isExecutable();
      assertThat(line).contains("--config /etc/muster/");
    }
    assertThat(values(unit, "WorkingDirectory")).containsExactly("/var/lib/muster");
    assertThat(values(unit, "StateDirectory")).containsExactly("muster");
    assertThat(values(unit, "User")).containsExactly("muster");
    assertThat(values(unit, "Restart")).containsExactly("on-failure");

    // systemd's own check of the unit, with /opt/muster pointing at the unpacked tarball
    boolean analyzer = run(dir, List.of("sh", "-c", "command -v systemd-analyze")).exit == 0;
    Assumptions.assumeTrue(analyzer, "systemd-analyze is not installed: the unit's syntax is not checked here");
    Path copy = dir.resolve("muster.service");
    Files.writeString(copy, unit.replace("/opt/muster/", home.toAbsolutePath() + "/"));
    Result verify = run(dir, List.of("systemd-analyze", "verify", copy.toString()));
    assertThat(verify.exit).as(verify.output).isZero();
    assertThat(verify.output).as("systemd-analyze verify says nothing about the unit").doesNotContain("muster.service");
  }

  @Test
  void theContainerfileUnpacksTheTarballWhereItsEntrypointLooks() throws Exception {
    String file = Files.readString(home.resolve("deploy/Containerfile"));
    assertThat(file).containsPattern("(?m)^FROM eclipse-temurin:17-jre");
    assertThat(file).contains("ADD muster-${VERSION}.tar.gz /opt/").contains("mv /opt/muster-${VERSION} /opt/muster");
    Matcher arg = Pattern.compile("(?m)^ARG VERSION=(\\S+)").matcher(file);
    assertThat(arg.find()).isTrue();
    assertThat(arg.group(1)).as("the default VERSION is this build's").isEqualTo(version);
    Matcher entry = Pattern.compile("(?m)^ENTRYPOINT \\[\"/opt/muster/([^\"]+)\"\\]").matcher(file);
    assertThat(entry.find()).as("ENTRYPOINT runs a file of /opt/muster").isTrue();
    assertThat(home.resolve(entry.group(1))).isExecutable();
    Matcher copied = Pattern.compile("cp /opt/muster/(\\S+) /etc/muster/muster.yaml").matcher(file);
    assertThat(copied.find()).isTrue();
    assertThat(home.resolve(copied.group(1))).isRegularFile();
    assertThat(file).containsPattern("(?m)^USER muster$").containsPattern("(?m)^VOLUME /var/lib/muster$")
        .containsPattern("(?m)^EXPOSE .*5060/udp.*8080/tcp");
  }

  /** The values of {@code key=} lines of a unit file. */
  private static List<String> values(String unit, String key) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
    while (m.find()) out.add(m.group(1).trim());
    return out;
  }

  private record Result(int exit, String output) {}

  private static Result run(Path in, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true);
    environment(pb);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
    return new Result(p.exitValue(), out);
  }

  /** The launcher finds this JVM through JAVA_HOME; a small heap (a later -Xmx wins) and events on stderr. */
  private static void environment(ProcessBuilder pb) {
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("MUSTER_JAVA_OPTS", "-Xmx256m -DMUSTER_EVENTS_TO=stderr");
    pb.environment().remove("MUSTER_ADMIN_TOKEN");
  }

  /** A port free for both UDP and TCP on loopback (never 5060: other runs share the machine). */
  private static int freePort() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int p = s.getLocalPort();
        try (DatagramSocket d = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
          return p;
        } catch (IOException busy) {
          // taken for UDP: another
        }
      }
    }
    throw new IOException("no free port");
  }
}
