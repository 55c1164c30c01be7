package org.muster.sip.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends raw bytes to an endpoint and reads what comes back, waiting with socket receive timeouts
 * (never sleeping). One UDP socket on 127.0.0.1, reused for many exchanges.
 */
final class RawSip implements AutoCloseable {
  private final DatagramSocket udp;

  RawSip() throws IOException {
    udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  int port() {
    return udp.getLocalPort();
  }

  void sendUdp(byte[] datagram, int port) throws IOException {
    udp.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
  }

  /** The next datagram received within {@code timeout}, as text, if any. */
  Optional<String> receiveUdp(Duration timeout) throws IOException {
    byte[] buffer = new byte[65_536];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    udp.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    try {
      udp.receive(packet);
      return Optional.of(new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1));
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    }
  }

  /** Discards whatever is already queued on the socket (late answers of an earlier exchange). */
  void drain() throws IOException {
    while (receiveUdp(Duration.ofMillis(1)).isPresent()) {
      // discard
    }
  }

  /** The first answers received within {@code timeout} of sending, as status lines. */
  List<String> exchangeUdp(byte[] datagram, int port, Duration timeout) throws IOException {
    drain();
    sendUdp(datagram, port);
    List<String> firstLines = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      Optional<String> answer = receiveUdp(Duration.ofNanos(left));
      if (answer.isEmpty()) break;
      firstLines.add(firstLine(answer.get()));
      if (!firstLines.get(firstLines.size() - 1).matches("SIP/2\\.0 1\\d\\d .*")) break;
    }
    return firstLines;
  }

  /**
   * Sends {@code message} on a new TCP connection and returns the status lines received until a
   * final one arrives, the peer closes, or {@code timeout} passes.
   */
  static List<String> exchangeTcp(byte[] message, int port, Duration timeout) throws IOException {
    return exchangeTcp(message, port, timeout, 1);
  }

  /** As {@link #exchangeTcp(byte[], int, Duration)}, until {@code finals} final answers came. */
  static List<String> exchangeTcp(byte[] message, int port, Duration timeout, int finals) throws IOException {
    List<String> statusLines = new ArrayList<>();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.getOutputStream().write(message);
      s.getOutputStream().flush();
      StringBuilder got = new StringBuilder();
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[8192];
      long deadline = System.nanoTime() + timeout.toNanos();
      long left;
      try {
        while ((left = deadline - System.nanoTime()) > 0) {
          s.setSoTimeout((int) Math.max(1, left / 1_000_000));
          int n = in.read(buffer);
          if (n < 0) break;
          got.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          statusLines = statusLines(got);
          if (statusLines.stream().filter(l -> !l.matches("SIP/2\\.0 1\\d\\d.*")).count() >= finals) break;
        }
      } catch (SocketTimeoutException e) {
        // nothing more within the time given
      }
    }
    return statusLines;
  }

  private static List<String> statusLines(CharSequence stream) {
    List<String> lines = new ArrayList<>();
    for (String line : stream.toString().split("\r\n")) {
      if (line.startsWith("SIP/2.0 ")) lines.add(line);
    }
    return lines;
  }

  static String firstLine(String message) {
    int end = message.indexOf("\r\n");
    return end < 0 ? message : message.substring(0, end);
  }

  @Override
  public void close() {
    udp.close();
  }
}
