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
 * </table>
 */
public record JainSipOptions(
    Duration transactionTimeout,
    int threadPoolSize,
    int maxServerTransactions,
    int maxClientTransactions,
    int udpBufferBytes) {
  /** RFC 3261 Timer F for T1 = 500 ms: the longest a non-INVITE client transaction lives. */
  public static final Duration TIMER_F = Duration.ofMillis(64 * 500);

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
  }

  public static JainSipOptions defaults() {
    return new JainSipOptions(TIMER_F, 8, 200_000, 200_000, 4 << 20);
  }

  public JainSipOptions withTransactionTimeout(Duration timeout) {
    return new JainSipOptions(
        timeout, threadPoolSize, maxServerTransactions, maxClientTransactions, udpBufferBytes);
  }

  public JainSipOptions withThreadPoolSize(int threads) {
    return new JainSipOptions(
        transactionTimeout, threads, maxServerTransactions, maxClientTransactions, udpBufferBytes);
  }

  public JainSipOptions withMaxTransactions(int server, int client) {
    return new JainSipOptions(transactionTimeout, threadPoolSize, server, client, udpBufferBytes);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be " + min + " to " + max + ", was " + value);
    }
  }
}
