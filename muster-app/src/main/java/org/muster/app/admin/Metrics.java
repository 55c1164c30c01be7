package org.muster.app.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.muster.core.flow.RejectReason;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.RegroupEvent;
import org.muster.core.server.McServiceServer;
import org.muster.sip.server.MusterServer;
import org.muster.sip.server.ServerObserver;

/**
 * The server's metrics, kept in a Micrometer registry and written as Prometheus text on {@code GET
 * /metrics}. Every label takes a bounded set of values (SIP methods as {@code SipTraffic.method}
 * names them, status codes, reject reasons, member states), so a peer cannot grow the registry.
 *
 * <ul>
 *   <li>{@code muster_sip_requests_total{method}}, {@code muster_sip_answers_total{method,code}}
 *   <li>{@code muster_regroups_total{outcome}}: formed, cancelled, and refused with {@code reason}
 *   <li>{@code muster_member_steps_total{state}}: each member step (notified, acknowledged, failed,
 *       unreachable, ...): failed and unreachable deliveries are counted here
 *   <li>{@code muster_regroup_member_acknowledged_seconds}: from a regroup in effect to each
 *       member's acknowledgement (the fan-out, as a histogram)
 *   <li>{@code muster_store_write_seconds{outcome}}: each store transaction of the writer
 *   <li>gauges: registered clients, affiliations, active regroups, cancels owed to partners
 * </ul>
 */
final class Metrics implements ServerObserver {
  /** Regroups whose formed time is kept for the fan-out histogram; the oldest beyond it are forgotten. */
  private static final int FORMED_KEPT = 10_000;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MusterServer server;
  private final AtomicReference<McServiceServer.Stats> stats = new AtomicReference<>();
  private final AtomicReference<Integer> cancelsOwed = new AtomicReference<>(0);
  private final Map<McServiceGroupId, Instant> formedAt = new ConcurrentHashMap<>();
  private final Timer fanOut;

  private Metrics(MusterServer server) {
    this.server = server;
    Gauge.builder("muster_registered_clients", stats, s -> s.get() == null ? 0 : s.get().registeredClients())
        .description("clients registered with this server").register(registry);
    Gauge.builder("muster_affiliations", stats, s -> s.get() == null ? 0 : s.get().affiliations())
        .description("group affiliations of registered clients").register(registry);
    Gauge.builder("muster_active_regroups", stats, s -> s.get() == null ? 0 : s.get().activeRegroups())
        .description("regroups in effect").register(registry);
    Gauge.builder("muster_partner_cancels_owed", cancelsOwed, AtomicReference::get)
        .description("cancels sent to partner systems and not confirmed yet (resent until they are)").register(registry);
    fanOut = Timer.builder("muster_regroup_member_acknowledged")
        .description("time from a regroup in effect to a member's acknowledgement of it")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  /** Metrics of {@code server}, which reports to them from now on. */
  static Metrics of(MusterServer server) {
    Metrics m = new Metrics(server);
    server.observe(m);
    server.onEvent(m::event);
    return m;
  }

  /** The Prometheus text, with the gauges read from the server first (within {@code wait}). */
  String scrape(Duration wait) throws Exception {
    stats.set(server.query(McServiceServer::stats).get(wait.toMillis(), TimeUnit.MILLISECONDS));
    cancelsOwed.set(server.partnerCancelsOwed().get(wait.toMillis(), TimeUnit.MILLISECONDS));
    return registry.scrape();
  }

  @Override
  public void requestReceived(String method) {
    Counter.builder("muster_sip_requests").description("SIP requests received, by method")
        .tag("method", method).register(registry).increment();
  }

  @Override
  public void answerSent(String method, int status) {
    Counter.builder("muster_sip_answers").description("SIP answers sent, by request method and status code")
        .tag("method", method).tag("code", Integer.toString(status)).register(registry).increment();
  }

  @Override
  public void regroupRefused(RejectReason reason) {
    regroups("refused", reason.name().toLowerCase(Locale.ROOT));
  }

  @Override
  public void storeWritten(Duration took, int changes, boolean written) {
    Timer.builder("muster_store_write").description("store transactions of the writer (group commits)")
        .tag("outcome", written ? "written" : "unreachable").register(registry).record(took);
  }

  private void event(RegroupEvent e) {
    switch (e.kind()) {
      case FORMED -> {
        regroups("formed", "none");
        if (formedAt.size() >= FORMED_KEPT) formedAt.clear(); // a bound, never reached in normal service
        formedAt.put(e.regroupGroup(), e.at());
      }
      case CANCELLED -> {
        regroups("cancelled", "none");
        formedAt.remove(e.regroupGroup());
      }
      case MEMBER -> e.memberState().ifPresent(state -> {
        Counter.builder("muster_member_steps").description("member steps of regroups, by state")
            .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry).increment();
        Instant formed = formedAt.get(e.regroupGroup());
        if (formed != null && state == org.muster.core.regroup.MemberState.ACKNOWLEDGED && !e.at().isBefore(formed)) {
          fanOut.record(Duration.between(formed, e.at()));
        }
      });
      default -> {
        // FORMING and REJECTED: refusals are counted with their reason (regroupRefused)
      }
    }
  }

  private void regroups(String outcome, String reason) {
    Counter.builder("muster_regroups").description("regroup requests carried out or refused, by outcome (and reason)")
        .tag("outcome", outcome).tag("reason", reason).register(registry).increment();
  }
}
