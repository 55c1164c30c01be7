package org.muster.sip.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.Security;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceId;
import org.muster.sip.auth.DigestVerifier;
import org.muster.sip.auth.Flows;
import org.muster.sip.auth.Nonces;
import org.muster.sip.auth.SourceLimits;
import org.muster.sip.stack.DigestAnswer;
import org.muster.sip.stack.DigestChallenge;
import org.muster.sip.stack.SipRequest;

/**
 * WIRE.md "Authentication and identity binding", the one place a client request proves who it
 * comes from before a handler acts on it:
 * <ol>
 *   <li>with {@code authentication: none} (lab mode) everyone is who they say;
 *   <li>a PUBLISH or MESSAGE over the flow of its user's authenticated REGISTER is that client's
 *       (not over a trusted proxy's flow, which every client behind the proxy shares);
 *   <li>otherwise the request needs a valid digest answer of that user (RFC 7616/8760); without
 *       one it is answered 401 with one challenge per offered algorithm ({@code stale=true} when
 *       only the nonce had expired), or dropped when its source is over its limits.
 * </ol>
 * Authorization ({@code may}) comes after, in the procedures.
 */
final class Gate {
  private final McSystemConfig config;
  private final Security security;
  private final DigestVerifier verifier;
  private final Flows flows;
  private final SourceLimits limits;
  private final Predicate<String> ours;

  /** Who a request was admitted as: the user, and the client whose flow it came over, if it did. */
  record Admission(McServiceId user, Optional<McServiceClient> flowClient) {}

  /** {@code ours} tells whether a URI names this server (a digest-uri other than the Request-URI may). */
  Gate(McSystemConfig config, Clock clock, Predicate<String> ours) {
    this(config, clock, new Nonces(clock, new SecureRandom()), ours);
  }

  Gate(McSystemConfig config, Clock clock, Nonces nonces, Predicate<String> ours) {
    this.config = config;
    this.ours = ours;
    this.security = config.system().security();
    this.verifier = new DigestVerifier(security.digestAlgorithms(), nonces);
    this.flows = new Flows(clock);
    this.limits = new SourceLimits(clock, security.unauthenticatedPerSecond());
  }

  boolean authenticates() {
    return security.authenticates();
  }

  /**
   * Admits {@code req} as coming from {@code user}, who is one of this system's users. A REGISTER
   * always needs a digest answer ({@code flowSuffices} false); a PUBLISH or MESSAGE over its
   * client's flow does not. Empty when the request was answered (401) or dropped: the caller does
   * nothing more with it.
   */
  Optional<Admission> admit(SipRequest req, McServiceId user, boolean flowSuffices) {
    if (!security.authenticates()) return Optional.of(new Admission(user, Optional.empty()));
    if (flowSuffices && !fromProxy(req)) {
      Optional<McServiceClient> onFlow = flows.clientOn(req.flow(), user);
      if (onFlow.isPresent()) return Optional.of(new Admission(user, onFlow));
    }
    String source = sourceOf(req);
    Optional<UserConfig> u = config.user(user).filter(x -> config.servesHere(user));
    if (u.isEmpty()) {
      if (limits.admitUnauthenticated(source, "requests for unknown users")) {
        req.respond(403, "Forbidden", Warnings.one(config.domain(), user + " is not an MC service user of this system"));
      } else {
        req.drop();
      }
      return Optional.empty();
    }
    List<DigestAnswer> answers = req.digestAnswers();
    if (!answers.isEmpty() && !limits.mayTry(source)) {
      req.drop();
      return Optional.empty();
    }
    DigestVerifier.Verdict v = answers.isEmpty() ? DigestVerifier.Verdict.MISSING
        : verifier.verify(req.method(), req.requestUri(), ours, u.get(), answers);
    if (v == DigestVerifier.Verdict.VALID) {
      limits.succeeded(source);
      return Optional.of(new Admission(user, Optional.empty()));
    }
    if (v.isFailure()) limits.failed(source, user.uri());
    if (limits.admitUnauthenticated(source, "unauthenticated requests")) {
      req.respond(401, "Unauthorized", challenges(u.get(), v == DigestVerifier.Verdict.STALE));
    } else {
      req.drop();
    }
    return Optional.empty();
  }

