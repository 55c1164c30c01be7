package org.muster.sip.stack;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of one {@link JainSipEndpoint}; checked when built, then immutable.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>transactionTimeout</td><td>32 s</td><td>how long {@code send} waits for a final
 *       answer: RFC 3261 Timer F (64·T1, T1 = 500 ms); shorter values end the wait early (the
 *       stack still absorbs late answers); at most 32 s</td></tr>
 *   <tr><td>threadPoolSize</td><td>8</td><td>listener threads ({@code THREAD_POOL_SIZE}); the
 *       handler runs on them, several at once</td></tr>
 *   <tr><td>maxServerTransactions</td><td>200,000</td><td>server transaction table cap. An
 *       answered UDP transaction stays 32 s (Timer J) and the RI starts dropping new requests at
 *       80 % of the cap, so 200,000 absorbs a 20,000/s burst for 8 s, or 5,000/s sustained</td></tr>
 *   <tr><td>maxClientTransactions</td><td>200,000</td><td>client transaction table cap</td></tr>
 *   <tr><td>udpBufferBytes</td><td>4 MiB</td><td>UDP socket receive and send buffer request
 *       (the kernel caps it at {@code net.core.rmem_max} / {@code wmem_max})</td></tr>
 *   <tr><td>answeredLinger</td><td>500 ms</td><td>how long a non-INVITE client transaction over
 *       UDP stays after its final answer to absorb retransmissions of that answer (RFC 3261 Timer
 *       K = T4, 5 s). The RI counts it in 500 ms ticks (rounded down) and loses the answer when
 *       it is 0, so 500 ms to 5 s: a fan-out of 10,000 MESSAGEs leaves its transactions (and
 *       their bodies) for half a second instead of 5 s; a copy of the answer arriving later is
 *       dropped as stray</td></tr>
 * </table>
 */
public record JainSipOptions(
    Duration transactionTimeout,
    int threadPoolSize,
    int maxServerTransactions,
    int maxClientTransactions,
    int udpBufferBytes,
    Duration answeredLinger) {
  /** RFC 3261 Timer F for T1 = 500 ms: the longest a non-INVITE client transaction lives. */
  public static final Duration TIMER_F = Duration.ofMillis(64 * 500);
  /** RFC 3261 T4: how long a message may stay in the network; Timer K for UDP. */
  public static final Duration T4 = Duration.ofSeconds(5);
  /** The RI's timer tick (T1): the shortest linger it keeps. */
  public static final Duration TICK = Duration.ofMillis(500);

  public JainSipOptions {
    Objects.requireNonNull(transactionTimeout, "transactionTimeout");
    if (transactionTimeout.toMillis() < 1 || transactionTimeout.compareTo(TIMER_F) > 0) {
      throw new IllegalArgumentException(
          "transactionTimeout must be 1 ms to 32 s, was " + transactionTimeout);
    }
    requireRange("threadPoolSize", threadPoolSize, 1, 256);
    requireRange("maxServerTransactions", maxServerTransactions, 100, 10_000_000);
    requireRange("maxClientTransactions", maxClientTransactions, 100, 10_000_000);
    requireRange("udpBufferBytes", udpBufferBytes, 65_536, 256 << 20);
    Objects.requireNonNull(answeredLinger, "answeredLinger");
    if (answeredLinger.compareTo(TICK) < 0 || answeredLinger.compareTo(T4) > 0) {
      throw new IllegalArgumentException("answeredLinger must be 500 ms to 5 s, was " + answeredLinger);
    }
  }

  public static JainSipOptions defaults() {
    return new JainSipOptions(TIMER_F, 8, 200_000, 200_000, 4 << 20, TICK);
  }

  public JainSipOptions withTransactionTimeout(Duration timeout) {
    return new JainSipOptions(
        timeout, threadPoolSize, maxServerTransactions, maxClientTransactions, udpBufferBytes, answeredLinger);
  }

  public JainSipOptions withThreadPoolSize(int threads) {
    return new JainSipOptions(
        transactionTimeout, threads, maxServerTransactions, maxClientTransactions, udpBufferBytes, answeredLinger);
  }

  public JainSipOptions withMaxTransactions(int server, int client) {
    return new JainSipOptions(transactionTimeout, threadPoolSize, server, client, udpBufferBytes, answeredLinger);
  }

  /** With {@code linger} for answered non-INVITE client transactions over UDP ({@link #T4} is the RFC's Timer K). */
  public JainSipOptions withAnsweredLinger(Duration linger) {
    return new JainSipOptions(
        transactionTimeout, threadPoolSize, maxServerTransactions, maxClientTransactions, udpBufferBytes, linger);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be " + min + " to " + max + ", was " + value);
    }
  }
}
