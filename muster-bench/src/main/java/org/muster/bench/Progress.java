package org.muster.bench;

/**
 * A one-line progress display on stderr, redrawn with {@code \r} at most every 100 ms; silent
 * when {@code quiet} (tests, CI).
 */
final class Progress {
  private final boolean quiet;
  private final long started = System.nanoTime();
  private volatile long lastDraw;
  private volatile String stage = "";

  Progress(boolean quiet) {
    this.quiet = quiet;
  }

  /** Names the benchmark step now running, e.g. "fan-out N=10000". */
  void stage(String name) {
    stage = name;
    draw(name + " ...", true);
  }

  void update(String what, int done, int total) {
    long now = System.nanoTime();
    if (done != total && now - lastDraw < 100_000_000L) return;
    lastDraw = now;
    int width = 24;
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    String bar = "#".repeat(filled) + ".".repeat(width - filled);
    draw(String.format("%s: %s [%s] %,d/%,d", stage, what, bar, done, total), false);
  }

  void note(String text) {
    draw(stage + ": " + text, true);
  }

  private synchronized void draw(String text, boolean force) {
    if (quiet) return;
    long secs = (System.nanoTime() - started) / 1_000_000_000L;
    String line = String.format("[%3d:%02d] %s", secs / 60, secs % 60, text);
    if (line.length() > 118) line = line.substring(0, 118);
    System.err.print("\r" + line + " ".repeat(Math.max(0, 119 - line.length())));
    System.err.flush();
  }

  /** Ends the progress line so normal output starts on a fresh one. */
  void done() {
    if (!quiet) System.err.println();
  }
}