  private List<SipRequest.Header> challenges(UserConfig user, boolean stale) {
    List<SipRequest.Header> headers = new ArrayList<>();
    for (DigestChallenge c : verifier.challenges(user.realm(), stale)) headers.add(new SipRequest.Header(DigestChallenge.HEADER, c.headerValue()));
    return headers;
  }

  /** {@code client} registered over the flow of {@code req} for {@code expires} seconds (0: ended). */
  void registered(SipRequest req, McServiceClient client, int expires) {
    if (!security.authenticates()) return;
    if (expires > 0 && !fromProxy(req)) flows.bind(req.flow(), client, expires);
    else flows.unbind(client);
  }

  /** True when {@code req} comes from a SIP proxy in front of this system ({@code system.proxies}). */
  boolean fromProxy(SipRequest req) {
    return security.fromProxy(req.sourceAddress(), req.sourcePort(), req.transport());
  }

  /**
   * The address the per-source limits count {@code req} against: where it came from, or, when a
   * trusted proxy relayed it, the client's address as the proxy saw it (the {@code received} of the
   * Via below the proxy's, else that Via's host): behind a proxy every client would share one.
   */
  String sourceOf(SipRequest req) {
    List<String> vias = req.headers("Via");
    if (!fromProxy(req) || vias.size() < 2) return req.sourceAddress();
    return viaHost(vias.get(1)).orElse(req.sourceAddress());
  }

  /**
   * Where {@code req}'s client is, {@code host:port}: its source, or behind a trusted proxy the
   * Via below the proxy's (its {@code received} and {@code rport}, else its sent-by; port 5060 when
   * it names none).
   */
  String clientAddressOf(SipRequest req) {
    List<String> vias = req.headers("Via");
    if (!fromProxy(req) || vias.size() < 2) return req.sourceAddress() + ":" + req.sourcePort();
    return viaHost(vias.get(1)).map(h -> h + ":" + viaPort(vias.get(1))).orElse(req.sourceAddress() + ":" + req.sourcePort());
  }

  /** The {@code rport} value of a Via, else the port of its sent-by, else 5060. */
  static int viaPort(String via) {
    String[] parts = via.trim().split("\\s+", 2);
    if (parts.length < 2) return 5060;
    String[] params = parts[1].split(";");
    for (int i = 1; i < params.length; i++) {
      String p = params[i].trim();
      if (p.toLowerCase(java.util.Locale.ROOT).startsWith("rport=") && p.substring(6).matches("[0-9]{1,5}")) return Integer.parseInt(p.substring(6));
    }
    String sentBy = params[0].trim();
    int colon = sentBy.lastIndexOf(':');
    int bracket = sentBy.lastIndexOf(']');
    if (colon > bracket && sentBy.substring(colon + 1).matches("[0-9]{1,5}")) return Integer.parseInt(sentBy.substring(colon + 1));
    return 5060;
  }

  /** The {@code received} parameter of a Via value ({@code SIP/2.0/UDP host:port;received=...}), else its host. */
  static Optional<String> viaHost(String via) {
    String[] parts = via.trim().split("\\s+", 2);
    if (parts.length < 2) return Optional.empty();
    String[] params = parts[1].split(";");
    for (int i = 1; i < params.length; i++) {
      String p = params[i].trim();
      if (p.toLowerCase(java.util.Locale.ROOT).startsWith("received=") && p.length() > 9) return Optional.of(p.substring(9));
    }
    String sentBy = params[0].trim();
    if (sentBy.startsWith("[")) return sentBy.indexOf(']') > 0 ? Optional.of(sentBy.substring(1, sentBy.indexOf(']'))) : Optional.empty();
    int colon = sentBy.indexOf(':');
    String host = colon >= 0 ? sentBy.substring(0, colon) : sentBy;
    return host.isEmpty() ? Optional.empty() : Optional.of(host);
  }

  /** {@code client}'s registration ended (log-off, {@code Contact: *}). */
  void loggedOff(McServiceClient client) {
    flows.unbind(client);
  }
}
