package org.muster.app.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's Server-Sent Events ({@code GET /api/console/events}, {@code text/event-stream}):
 * on connect a {@code snapshot} event, then another whenever a regroup changes ({@link #changed},
 * told by the server's regroup events; several changes close together make one snapshot), and a
 * comment line as heartbeat when nothing was sent for {@link #HEARTBEAT_MS}, so proxies keep the
 * stream open. At most {@link #MAX_SUBSCRIBERS} streams (more: 503); each has a queue of {@link
 * #QUEUE} events and its own writer thread, outside the admin HTTP server's executor (which only
 * opens the stream), and a client that lets its queue fill (it does not read) is dropped.
 */
final class ConsoleFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsoleFeed.class);
  static final int MAX_SUBSCRIBERS = 16;
  static final int QUEUE = 16;
  static final long HEARTBEAT_MS = 15_000;
  /** Changes within this long of the first make one snapshot. */
  static final long COALESCE_MS = 100;
  /** Registrations and affiliations change without a regroup event: a snapshot this often while someone watches. */
  static final long REFRESH_MS = 10_000;
  private final Supplier<byte[]> snapshot;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("muster-console-feed"));
  /** One thread per open stream (at most {@link #MAX_SUBSCRIBERS} streams); a stream ended by the feed is closed here too. */
  private final ExecutorService writers = Executors.newCachedThreadPool(daemon("muster-console-sse"));

  /** {@code snapshot}: the console's state as JSON (it may block briefly on the core; called on the feed's thread). */
  ConsoleFeed(Supplier<byte[]> snapshot) {
    this.snapshot = snapshot;
    timer.scheduleWithFixedDelay(() -> {
      if (!subscribers.isEmpty()) changed();
    }, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
  }

  /** Something changed: every stream gets a fresh snapshot soon. Returns at once (called on the server's event thread). */
  void changed() {
    if (pending.compareAndSet(false, true)) {
      try {
        timer.schedule(this::publish, COALESCE_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // the feed is closed
      }
    }
  }

  int subscribers() {
    return subscribers.size();
  }

  /** Sends a snapshot to every stream now (what {@link #changed} schedules). */
  void publish() {
    pending.set(false);
    if (subscribers.isEmpty()) return;
    byte[] event;
    try {
      event = event("snapshot", snapshot.get());
    } catch (RuntimeException e) {
      log.warn("console snapshot failed: {}", e.getMessage());
      return;
    }
    for (Subscriber s : subscribers) s.offer(event);
  }

  /**
   * Answers {@code ex} with the stream, or 503 when {@link #MAX_SUBSCRIBERS} are open. Returns
   * whether the exchange now belongs to the feed (then the caller must not close it).
   */
  boolean subscribe(HttpExchange ex) throws IOException {
    byte[] first = event("snapshot", snapshot.get());
    Subscriber s = new Subscriber(ex);
    synchronized (subscribers) {
      if (subscribers.size() >= MAX_SUBSCRIBERS) {
        ex.getResponseHeaders().set("Retry-After", "5");
        AdminHttp.send(ex, 503, "application/json", AdminHttp.json(java.util.Map.of("error",
            "the console already has " + MAX_SUBSCRIBERS + " live streams open; try again later")));
        return false;
      }
      subscribers.add(s);
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Accel-Buffering", "no"); // a proxy in front must not hold the stream back
    try {
      ex.sendResponseHeaders(200, 0);
      s.offer(first);
      writers.execute(s::run);
    } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
      s.drop("could not start: " + e.getMessage());
    }
    return true;
  }

  static byte[] event(String name, byte[] json) {
    // one data line: the JSON is written without line breaks
    String data = new String(json, StandardCharsets.UTF_8).replace("\r", "").replace("\n", "");
    return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    for (Subscriber s : subscribers) s.drop("server stopping");
    writers.shutdown();
  }

  /** One open stream: its queue, written by its own thread. */
  private final class Subscriber {
    private final HttpExchange ex;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean open = new AtomicBoolean(true);

    Subscriber(HttpExchange ex) {
      this.ex = ex;
    }

    void offer(byte[] event) {
      if (!queue.offer(event)) drop("too slow: " + QUEUE + " events waiting");
    }

    void run() {
      try (OutputStream out = ex.getResponseBody()) {
        byte[] heartbeat = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);
        while (open.get()) {
          byte[] e = queue.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
          out.write(e == null ? heartbeat : e);
          out.flush();
        }
      } catch (IOException e) {
        // the browser went away
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        drop(null);
      }
    }

    /** Ends the stream (a reason is logged); closing the exchange also ends a write blocked on a slow client. */
    void drop(String reason) {
      if (!open.getAndSet(false)) return;
      subscribers.remove(this);
      if (reason != null) log.info("console stream from {} closed: {}", ex.getRemoteAddress(), reason);
      // closing writes the stream's last chunk, which blocks on a client that does not read: not on the caller's thread
      try {
        writers.execute(ex::close);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        ex.close();
      }
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
