package org.muster.sip.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Every tunable of a running server in one place, checked when built: a bad value stops the start
 * with a message naming its key. Read from JVM system properties ({@code -Dkey=value}, for {@code
 * muster server} through {@code MUSTER_JAVA_OPTS}); provisioning holds what describes the MC
 * system, these only how fast it gives up.
 *
 * @param partnerTimeout {@code muster.partner.timeout.ms}: how long a partner system has to answer
 *     a server-to-server request before it counts as silent (WIRE.md "did not answer in time");
 *     default 5 s, 100 ms to 32 s (Timer F)
 * @param deliveryTimeout {@code muster.delivery.timeout.ms}: how long a client has to answer one
 *     attempt of a regroup or cancel request before it is sent again; default 8 s, 100 ms to 32 s
 * @param reportInterval {@code muster.report.interval.ms}: how often a partner system reports the
 *     steps of its members in a primary's regroup; default 1 s, 10 ms to 60 s
 * @param sendThreads {@code muster.send.threads}: threads handing regroup notifications to the SIP
 *     stack side by side (each client always on the same one, so its notifications keep their
 *     order); default 2, 1 to 64
 * @param leaseRenew {@code muster.lease.renew.ms}: several instances on one PostgreSQL: how often an
 *     instance renews its lease in the store (and looks for leases run out); default 3 s, 100 ms to 60 s
 * @param leaseExpiry {@code muster.lease.expiry.ms}: how long a lease lasts unrenewed; once it ran
 *     out, another instance serves the clients of the one that held it; default 10 s, at least
 *     twice the renewal, at most 10 minutes
 * @param coreBacklog {@code muster.core.backlog}: how many steps may wait for the core's thread
 *     (requests, answers, timers) and its store writer together before a new client or partner
 *     request is refused {@code 503} with {@code Retry-After} instead of queued; default 20,000
 *     (about a second of work), 10 to 1,000,000
 */
public record ServerSettings(Duration partnerTimeout, Duration deliveryTimeout, Duration reportInterval, int sendThreads,
    Duration leaseRenew, Duration leaseExpiry, int coreBacklog) {
  public static final String PARTNER_TIMEOUT = "muster.partner.timeout.ms";
  public static final String DELIVERY_TIMEOUT = "muster.delivery.timeout.ms";
  public static final String REPORT_INTERVAL = "muster.report.interval.ms";
  public static final String SEND_THREADS = "muster.send.threads";
  public static final String LEASE_RENEW = "muster.lease.renew.ms";
  public static final String LEASE_EXPIRY = "muster.lease.expiry.ms";
  public static final String CORE_BACKLOG = "muster.core.backlog";
  public static final int DEFAULT_CORE_BACKLOG = 20_000;

  public ServerSettings {
    check(PARTNER_TIMEOUT, partnerTimeout, 100, 32_000);
    check(DELIVERY_TIMEOUT, deliveryTimeout, 100, 32_000);
    check(REPORT_INTERVAL, reportInterval, 10, 60_000);
    if (sendThreads < 1 || sendThreads > 64) throw new IllegalArgumentException(SEND_THREADS + " must be 1 to 64, was " + sendThreads);
    check(LEASE_RENEW, leaseRenew, 100, 60_000);
    check(LEASE_EXPIRY, leaseExpiry, 2 * leaseRenew.toMillis(), 600_000);
    if (coreBacklog < 10 || coreBacklog > 1_000_000) {
      throw new IllegalArgumentException(CORE_BACKLOG + " must be 10 to 1000000, was " + coreBacklog);
    }
  }

  /** With the default lease times and backlog. */
  public ServerSettings(Duration partnerTimeout, Duration deliveryTimeout, Duration reportInterval, int sendThreads) {
    this(partnerTimeout, deliveryTimeout, reportInterval, sendThreads, Duration.ofSeconds(3), Duration.ofSeconds(10), DEFAULT_CORE_BACKLOG);
  }

  public ServerSettings withCoreBacklog(int steps) {
    return new ServerSettings(partnerTimeout, deliveryTimeout, reportInterval, sendThreads, leaseRenew, leaseExpiry, steps);
  }

  public static ServerSettings defaults() {
    return new ServerSettings(Duration.ofSeconds(5), Duration.ofSeconds(8), Duration.ofSeconds(1), 2);
  }

  /** The settings of the JVM's system properties; unset keys keep their defaults. */
  public static ServerSettings fromSystemProperties() {
    return from(System.getProperties());
  }

  /** The settings {@code p} gives; unset keys keep their defaults; a bad value throws naming its key. */
  public static ServerSettings from(Properties p) {
    ServerSettings d = defaults();
    return new ServerSettings(millis(p, PARTNER_TIMEOUT, d.partnerTimeout), millis(p, DELIVERY_TIMEOUT, d.deliveryTimeout),
        millis(p, REPORT_INTERVAL, d.reportInterval), count(p, SEND_THREADS, d.sendThreads), millis(p, LEASE_RENEW, d.leaseRenew),
        millis(p, LEASE_EXPIRY, d.leaseExpiry), count(p, CORE_BACKLOG, d.coreBacklog));
  }

  private static int count(Properties p, String key, int absent) {
    String v = p.getProperty(key);
    if (v == null) return absent;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
    }
  }

  private static Duration millis(Properties p, String key, Duration absent) {
    String v = p.getProperty(key);
    if (v == null) return absent;
    try {
      return Duration.ofMillis(Long.parseLong(v.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number of milliseconds, was '" + v + "'");
    }
  }

  private static void check(String key, Duration d, long min, long max) {
    Objects.requireNonNull(d, key);
    if (d.toMillis() < min || d.toMillis() > max) {
      throw new IllegalArgumentException(key + " must be " + min + " to " + max + " ms, was " + d.toMillis());
    }
  }
}
