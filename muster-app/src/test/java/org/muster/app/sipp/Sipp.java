package org.muster.app.sipp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.muster.core.id.McService;

/**
 * Runs the repository's sipp scenarios ({@code sipp/*.xml}, see sipp/README.md) as subprocesses
 * against a server on 127.0.0.1, each on a free local UDP port, with its injection file, logs
 * and output in its own folder. Used by {@code SippScenariosIT} and by
 * {@code org.muster.app.interconnect.SippInterconnectIT}.
 */
public final class Sipp {
  /** sipp's exit code when it cannot bind its socket (-2). */
  private static final int BIND_FAILED = 254;

  /** The sipp program: {@code -Dsipp=/path/to/sipp} overrides the one on the PATH. */
  public static final String EXECUTABLE = System.getProperty("sipp", "sipp");

  /** The repository's sipp folder: {@code ../sipp} from muster-app. */
  public static final Path SCENARIOS = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("../sipp").normalize();

  private Sipp() {}

  /** Fails with a clear message when sipp cannot be run (CI installs it: Debian package sip-tester). */
  public static void requireInstalled() {
    String problem;
    try {
      Process p = new ProcessBuilder(EXECUTABLE, "-v").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        problem = "sipp -v did not finish";
      } else if (!out.contains("SIPp v3.")) {
        problem = "sipp -v printed no SIPp 3.x version: " + out.strip();
      } else {
        problem = null;
      }
    } catch (IOException e) {
      problem = "sipp is not installed or not on the PATH: cannot run " + EXECUTABLE + " (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    }
    if (problem != null) {
      throw new AssertionError(problem + ". These tests drive the server with the sipp scenarios of " + SCENARIOS
          + "; install sipp 3.6 (Debian/Ubuntu: apt-get install sip-tester).");
    }
    if (!Files.isRegularFile(SCENARIOS.resolve("register.xml"))) {
      throw new AssertionError("no sipp scenarios in " + SCENARIOS);
    }
  }

  /**
   * One injection file row, the layout every scenario shares (sipp/README.md): USER (user part),
   * DOMAIN, SERVICE, ID1, ID2, REGROUP, PRECONFIG, PASSWORD (what the scenario answers digest
   * challenges with: the user's password, or a wrong one for the forged-* scenarios).
   */
  public record Row(String user, String domain, McService service, String id1, String id2, String regroup, String preconfig,
      String password) {
    /** {@code user} of metro.example with the sample password of the test systems, USER-secret. */
    public static Row of(String user, McService service) {
      return new Row(user, "metro.example", service, "", "", "", "", user + "-secret");
    }

    public Row ids(String first, String second) {
      return new Row(user, domain, service, uri(first), uri(second), regroup, preconfig, password);
    }

    public Row regroup(String regroupGroup, String preconfigured) {
      return new Row(user, domain, service, id1, id2, uri(regroupGroup), uri(preconfigured), password);
    }

    public Row password(String answerWith) {
      return new Row(user, domain, service, id1, id2, regroup, preconfig, answerWith);
    }

    public String mcServiceId() {
      return "sip:" + user + "@" + domain;
    }

    private String uri(String name) {
      return name.isEmpty() || name.startsWith("sip:") ? name : "sip:" + name + "@" + domain;
    }

    String csv() {
      return "SEQUENTIAL\n# USER;DOMAIN;SERVICE;ID1;ID2;REGROUP;PRECONFIG;PASSWORD\n"
          + String.join(";", user, domain, service.word(), id1, id2, regroup, preconfig, password) + "\n";
    }
  }

  /** How one sipp run ended. */
  public record Result(String scenario, int exitCode, int localPort, String report) {
    public boolean passed() {
      return exitCode == 0;
    }
  }

  /** A sipp run in progress. */
  public static final class Run {
    public final String scenario;
    public final int localPort;
    private final Process process;
    private final Path dir;
    private final String name;
    private final List<String> command;

