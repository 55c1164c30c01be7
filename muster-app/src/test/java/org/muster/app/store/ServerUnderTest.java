package org.muster.app.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code muster server --config FILE} as a real process, killed like a crash (kill -9) on demand. */
final class ServerUnderTest implements AutoCloseable {
  private final Path config;
  private final List<String> output = new ArrayList<>();
  private Process process;

  ServerUnderTest(Path config) {
    this.config = config;
  }

  /** Starts the process; waits (bounded) for its "listening" line, or for it to end. */
  ServerUnderTest start() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.muster.app.Main", "server",
        "--config", config.toString()).redirectErrorStream(true).start();
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
        // the process ended
      }
      ready.complete(false);
    }, "server-output");
    reader.setDaemon(true);
    reader.start();
    if (!ready.get(60, TimeUnit.SECONDS)) throw new AssertionError("server did not start:\n" + output());
    return this;
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** kill -9: no shutdown hook runs, nothing is flushed by the process. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) kill();
    }
  }
}
