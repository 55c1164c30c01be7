package org.muster.app.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shipped Kamailio configuration ({@code deploy/kamailio/kamailio.cfg}) run as a real
 * process in the foreground on a loopback port, in front of Muster instances: the file is used as
 * it is, only its address and dispatcher list given on the command line ({@code -A}, the
 * defines the file documents).
 */
public final class KamailioProcess implements AutoCloseable {
  /** Where the Debian package installs it. */
  public static final Path BINARY = Path.of("/usr/sbin/kamailio");
  public final int port;
  private final Path log;
  private final Process process;

  private KamailioProcess(int port, Path log, Process process) {
    this.port = port;
    this.log = log;
    this.process = process;
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts Kamailio on 127.0.0.1:{@code port} dispatching to {@code instancePorts} (set 1) and waits until it listens. */
  public static KamailioProcess start(Path dir, int port, List<Integer> instancePorts) throws Exception {
    Path work = Files.createDirectories(dir.resolve("kamailio"));
    StringBuilder list = new StringBuilder();
    for (int p : instancePorts) list.append("1 sip:127.0.0.1:").append(p).append(" 0 0\n");
    Path listFile = work.resolve("muster-dispatcher.list");
    Files.writeString(listFile, list);
    Path cfg = shippedConfig();
    Path log = work.resolve("kamailio.log");
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-DD", "-E", "-f", cfg.toString(), "-Y", work.toString(),
        "-P", work.resolve("kamailio.pid").toString(), "-w", work.toString(), "-m", "32", "-M", "8",
        "-A", "LISTEN=udp:127.0.0.1:" + port, "-A", "DISPATCHER_LIST=\"" + listFile + "\""));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    KamailioProcess k = new KamailioProcess(port, log, p);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!k.log().contains("Listening on")) {
      if (!p.isAlive() || System.nanoTime() > until) {
        k.close();
        throw new AssertionError("kamailio did not start:\n" + k.log());
      }
      Thread.sleep(50);
    }
    return k;
  }

  /** deploy/kamailio/kamailio.cfg of this checkout (tests run in muster-app). */
  static Path shippedConfig() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path cfg = d.resolve("deploy/kamailio/kamailio.cfg");
      if (Files.isRegularFile(cfg)) return cfg;
    }
    throw new AssertionError("deploy/kamailio/kamailio.cfg not found above " + Path.of("").toAbsolutePath());
  }

  /** What Kamailio printed so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
