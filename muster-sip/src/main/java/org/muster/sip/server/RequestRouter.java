package org.muster.sip.server;

import java.util.List;
import java.util.Locale;
import org.muster.sip.stack.SipEndpoint;
import org.muster.sip.stack.SipRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry for requests from clients and partners: checks what every request must pass
 * (Request-URI scheme and target, Require), then hands it to the handler of its method. Methods
 * the server does not handle get 405 with Allow; faults become 500, never silence.
 */
final class RequestRouter implements SipEndpoint.Handler {
  private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);
  static final String ALLOW = "REGISTER, PUBLISH, MESSAGE, OPTIONS";

  private final ServerContext ctx;
  private final RegisterHandler register;
  private final AffiliationHandler affiliation;
  private final RegroupHandler regroup;
  private final PartnerHandler partner;

  RequestRouter(ServerContext ctx) {
    this.ctx = ctx;
    this.register = new RegisterHandler(ctx);
    this.affiliation = new AffiliationHandler(ctx);
    this.regroup = new RegroupHandler(ctx);
    this.partner = new PartnerHandler(ctx);
  }

  @Override
  public void onRequest(SipRequest request) {
    try {
      route(request);
    } catch (RuntimeException e) {
      log.error("request {} {} (Call-ID {}) failed", request.method(), request.requestUri(), request.callId(), e);
      request.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "internal error"));
    }
  }

  /**
   * {@code muster.core.backlog}: with that many steps waiting for the core, a new request is
   * refused at once ({@code 503}, {@code Retry-After}) rather than queued behind them: the queue
   * stays bounded, and a client learns within milliseconds that it should try again. Answers to
   * what the server sent, and OPTIONS probes, are never refused.
   */
  private boolean overloaded(SipRequest request) {
    int waiting = ctx.core.backlog();
    if (waiting < ctx.settings.coreBacklog()) return false;
    long now = System.nanoTime();
    long last = busyLogged.get();
    if ((last == 0 || now - last > BUSY_LOG_EVERY_NANOS) && busyLogged.compareAndSet(last, now)) {
      log.warn("{} steps wait for the core ({} = {}): new requests are refused 503 until it catches up", waiting,
          ServerSettings.CORE_BACKLOG, ctx.settings.coreBacklog());
    }
    request.respond(503, "Service Unavailable", List.of(new SipRequest.Header("Retry-After", "1"),
        Warnings.warning(ctx.host(), "server busy: " + waiting + " steps wait; try again in a second")));
    return true;
  }

  private static final long BUSY_LOG_EVERY_NANOS = 10_000_000_000L;
  /** When the last "busy" line was logged (System.nanoTime; 0: never): one every 10 s at most. */
  private final java.util.concurrent.atomic.AtomicLong busyLogged = new java.util.concurrent.atomic.AtomicLong();

  private void route(SipRequest request) {
    String method = request.method().toUpperCase(Locale.ROOT);
    if (method.equals("ACK") || method.equals("CANCEL")) return; // no INVITE transactions here
    String ruri = request.requestUri().toLowerCase(Locale.ROOT);
    if (!ruri.startsWith("sip:") && !ruri.startsWith("sips:")) {
      request.respond(416, "Unsupported URI Scheme");
      return;
    }
    List<String> require = request.headers("Require");
    if (!require.isEmpty()) {
      request.respond(420, "Bad Extension", List.of(new SipRequest.Header("Unsupported", String.join(", ", require))));
      return;
    }
    if (!ctx.isForUs(request.requestUri())) {
      request.respond(404, "Not Found", Warnings.one(ctx.host(), "no such service here: " + request.requestUri()));
      return;
    }
    if (!method.equals("OPTIONS") && overloaded(request)) return;
    // WIRE.md interconnection: a request asserting another system's server identity
    if (!method.equals("OPTIONS") && PartnerHandler.claimsPartner(request, ctx)) {
      partner.handle(request);
      return;
    }
    switch (method) {
      case "OPTIONS" -> request.respond(200, "OK", List.of(new SipRequest.Header("Allow", ALLOW),
          new SipRequest.Header("Accept", "application/pidf+xml, " + RegroupHandler.ACCEPT)));
      case "REGISTER" -> register.handle(request);
      case "PUBLISH" -> affiliation.handle(request);
      case "MESSAGE" -> regroup.handle(request);
      default -> request.respond(405, "Method Not Allowed", List.of(new SipRequest.Header("Allow", ALLOW)));
    }
  }
}
