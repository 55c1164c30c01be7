package org.muster.app.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.muster.app.Main;

/** Runs the {@code muster} command in this JVM, as a user would type it, and keeps what it printed. */
public final class MusterCli {
  private MusterCli() {}

  /** Exit code, standard output and standard error of one run. */
  public record Run(int exit, String out, String err) {}

  /** One run; runs are one at a time, since they take over System.out and System.err. */
  public static synchronized Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
  /** A run going on in the background, fed {@link #in} as its standard input; what it printed so far in {@link #out}. */
  public static final class Background {
    private final java.io.PipedOutputStream input = new java.io.PipedOutputStream();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();

    /** Types {@code line} into the command's standard input. */
    public void in(String line) throws java.io.IOException {
      input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      input.flush();
    }

    public String out() {
      synchronized (printed) {
        return printed.toString(StandardCharsets.UTF_8);
      }
    }

    /** Its exit code, once it ended (standard output and input are given back then). */
    public int exit(java.time.Duration within) throws Exception {
      return exit.get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts one run in the background with its own standard input; standard output is taken over
   * until it ends, so nothing else may use {@link #run} meanwhile.
   */
  public static Background start(String... args) throws java.io.IOException {
    Background b = new Background();
    java.io.PipedInputStream stdin = new java.io.PipedInputStream(b.input);
    PrintStream oldOut = System.out;
    java.io.InputStream oldIn = System.in;
    System.setOut(new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int c) {
        synchronized (b.printed) {
          b.printed.write(c);
        }
      }

      @Override
      public void write(byte[] bytes, int off, int len) {
        synchronized (b.printed) {
          b.printed.write(bytes, off, len);
        }
      }
    }, true, StandardCharsets.UTF_8));
    System.setIn(stdin);
    Thread t = new Thread(() -> {
      try {
        b.exit.complete(Main.run(args));
      } catch (Throwable e) {
        b.exit.completeExceptionally(e);
      } finally {
        System.setOut(oldOut);
        System.setIn(oldIn);
      }
    }, "muster-cli-background");
    t.setDaemon(true);
    t.start();
    return b;
  }
}
