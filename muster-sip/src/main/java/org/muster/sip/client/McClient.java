package org.muster.sip.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.protocol.AffiliationBody;
import org.muster.protocol.AffiliationDocument;
import org.muster.protocol.decode.Decoded;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.RegroupAction;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;
import org.muster.sip.stack.DigestChallenge;
import org.muster.sip.stack.JainSipEndpoint;
import org.muster.sip.stack.JainSipOptions;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.PeerTrust;
import org.muster.sip.stack.SipEndpoint;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;
import org.muster.sip.stack.TlsSettings;

/**
 * An MC service client (the UE side of WIRE.md) on the same wire code as the server: registers,
 * affiliates, receives regroup notifications (and acknowledges them), and for an authorized
 * user sends preconfigured regroup and cancel requests.
 */
public final class McClient implements AutoCloseable {
  private final ClientOptions options;
  private final SipEndpoint endpoint;
  private final String contact;
  private final List<Consumer<RegroupNotification>> listeners = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<RegroupNotification> inbox = new LinkedBlockingQueue<>();
  /** Answers digest challenges; null without a credential. */
  private final DigestSession digest;

  private McClient(ClientOptions options, java.util.function.Function<SipEndpoint.Handler, SipEndpoint> start) {
    this.options = options;
    this.digest = options.credential().map(c -> new DigestSession(options.user(), c)).orElse(null);
    this.endpoint = start.apply(this::onRequest);
    String userPart = options.user().uri().substring(4).split("@")[0];
    this.contact = "sip:" + userPart + "@" + endpoint.host() + ":" + endpoint.tlsPort().orElse(endpoint.port())
        + (options.transport().equals("UDP") ? "" : ";transport=" + options.transport().toLowerCase(Locale.ROOT));
  }

  /** Starts the client's endpoint; with TLS also a TLS listening point (a throwaway certificate) for the server's notifications. */
  public static McClient start(ClientOptions options) {
    return start(options, JainSipOptions.defaults());
  }

  /**
   * As {@link #start(ClientOptions)} on a stack with {@code sip} options; with {@code
   * withThreadPoolSize(1)} the client handles what it receives one request at a time, in the
   * order it arrived (as a UE does), where the default stack handles requests side by side.
   */
  public static McClient start(ClientOptions options, JainSipOptions sip) {
    Optional<TlsSettings> tls = options.transport().equals("TLS")
        ? Optional.of(TlsSettings.client(options.localHost(), PeerTrust.anchoredAt(options.trusted())))
        : Optional.empty();
    return new McClient(options, h -> JainSipEndpoint.start("ue-" + options.user().uri(), options.localHost(), options.localPort(), h,
        sip, tls));
  }

  /** The Contact URI this client registers. */
  public String contact() {
    return contact;
  }

  public ClientOptions options() {
    return options;
  }

  /** REGISTER for {@code services} (WIRE.md: feature tags on the Contact). */
  public CompletableFuture<SipResponse> register(Collection<McService> services, int expires) {
    String tags = services.stream().map(s -> ";" + s.featureTag()).collect(Collectors.joining());
    return send("REGISTER", "sip:" + options.domain(), options.user().uri(),
        List.of(new SipRequest.Header("Contact", "<" + contact + ">" + tags), new SipRequest.Header("Expires", String.valueOf(expires))),
        null, null);
  }

  /** Log-off: REGISTER with {@code Expires: 0}. */
  public CompletableFuture<SipResponse> logOff() {
    return send("REGISTER", "sip:" + options.domain(), options.user().uri(),
        List.of(new SipRequest.Header("Contact", "<" + contact + ">"), new SipRequest.Header("Expires", "0")), null, null);
  }

  /** PUBLISH the whole wanted set of groups for {@code service} (an empty set de-affiliates all). */
  public CompletableFuture<SipResponse> affiliate(McService service, List<McServiceGroupId> groups) {
    byte[] body = AffiliationBody.encode(new AffiliationDocument(options.user(), clientId(), service, groups));
    return send("PUBLISH", service.psi(options.domain()), service.psi(options.domain()),
        List.of(new SipRequest.Header("Event", "presence"), new SipRequest.Header("Expires", "3600"),
            new SipRequest.Header("Contact", "<" + contact + ">")),
        AffiliationBody.CONTENT_TYPE, body);
  }

  /** PUBLISH with {@code Expires: 0}: removes every affiliation for {@code service}. */
  public CompletableFuture<SipResponse> deaffiliateAll(McService service) {
    return send("PUBLISH", service.psi(options.domain()), service.psi(options.domain()),
        List.of(new SipRequest.Header("Event", "presence"), new SipRequest.Header("Expires", "0"),
            new SipRequest.Header("Contact", "<" + contact + ">")), null, null);
  }

  /** Preconfigured regroup request (10.xx.2.1) as MESSAGE to the service PSI. */
  public CompletableFuture<SipResponse> regroup(McService service, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup,
      RegroupTargets targets) {
    return sendRegroup(new RegroupDocument(service, RegroupAction.CREATE, Optional.of(options.user()), Optional.empty(), false,
        Optional.of(configurationGroup), regroupGroup, Optional.of(targets)));
  }

