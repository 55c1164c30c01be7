package org.muster.app.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One MC system's server as a real process ({@code muster server --config FILE}) on loopback,
 * stopped, frozen (SIGSTOP) or killed like a crash (kill -9) on demand.
 */
public final class ServerProcess implements AutoCloseable {
  public final String name;
  public final int sipPort;
  public final Path config;
  private Process process;
  private final List<String> output = new ArrayList<>();
  private final List<String> jvmOptions = new ArrayList<>();
  private String command = "server";

  public ServerProcess(String name, int sipPort, Path config) {
    this.name = name;
    this.sipPort = sipPort;
    this.config = config;
  }

  public static ServerProcess write(Path dir, String name, int sipPort, String yaml) throws IOException {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, yaml);
    return new ServerProcess(name, sipPort, f);
  }

  /** Adds JVM options (e.g. {@code -Dlogback.configurationFile=...}) for {@link #start}. */
  public ServerProcess withJvmOptions(String... options) {
    jvmOptions.addAll(List.of(options));
    return this;
  }

  /** Runs {@code muster gateway --config FILE} instead of {@code muster server}. */
  public ServerProcess asGateway() {
    command = "gateway";
    return this;
  }

  /** Starts the process with {@code jvmOptions} too (e.g. {@code -Dmuster.lease.renew.ms=500}), see {@link #start()}. */
  public ServerProcess start(String... jvmOptions) throws Exception {
    withJvmOptions(jvmOptions);
    return start();
  }

  /** Starts the process and waits for its "listening" line (bounded). */
  public ServerProcess start() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-Dmuster.partner.timeout.ms=3000", "-DMUSTER_EVENTS_TO=stderr"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.muster.app.Main", command, "--config", config.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    process = pb.start();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (output) {
            output.add(line);
          }
          if (line.contains("listening on sip")) ready.complete(true);
        }
      } catch (IOException e) {
        // process ended
      }
      ready.complete(false);
    }, "server-" + name + "-output");
    reader.setDaemon(true);
    reader.start();
    if (!ready.get(60, TimeUnit.SECONDS)) throw new AssertionError(name + " did not start:\n" + output());
    return this;
  }

  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Ends the process at once, like a crash or a pulled plug (kill -9). */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** Freezes the process (SIGSTOP): a server that hangs or is very slow; what reaches it waits in its sockets. */
  public void pause() throws Exception {
    signal("STOP");
  }

  /** Lets a paused process go on (SIGCONT): it then handles what reached it meanwhile. */
  public void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) throw new AssertionError("kill -" + name + " failed for " + this.name);
  }

  /** Lines the process printed so far (a mark for {@link #outputSince}). */
  public int outputLines() {
    synchronized (output) {
      return output.size();
    }
  }

  public String outputSince(int mark) {
    synchronized (output) {
      return String.join("\n", output.subList(Math.min(mark, output.size()), output.size()));
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      try {
        resume(); // a paused process cannot end on SIGTERM
      } catch (Exception | AssertionError e) {
        // already gone
      }
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) kill();
    }
  }
}
