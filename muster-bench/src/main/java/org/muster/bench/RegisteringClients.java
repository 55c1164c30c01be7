package org.muster.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.muster.core.config.Credential;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.DigestSession;
import org.muster.sip.stack.DigestChallenge;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;

/**
 * N simulated clients that send their own REGISTERs over raw UDP, each group of {@value
 * #CLIENTS_PER_ADDRESS} from its own loopback address ({@code 127.0.X.Y}), as radios send from their
 * own addresses: the server limits unauthenticated requests per source address (WIRE.md), so N
 * first REGISTERs from one address would measure that limit, not digest. A client answers a
 * {@code 401} once with its digest credential ({@link DigestSession}, the client library's) and keeps the nonce for its
 * next REGISTER (same Call-ID, growing CSeq and nc) until {@link #restart()}. Requests are sent
 * again as RFC 3261 17.1.2.2 says for UDP (Timer E: 0.5 s doubling to 4 s; Timer F: 32 s, then a
 * 408). No SIP stack on this side, so the shared cores go to the server being measured.
 */
final class RegisteringClients implements AutoCloseable {
  static final int CLIENTS_PER_ADDRESS = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final InetSocketAddress server;
  private final List<DatagramChannel> channels = new ArrayList<>();
  private final Selector selector;
  private final Thread receiver;
  private final ScheduledExecutorService timers;
  private final Client[] clients;
  /** Transactions waiting for their final answer, by Call-ID and CSeq number. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong challenges = new AtomicLong();
  private final AtomicLong retransmissions = new AtomicLong();
  private volatile boolean closed;

  private static final class Client {
    final McServiceId user;
    final DatagramChannel channel;
    final DigestSession session;
    String callId;
    String tag;
    long cseq;

    Client(McServiceId user, DatagramChannel channel) {
      this.user = user;
      this.channel = channel;
      this.session = new DigestSession(user, Credential.ofPassword(UserConfig.digestUsername(user), user.domain(), BenchSystem.password(user)));
      boot();
    }

    /** A client that just started: new Call-ID and From tag, CSeq from 1 (RFC 3261 10.2), no nonce. */
    synchronized void boot() {
      callId = hex(12) + "@bench";
      tag = hex(6);
      cseq = 0;
      session.forget();
    }
  }

  private record Pending(CompletableFuture<SipResponse> answer, DatagramChannel channel, ByteBuffer request, long startedNanos) {}

  RegisteringClients(int size, String serverHost, int serverPort) throws IOException {
    this.server = new InetSocketAddress(serverHost, serverPort);
    this.selector = Selector.open();
    int addresses = (size + CLIENTS_PER_ADDRESS - 1) / CLIENTS_PER_ADDRESS;
    if (addresses > 250 * 250) throw new IllegalArgumentException("at most " + 250 * 250 * CLIENTS_PER_ADDRESS + " clients");
    for (int a = 0; a < addresses; a++) {
      DatagramChannel ch = DatagramChannel.open();
      ch.bind(new InetSocketAddress("127.0." + (1 + a / 250) + "." + (1 + a % 250), 0));
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ);
      channels.add(ch);
    }
    this.clients = new Client[size];
    for (int i = 0; i < size; i++) clients[i] = new Client(BenchSystem.user(i), channels.get(i / CLIENTS_PER_ADDRESS));
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "registering-clients-timers");
      t.setDaemon(true);
      return t;
    });
    this.receiver = new Thread(this::receive, "registering-clients");
    receiver.setDaemon(true);
    receiver.start();
  }

  int size() {
    return clients.length;
  }

  /** Source addresses in use. */
  int addresses() {
    return channels.size();
  }

  /** Client {@code i} registers; a 401 is answered once. Completes with the final answer. */
  CompletableFuture<SipResponse> register(int i) {
    Client c = clients[i];
    return send(c).thenCompose(r -> {
      if (r.status() != 401) return CompletableFuture.completedFuture(r);
      challenges.incrementAndGet();
      if (!c.session.challenged(DigestChallenge.of(r))) return CompletableFuture.completedFuture(r);
      return send(c);
    });
  }

  /** Every client starts afresh: its next REGISTER goes without credentials. */
  void restart() {
    for (Client c : clients) c.boot();
  }

  /** 401 challenges received so far. */
  long challenges() {
    return challenges.get();
  }

  /** Requests sent again for lack of an answer in time (lost datagrams, a busy server). */
  long retransmissions() {
    return retransmissions.get();
  }

  private CompletableFuture<SipResponse> send(Client c) {
    String key;
    byte[] bytes;
    synchronized (c) {
      long cseq = ++c.cseq;
      key = c.callId + " " + cseq;
      bytes = register(c, cseq).getBytes(StandardCharsets.ISO_8859_1);
    }
    Pending p = new Pending(new CompletableFuture<>(), c.channel, ByteBuffer.wrap(bytes), System.nanoTime());
    pending.put(key, p);
    transmit(p);
    retransmitLater(key, p, 500);
    return p.answer();
  }

  private String register(Client c, long cseq) {
    String uri = "sip:" + BenchSystem.DOMAIN;
    InetSocketAddress local = localAddress(c.channel);
    String host = local.getAddress().getHostAddress();
    StringBuilder b = new StringBuilder(640)
        .append("REGISTER ").append(uri).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP ").append(host).append(':').append(local.getPort()).append(";branch=z9hG4bK").append(hex(8)).append(";rport\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("From: <").append(c.user.uri()).append(">;tag=").append(c.tag).append("\r\n")
        .append("To: <").append(c.user.uri()).append(">\r\n")
        .append("Call-ID: ").append(c.callId).append("\r\n")
        .append("CSeq: ").append(cseq).append(" REGISTER\r\n")
        .append("Contact: <sip:").append(UserConfig.digestUsername(c.user)).append('@').append(host).append(':').append(local.getPort())
        .append(">;").append(McService.MCPTT.featureTag()).append("\r\n")
        .append("Expires: 3600\r\n");
    c.session.authorization("REGISTER", uri).ifPresent(v -> b.append("Authorization: ").append(v).append("\r\n"));
    return b.append("Content-Length: 0\r\n\r\n").toString();
  }

  private void transmit(Pending p) {
    try {
      p.channel().send(p.request().duplicate(), server); // 0 bytes sent (buffer full) is a loss: the timer sends it again
    } catch (IOException e) {
      if (!closed) p.answer().complete(new SipResponse(503, "Service Unavailable (not sent: " + e.getMessage() + ")", List.of(), new byte[0]));
    }
  }

  /** Timer E (0.5 s, doubling up to T2 = 4 s) until Timer F (32 s) ends the transaction with a 408. */
  private void retransmitLater(String key, Pending p, long delayMs) {
    timers.schedule(() -> {
      if (pending.get(key) != p || closed) return;
      if (System.nanoTime() - p.startedNanos() >= TimeUnit.SECONDS.toNanos(32)) {
        pending.remove(key, p);
        p.answer().complete(SipResponse.timeout());
        return;
      }
      retransmissions.incrementAndGet();
      transmit(p);
      retransmitLater(key, p, Math.min(delayMs * 2, 4000));
    }, delayMs, TimeUnit.MILLISECONDS);
  }

  private void receive() {
    ByteBuffer in = ByteBuffer.allocate(65_536);
    while (!closed) {
      try {
        selector.select();
        for (SelectionKey k : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) k.channel();
          while (true) {
            in.clear();
            if (ch.receive(in) == null) break;
            in.flip();
            answered(StandardCharsets.ISO_8859_1.decode(in).toString());
          }
        }
        selector.selectedKeys().clear();
      } catch (ClosedSelectorException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (!closed) System.err.println("registering clients: " + e);
      }
    }
  }

  /** A final answer completes its transaction (by Call-ID and CSeq); provisional ones and strays are ignored. */
  private void answered(String text) {
    if (!text.startsWith("SIP/2.0 ")) return;
    int eol = text.indexOf("\r\n");
    int end = text.indexOf("\r\n\r\n");
    if (eol < 0 || end < 0) return;
    String[] status = text.substring(8, eol).split(" ", 2);
    int code;
    try {
      code = Integer.parseInt(status[0]);
    } catch (NumberFormatException e) {
      return;
    }
    if (code < 200) return;
    List<SipRequest.Header> headers = new ArrayList<>();
    String callId = null;
    String cseq = null;
    for (String line : text.substring(eol + 2, end).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) continue;
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      headers.add(new SipRequest.Header(name, value));
      if (name.equalsIgnoreCase("Call-ID") || name.equals("i")) callId = value;
      if (name.equalsIgnoreCase("CSeq")) cseq = value.split(" ")[0];
    }
    if (callId == null || cseq == null) return;
    Pending p = pending.remove(callId + " " + cseq);
    if (p != null) p.answer().complete(new SipResponse(code, status.length > 1 ? status[1] : "", List.copyOf(headers), new byte[0]));
  }

  private static InetSocketAddress localAddress(DatagramChannel ch) {
    try {
      return (InetSocketAddress) ch.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("a bound channel has an address", e);
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    closed = true;
    timers.shutdownNow();
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (DatagramChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    pending.values().forEach(p -> p.answer().complete(SipResponse.timeout()));
  }
}
