package org.muster.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.protocol.AffiliationBody;
import org.muster.protocol.AffiliationDocument;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;
import org.muster.sip.stack.JainSipEndpoint;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;

/**
 * Sends the simulated clients' requests to the server over real SIP: each client's own REGISTER
 * (its Contact on a {@link SimulatedClients} socket, {@code +g.3gpp.mcptt}) and PUBLISH (WIRE.md:
 * the server tells the client by the Contact header), a window of transactions in flight; and
 * the dispatcher's regroup and cancel MESSAGEs. Answers come back to this endpoint.
 */
final class ClientDriver implements AutoCloseable {
  private final JainSipEndpoint endpoint;
  private final String serverHost;
  private final int serverPort;

  ClientDriver(String serverHost, int serverPort) {
    this.endpoint = JainSipEndpoint.start("bench-driver", "127.0.0.1", 0, r -> r.respond(200, "OK"));
    this.serverHost = serverHost;
    this.serverPort = serverPort;
  }

  CompletableFuture<SipResponse> register(McServiceId user, String contact) {
    return send("REGISTER", "sip:" + BenchSystem.DOMAIN, user.uri(), user.uri(),
        List.of(new SipRequest.Header("Contact", "<" + contact + ">;" + McService.MCPTT.featureTag()),
            new SipRequest.Header("Expires", "3600")), null, null);
  }

  CompletableFuture<SipResponse> affiliate(McServiceId user, String contact, List<McServiceGroupId> groups) {
    String psi = McService.MCPTT.psi(BenchSystem.DOMAIN);
    byte[] body = AffiliationBody.encode(new AffiliationDocument(user, "c" + Integer.toHexString(contact.hashCode()), McService.MCPTT, groups));
    return send("PUBLISH", psi, user.uri(), psi,
        List.of(new SipRequest.Header("Event", "presence"), new SipRequest.Header("Expires", "3600"),
            new SipRequest.Header("Contact", "<" + contact + ">")), AffiliationBody.CONTENT_TYPE, body);
  }

  /** The dispatcher's preconfigured group regroup request (10.xx.2.1). */
  CompletableFuture<SipResponse> regroup(McServiceGroupId regroupGroup, List<McServiceGroupId> groups) {
    return regroupMessage(RegroupDocument.create(McService.MCPTT, BenchSystem.DISPATCHER, BenchSystem.TEMPLATE, regroupGroup,
        new RegroupTargets.Groups(groups)));
  }

  /** The dispatcher's preconfigured regroup cancel request (10.xx.2.7). */
  CompletableFuture<SipResponse> cancel(McServiceGroupId regroupGroup) {
    return regroupMessage(RegroupDocument.remove(McService.MCPTT, BenchSystem.DISPATCHER, regroupGroup));
  }

  private CompletableFuture<SipResponse> regroupMessage(RegroupDocument doc) {
    EncodedBody body = RegroupBody.encode(doc);
    String psi = McService.MCPTT.psi(BenchSystem.DOMAIN);
    return send("MESSAGE", psi, BenchSystem.DISPATCHER.uri(), psi, List.of(), body.contentType(), body.body());
  }

  private CompletableFuture<SipResponse> send(String method, String ruri, String from, String to, List<SipRequest.Header> headers,
      String contentType, byte[] body) {
    return endpoint.send(new OutgoingRequest(method, ruri, from, to, serverHost, serverPort, "UDP", headers, contentType, body));
  }

  /**
   * Runs {@code count} transactions with at most {@code window} in flight; fails on the first
   * non-2xx answer. {@code progress} sees the number done so far.
   */
  static void windowed(int count, int window, IntFunction<CompletableFuture<SipResponse>> step, Progress progress, String what)
      throws InterruptedException {
    Semaphore slots = new Semaphore(window);
    AtomicInteger done = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    for (int i = 0; i < count && failure.get() == null; i++) {
      slots.acquire();
      final int index = i;
      step.apply(i).whenComplete((r, e) -> {
        if (e != null || !r.isSuccess()) {
          failure.compareAndSet(null, what + " #" + index + ": " + (e != null ? e : r.status() + " " + r.reason() + " " + r.header("Warning").orElse("")));
        }
        progress.update(what, done.incrementAndGet(), count);
        slots.release();
      });
    }
    if (!slots.tryAcquire(window, 60, TimeUnit.SECONDS)) throw new IllegalStateException(what + ": answers missing after 60 s");
    slots.release(window);
    if (failure.get() != null) throw new IllegalStateException(failure.get());
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
