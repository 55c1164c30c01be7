package org.muster.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N simulated MC service clients over real SIP on loopback UDP: a few sockets, each the Contact
 * address of many clients ({@code sip:uI@127.0.0.1:PORT}). A tiny stateless UAS answers every
 * MESSAGE {@code 200 OK} (the client's preconfigured regroup response, WIRE.md) and counts, per
 * {@link Phase}, which clients received one. No SIP stack on this side, so the CPU of the shared
 * 2 cores goes to the sender being measured (Muster, or the bare stack of the baseline).
 */
final class SimulatedClients implements AutoCloseable {
  private final int size;
  private final List<DatagramChannel> sockets = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong answered = new AtomicLong();
  private volatile Phase phase;
  private volatile java.util.function.ObjIntConsumer<String> onMessage = (text, client) -> { };
  private volatile boolean closed;

  SimulatedClients(int size, int socketCount) throws IOException {
    this.size = size;
    this.phase = new Phase(size, size);
    for (int i = 0; i < socketCount; i++) {
      DatagramChannel ch = DatagramChannel.open();
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
      ch.bind(new InetSocketAddress("127.0.0.1", 0));
      sockets.add(ch);
      Thread t = new Thread(() -> serve(ch), "sim-clients-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  int size() {
    return size;
  }

  /** The Contact URI of client {@code i} (0-based). */
  String contact(int i) {
    return "sip:u" + i + "@127.0.0.1:" + port(i % sockets.size());
  }

  /** The MC service ID of client {@code i}'s user. */
  static String user(int i, String domain) {
    return "sip:u" + i + "@" + domain;
  }

  /** A contact on the first socket for a non-client (the dispatcher): never counted. */
  String contactOf(String userPart) {
    return "sip:" + userPart + "@127.0.0.1:" + port(0);
  }

  private int port(int socket) {
    try {
      return ((InetSocketAddress) sockets.get(socket).getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts counting afresh: the phase completes when {@code expected} distinct clients got a MESSAGE. */
  Phase newPhase(int expected) {
    Phase p = new Phase(size, expected);
    phase = p;
    return p;
  }

  /**
   * Also hands every MESSAGE (its whole text, and the client index or -1) to {@code listener},
   * on the socket's thread, after it was answered.
   */
  void onMessage(java.util.function.ObjIntConsumer<String> listener) {
    onMessage = listener;
  }

  /** MESSAGEs answered since start (all phases). */
  long answered() {
    return answered.get();
  }

  private void serve(DatagramChannel ch) {
    ByteBuffer in = ByteBuffer.allocate(65_536);
    while (!closed) {
      try {
        in.clear();
        SocketAddress from = ch.receive(in);
        if (from == null) continue;
        in.flip();
        String text = StandardCharsets.ISO_8859_1.decode(in).toString();
        Request r = Request.parse(text);
        if (r == null) continue;
        ch.send(ByteBuffer.wrap(r.ok().getBytes(StandardCharsets.ISO_8859_1)), from);
        if (r.method.equals("MESSAGE")) {
          answered.incrementAndGet();
          phase.received(r.clientIndex());
          onMessage.accept(text, r.clientIndex());
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (!closed) System.err.println("simulated client: " + e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (DatagramChannel ch : sockets) {
      try {
        ch.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** Receipt counting for one measured step (one regroup, one cancel, one baseline round). */
  static final class Phase {
    private final AtomicIntegerArray seen;
    private final int expected;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile long firstNanos;
    private volatile long doneNanos;

    Phase(int size, int expected) {
      this.seen = new AtomicIntegerArray(size);
      this.expected = expected;
      if (expected == 0) {
        doneNanos = startNanos;
        done.countDown();
      }
    }

    void received(int client) {
      total.incrementAndGet();
      if (client < 0 || client >= seen.length() || !seen.compareAndSet(client, 0, 1)) return;
      long n = distinct.incrementAndGet();
      if (n == 1) firstNanos = System.nanoTime();
      if (n == expected) {
        doneNanos = System.nanoTime();
        done.countDown();
      }
    }

    /** Waits until every expected client received a MESSAGE; false on timeout. */
    boolean await(long millis) throws InterruptedException {
      return done.await(millis, TimeUnit.MILLISECONDS);
    }

    long distinct() {
      return distinct.get();
    }

    /** MESSAGEs received, retransmissions included. */
    long total() {
      return total.get();
    }

    long doneNanos() {
      return doneNanos;
    }

    long firstNanos() {
      return firstNanos;
    }
  }

  /** Just enough of an RFC 3261 request to answer it statelessly (8.2.6: copy Via, From, To, Call-ID, CSeq). */
  record Request(String method, String requestUri, String headersForAnswer) {
    static Request parse(String text) {
      int eol = text.indexOf("\r\n");
      if (eol < 0 || text.startsWith("SIP/2.0")) return null; // answers are not for us
      String[] line = text.substring(0, eol).split(" ");
      if (line.length < 3) return null;
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) end = text.length();
      StringBuilder keep = new StringBuilder(256);
      int pos = eol + 2;
      while (pos < end) {
        int next = text.indexOf("\r\n", pos);
        if (next < 0 || next > end) next = end;
        String h = text.substring(pos, next);
        int colon = h.indexOf(':');
        if (colon > 0) {
          String name = h.substring(0, colon).trim().toLowerCase();
          switch (name) {
            case "via", "v", "from", "f", "call-id", "i", "cseq" -> keep.append(h).append("\r\n");
            case "to", "t" -> keep.append(h.contains(";tag=") ? h : h + ";tag=sim").append("\r\n");
            default -> { }
          }
        }
        pos = next + 2;
      }
      return new Request(line[0], line[1], keep.toString());
    }

    String ok() {
      return "SIP/2.0 200 OK\r\n" + headersForAnswer + "Content-Length: 0\r\n\r\n";
    }

    /** The client index in {@code sip:uI@...}, or -1 for anyone else. */
    int clientIndex() {
      int s = requestUri.indexOf(":u");
      int at = requestUri.indexOf('@');
      if (s < 0 || at < s + 3) return -1;
      int n = 0;
      for (int i = s + 2; i < at; i++) {
        char c = requestUri.charAt(i);
        if (c < '0' || c > '9') return -1;
        n = n * 10 + (c - '0');
      }
      return n;
    }
  }
}