  /** As {@link #regroup(McService, McServiceGroupId, McServiceGroupId, RegroupTargets)}, asking it to expire (Muster extension). */
  public CompletableFuture<SipResponse> regroup(McService service, McServiceGroupId regroupGroup, McServiceGroupId configurationGroup,
      RegroupTargets targets, org.muster.core.flow.RegroupExpiry expires) {
    return sendRegroup(new RegroupDocument(service, RegroupAction.CREATE, Optional.of(options.user()), Optional.empty(), false,
        Optional.of(configurationGroup), regroupGroup, Optional.of(targets), Optional.of(expires)));
  }

  /** Preconfigured regroup cancel request (10.xx.2.7). */
  public CompletableFuture<SipResponse> cancel(McService service, McServiceGroupId regroupGroup) {
    return sendRegroup(new RegroupDocument(service, RegroupAction.REMOVE, Optional.of(options.user()), Optional.empty(), false,
        Optional.empty(), regroupGroup, Optional.empty()));
  }

  private CompletableFuture<SipResponse> sendRegroup(RegroupDocument doc) {
    EncodedBody body = RegroupBody.encode(doc);
    String psi = doc.service().psi(options.domain());
    return send("MESSAGE", psi, psi, List.of(), body.contentType(), body.body());
  }

  /**
   * Sends any request to the server (tests use it for malformed bodies). With a credential, a 401
   * is answered once (WIRE.md, Authentication): the request goes again with an {@code
   * Authorization} header; later requests carry one at once, over the same nonce.
   */
  public CompletableFuture<SipResponse> send(String method, String requestUri, String to, List<SipRequest.Header> headers,
      String contentType, byte[] body) {
    if (digest == null) return sendOnce(method, requestUri, to, headers, contentType, body, Optional.empty());
    return sendOnce(method, requestUri, to, headers, contentType, body, digest.authorization(method, requestUri)).thenCompose(r -> {
      if (r.status() != 401 || !digest.challenged(DigestChallenge.of(r))) return CompletableFuture.completedFuture(r);
      return sendOnce(method, requestUri, to, headers, contentType, body, digest.authorization(method, requestUri));
    });
  }

  /** Sends the request without answering challenges, with {@code authorization} if given. */
  public CompletableFuture<SipResponse> sendOnce(String method, String requestUri, String to, List<SipRequest.Header> headers,
      String contentType, byte[] body, Optional<String> authorization) {
    List<SipRequest.Header> all = headers;
    if (authorization.isPresent()) {
      all = new ArrayList<>(headers);
      all.add(new SipRequest.Header("Authorization", authorization.get()));
    }
    return endpoint.send(new OutgoingRequest(method, requestUri, options.user().uri(), to, options.serverHost(),
        options.serverPort(), options.transport(), all, contentType, body));
  }

  /** Called for every regroup notification, on a SIP thread. */
  public void onNotification(Consumer<RegroupNotification> listener) {
    listeners.add(listener);
  }

  /** Waits for the next received notification that matches, up to {@code timeout}. */
  public Optional<RegroupNotification> awaitNotification(Predicate<RegroupNotification> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return Optional.empty();
        RegroupNotification n = inbox.poll(left, TimeUnit.NANOSECONDS);
        if (n == null) return Optional.empty();
        if (match.test(n)) return Optional.of(n);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Notifications received and not yet taken by {@link #awaitNotification}. */
  public List<RegroupNotification> pending() {
    return new ArrayList<>(inbox);
  }

  private String clientId() {
    return "c" + Integer.toHexString(contact.hashCode());
  }

  private void onRequest(SipRequest req) {
    String method = req.method().toUpperCase(Locale.ROOT);
    switch (method) {
      case "OPTIONS" -> req.respond(200, "OK");
      case "MESSAGE" -> onMessage(req);
      case "ACK", "CANCEL" -> { }
      default -> req.respond(405, "Method Not Allowed", List.of(new SipRequest.Header("Allow", "MESSAGE, OPTIONS")));
    }
  }

  private void onMessage(SipRequest req) {
    Decoded<RegroupDocument> d = RegroupBody.decode(req.contentType().orElse(""), req.body());
    if (d instanceof Decoded.Bad<RegroupDocument> bad) {
      req.respond(400, "Bad Request", List.of(new SipRequest.Header("Warning", "399 ue \"" + bad.message().replace('"', '\'') + "\"")));
      return;
    }
    RegroupDocument doc = ((Decoded.Ok<RegroupDocument>) d).value();
    RegroupNotification n = new RegroupNotification(doc.service(), doc.action() == RegroupAction.REMOVE, doc.regroupGroup(),
        doc.configurationGroup(), doc.targets(), doc.callingUser(), doc.requestUri(), doc.broadcast(), req.fromUri());
    inbox.add(n);
    for (Consumer<RegroupNotification> l : listeners) l.accept(n);
    // 10.xx.3.2.1 step 7: the client MAY acknowledge; the 200 OK is the preconfigured regroup response
    if (options.acknowledge()) req.respond(200, "OK");
    else req.respond(480, "Temporarily Unavailable");
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
