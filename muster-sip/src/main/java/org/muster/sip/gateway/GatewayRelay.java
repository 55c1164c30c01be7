package org.muster.sip.gateway;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.muster.core.config.PartnerConfig;
import org.muster.core.id.McService;
import org.muster.core.id.SipUri;
import org.muster.protocol.BodyTypes;
import org.muster.sip.auth.SourceLimits;
import org.muster.sip.server.PartnerRecognition;
import org.muster.sip.stack.JainSipEndpoint;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's two handlers: requests from the MC system inside (to a partner) and from the
 * partners outside (to that system). A request is relayed only when it carries a server identity
 * ({@code P-Asserted-Identity}: a PSI or the {@code gms} PSI) of the side it came from and passes
 * that side's recognition (its pinned certificate over TLS, else its provisioned address: {@link
 * PartnerRecognition}), is a MESSAGE naming a server of the other side, carries a body the gateway
 * relays, and, from outside, is of a kind that partner may send ({@code may}). Anything else is
 * answered here: 403 with a Warning, 405, 400 or 415. Refusals beyond {@link #REFUSALS_PER_SECOND} a
 * second from one source address are dropped unanswered ({@link SourceLimits}), as the servers do.
 *
 * <p>A relayed request is a new request of the gateway's own (a B2BUA, RFC 3261 6): its own Via,
 * Contact, From tag and CSeq, no Record-Route, a Call-ID mapped by {@link OpaqueTokens#callId},
 * the checked identity asserted onward, and the body as received, except as {@link BodyRewrites}
 * says (member reports' client addresses become opaque tokens; no key material on a hop without TLS). The request waits in its server transaction for the far
 * side's final answer, which goes back with its status and Warning headers unchanged (Allow,
 * Accept and Retry-After too, nothing else); no answer in {@link GatewayConfig#timeout()} is a 408
 * and a request that could not be sent a 503, both without Warning, as a silent partner's would be.
 */
final class GatewayRelay {
  private static final Logger log = LoggerFactory.getLogger(GatewayRelay.class);
  private static final Set<String> ANSWER_HEADERS = Set.of("warning", "allow", "accept", "retry-after");
  /** The PSI of a group management server (WIRE.md extension, GMS to GMS). */
  static final String GMS_USER = "gms";
  /** Refusals answered per second and source address (5 s of burst); beyond, requests are dropped unanswered. */
  static final int REFUSALS_PER_SECOND = 50;
  /** Bodies above this size go over TCP (RFC 3261 18.1.1), as the servers do. */
  private static final int UDP_BODY_LIMIT = 700;

  private final GatewayConfig config;
  private final OpaqueTokens tokens;
  private final AtomicLong relayed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final SourceLimits limits = new SourceLimits(Clock.systemUTC(), REFUSALS_PER_SECOND);
  volatile JainSipEndpoint insideEndpoint;
  volatile JainSipEndpoint outsideEndpoint;

  GatewayRelay(GatewayConfig config, OpaqueTokens tokens) {
    this.config = config;
    this.tokens = tokens;
  }

  long relayed() {
    return relayed.get();
  }

  long refused() {
    return refused.get();
  }

  /** A request from the MC system inside, for a partner outside. */
  void fromInside(SipRequest req) {
    if (answeredAsProbe(req)) return;
    String pai = stripped(req.assertedIdentity().orElse(""));
    PartnerConfig system = config.system();
    Optional<String> why = isServerOf(pai, system.domain()) ? PartnerRecognition.refusal(req, system)
        : Optional.of("no server identity of " + system.domain());
    if (why.isPresent()) {
      refuse(req, "inside", pai, why.get(), "not authorized: " + (pai.isEmpty() ? "a request without P-Asserted-Identity" : pai)
          + " is not recognised as the MC system behind this gateway");
      return;
    }
    if (!isMessage(req)) return;
    String target = stripped(req.requestUri());
    Optional<GatewayConfig.Partner> partner = SipUri.isValid(target) ? config.partnerForDomain(SipUri.domain(target)) : Optional.empty();
    if (partner.isEmpty() || !isServerOf(target, partner.get().peer().domain())) {
      refuse(req, "inside", pai, "for " + target, "not authorized: " + target + " is not a server of a partner reached through this gateway");
      return;
    }
    Optional<RequestKind> kind = kindOf(req);
    if (kind.isEmpty()) return;
    relay(req, pai, target, kind.get(), partner.get().peer(), outsideEndpoint);
  }

  /** A request from a partner outside, for the MC system inside. */
  void fromOutside(SipRequest req) {
    if (answeredAsProbe(req)) return;
    String pai = stripped(req.assertedIdentity().orElse(""));
    Optional<GatewayConfig.Partner> partner = SipUri.isValid(pai) ? config.partnerForDomain(SipUri.domain(pai)) : Optional.empty();
    Optional<String> why = partner.isEmpty() || !isServerOf(pai, partner.get().peer().domain())
        ? Optional.of("no server identity of a provisioned partner") : PartnerRecognition.refusal(req, partner.get().peer());
    if (why.isPresent()) {
      refuse(req, "outside", pai, why.get(), "not authorized: " + (pai.isEmpty() ? "a request without P-Asserted-Identity" : pai)
          + " is not recognised as a partner of " + config.system().domain());
      return;
    }
    if (!isMessage(req)) return;
    String target = stripped(req.requestUri());
    if (!isServerOf(target, config.system().domain())) {
      refuse(req, "outside", pai, "for " + target, "not authorized: this gateway relays only to the servers of " + config.system().domain());
      return;
    }
    Optional<RequestKind> kind = kindOf(req);
    if (kind.isEmpty()) return;
    GatewayConfig.Partner p = partner.get();
    if (!p.may().contains(kind.get())) {
      refuse(req, "outside", pai, kind.get().word() + " not in may", "not authorized: partner " + p.peer().id() + " may not send "
          + kind.get().word() + " requests to " + config.system().domain());
      return;
    }
    relay(req, pai, target, kind.get(), config.system(), insideEndpoint);
  }

  private void relay(SipRequest req, String pai, String target, RequestKind kind, PartnerConfig to, JainSipEndpoint via) {
    boolean tls = to.certificate().isPresent();
    BodyRewrites.Result rewritten = BodyRewrites.of(kind, req.contentType().orElse(""), req.body(), tls, tokens);
    if (rewritten instanceof BodyRewrites.Malformed m) {
      req.respond(400, "Bad Request", warning(m.warning()));
      return;
    }
    String contentType = ((BodyRewrites.Relay) rewritten).contentType();
    byte[] body = ((BodyRewrites.Relay) rewritten).body();
    String transport = tls ? "TLS" : body.length > UDP_BODY_LIMIT ? "TCP" : "UDP";
    String callId = tokens.callId(req.callId(), config.warnAgent());
    OutgoingRequest out = new OutgoingRequest("MESSAGE", target, pai, target, to.address().host(), to.address().port(), transport,
        List.of(new SipRequest.Header("P-Asserted-Identity", "<" + pai + ">"), new SipRequest.Header("Call-ID", callId)),
        contentType, body);
    via.send(out, config.timeout()).whenComplete((answer, e) -> {
      SipResponse a = e != null ? new SipResponse(503, "Service Unavailable", List.of(), new byte[0]) : answer;
      List<SipRequest.Header> back = a.headers().stream().filter(h -> ANSWER_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))).toList();
      relayed.incrementAndGet();
      log.info("relayed {} {} from {} to {} ({}): {} {}", kind.word(), callId, pai, target, to.id(), a.status(), a.reason());
      req.respond(a.status(), OpaqueTokens.blank(a.reason()), back);
    });
  }

  /** OPTIONS to the gateway is its liveness probe (as for the servers, WIRE.md); true when answered. */
  private boolean answeredAsProbe(SipRequest req) {
    if (!req.method().equalsIgnoreCase("OPTIONS") || req.assertedIdentity().isPresent()) return false;
    req.respond(200, "OK", List.of(new SipRequest.Header("Allow", "MESSAGE, OPTIONS")));
    return true;
  }

  /** True for a MESSAGE; anything else is answered 405 here. */
  private static boolean isMessage(SipRequest req) {
    if (req.method().equalsIgnoreCase("MESSAGE")) return true;
    req.respond(405, "Method Not Allowed", List.of(new SipRequest.Header("Allow", "MESSAGE")));
    return false;
  }

  /** The kind of a MESSAGE's body; empty when it was answered (400 or 415) here. */
  private Optional<RequestKind> kindOf(SipRequest req) {
    RequestKind.Classified c = RequestKind.classify(req.contentType().orElse(""), req.body());
    if (c instanceof RequestKind.Known k) return Optional.of(k.kind());
    RequestKind.Refused r = (RequestKind.Refused) c;
    req.respond(r.status(), r.reason(), r.warning().isEmpty()
        ? List.of(new SipRequest.Header("Accept", String.join(", ", BodyTypes.MULTIPART_MIXED, BodyTypes.MEMBER_REPORT,
            BodyTypes.GROUP_CONFIGURATION)))
        : warning(r.warning()));
    return Optional.empty();
  }

  private void refuse(SipRequest req, String side, String pai, String why, String warning) {
    refused.incrementAndGet();
    if (!limits.admitUnauthenticated(req.sourceAddress(), "refused requests at the gateway")) {
      req.drop(); // a flood from one address: no answer, no log line each (SourceLimits logs the count)
      return;
    }
    log.warn("refused {} from {}:{} over {} on the {} claiming '{}': {}", req.method(), req.sourceAddress(), req.sourcePort(),
        req.transport(), side, pai, why);
    req.respond(403, "Forbidden", warning(warning));
  }

  private List<SipRequest.Header> warning(String text) {
    String clean = text.replace('"', '\'').replace('\\', '/').replaceAll("[\\r\\n]+", " ");
    return List.of(new SipRequest.Header("Warning", "399 " + config.warnAgent() + " \"" + clean + "\""));
  }

  /** True when {@code uri} is a server identity of {@code domain}: one of its PSIs or its GMS's. */
  static boolean isServerOf(String uri, String domain) {
    String u = uri.toLowerCase(Locale.ROOT);
    if (u.equals("sip:" + GMS_USER + "@" + domain.toLowerCase(Locale.ROOT))) return true;
    for (McService s : McService.values()) if (u.equals(s.psi(domain.toLowerCase(Locale.ROOT)))) return true;
    return false;
  }

  /** A URI without angle brackets and parameters. */
  static String stripped(String uri) {
    String u = uri.trim();
    if (u.startsWith("<")) u = u.substring(1, u.indexOf('>') < 0 ? u.length() : u.indexOf('>'));
    int semi = u.indexOf(';');
    return semi < 0 ? u : u.substring(0, semi);
  }
}