    private Run(String scenario, int localPort, Process process, Path dir, String name, List<String> command) {
      this.scenario = scenario;
      this.localPort = localPort;
      this.process = process;
      this.dir = dir;
      this.name = name;
      this.command = command;
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** Fails (with sipp's logs) when the run already ended; for waits on server state. */
    public void requireAlive() {
      if (!process.isAlive()) throw new AssertionError(scenario + " ended early:\n" + report(process.exitValue()));
    }

    public Result await(Duration max) throws InterruptedException {
      if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        return new Result(scenario, -1, localPort, "did not end within " + max + "\n" + report(-1));
      }
      int code = process.exitValue();
      return new Result(scenario, code, localPort, report(code));
    }

    public void kill() {
      if (process.isAlive()) process.destroyForcibly();
    }

    private String report(int code) {
      StringBuilder b = new StringBuilder();
      b.append("sipp exit code ").append(code).append("; command: ").append(String.join(" ", command)).append('\n');
      for (String suffix : List.of(".errors.log", ".log", ".out")) {
        Path f = dir.resolve(name + suffix);
        try {
          if (Files.exists(f)) {
            String text = Files.readString(f, StandardCharsets.ISO_8859_1);
            if (text.length() > 6000) text = "..." + text.substring(text.length() - 6000);
            b.append("---- ").append(f.getFileName()).append(" ----\n").append(text).append('\n');
          }
        } catch (IOException e) {
          b.append("(cannot read ").append(f).append(": ").append(e).append(")\n");
        }
      }
      return b.toString();
    }
  }

  /**
   * Starts {@code scenario} (a file name in sipp/) with {@code row} against {@code serverPort};
   * {@code member} adds the out-of-call scenario that answers the server's MESSAGEs.
   */
  public static Run start(Path workDir, String scenario, Row row, int serverPort, Duration timeout, boolean member) throws IOException {
    Files.createDirectories(workDir);
    IOException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freeUdpPort();
      String name = scenario.replace(".xml", "") + "-" + row.user() + "-" + port;
      Path csv = workDir.resolve(name + ".csv");
      Files.writeString(csv, row.csv(), StandardCharsets.UTF_8);
      List<String> cmd = new ArrayList<>(List.of(EXECUTABLE, "127.0.0.1:" + serverPort,
          "-sf", SCENARIOS.resolve(scenario).toString(),
          "-inf", csv.toString(),
          "-m", "1", "-nostdin",
          "-timeout", timeout.toSeconds() + "s", "-timeout_error",
          "-p", String.valueOf(port), "-i", "127.0.0.1",
          "-trace_err", "-error_file", workDir.resolve(name + ".errors.log").toString(),
          "-trace_logs", "-log_file", workDir.resolve(name + ".log").toString()));
      if (member) cmd.addAll(List.of("-oocsf", SCENARIOS.resolve("member-incoming.xml").toString()));
      Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(workDir.resolve(name + ".out").toFile()).start();
      Run run = new Run(scenario, port, p, workDir, name, cmd);
      // a port taken between the probe and sipp's bind: sipp ends at once with 254; try another
      try {
        if (p.waitFor(300, TimeUnit.MILLISECONDS) && p.exitValue() == BIND_FAILED) {
          last = new IOException("sipp could not bind port " + port + ":\n" + run.report(BIND_FAILED));
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IOException("interrupted", e);
      }
      return run;
    }
    throw last;
  }

  /** Runs {@code scenario} to its end. */
  public static Result run(Path workDir, String scenario, Row row, int serverPort) throws IOException, InterruptedException {
    return start(workDir, scenario, row, serverPort, Duration.ofSeconds(30), false).await(Duration.ofSeconds(45));
  }

  /** A free UDP port on the loopback address (never 5060). */
  public static int freeUdpPort() throws IOException {
    while (true) {
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        if (s.getLocalPort() != 5060) return s.getLocalPort();
      }
    }
  }
}
