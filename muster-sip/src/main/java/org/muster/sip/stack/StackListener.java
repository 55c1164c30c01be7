package org.muster.sip.stack;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import gov.nist.javax.sip.TransactionExt;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's {@link SipListener}, called by the stack from several threads at once: requests
 * go to Muster's handler in a server transaction, final answers and transaction failures to the
 * waiting {@code send} futures.
 */
final class StackListener implements SipListener {
  private static final Logger LOG = LoggerFactory.getLogger(StackListener.class);

  private final SipEndpoint.Handler handler;
  private final SipProvider provider;
  private final SIPTransactionStack stack;
  private final IncomingRequest.Responder responder;
  private final PendingRequests pending;
  private final SipTraffic.Tap traffic;

  StackListener(
      SipEndpoint.Handler handler,
      SipProvider provider,
      SIPTransactionStack stack,
      IncomingRequest.Responder responder,
      PendingRequests pending,
      SipTraffic.Tap traffic) {
    this.handler = handler;
    this.provider = provider;
    this.stack = stack;
    this.responder = responder;
    this.pending = pending;
    this.traffic = traffic;
  }

  @Override
  public void processRequest(RequestEvent event) {
    SIPRequest request = (SIPRequest) event.getRequest();
    traffic.get().requestReceived(SipTraffic.method(request.getMethod()));
    if (Request.ACK.equals(request.getMethod())) {
      // Muster answers no INVITE with 2xx itself; an ACK has nothing to do.
      LOG.debug("ACK ignored (Call-ID {})", request.getCallId().getCallId());
      return;
    }
    ServerTransaction tx = event.getServerTransaction();
    if (tx == null) {
      try {
        tx = provider.getNewServerTransaction(request);
      } catch (TransactionAlreadyExistsException e) {
        LOG.debug("retransmission of {} absorbed", request.getFirstLine().trim());
        return;
      } catch (TransactionUnavailableException e) {
        LOG.debug("no server transaction for {}: {}; answering statelessly",
            request.getFirstLine().trim(), e.getMessage());
      }
    }
    dispatch(request, tx);
  }

  /**
   * A request the {@link TransactionValve} took out of the transaction layer: answered without a
   * server transaction (no retransmissions of the answer).
   */
  void processStatelessly(SIPRequest request) {
    LOG.debug("{} handled statelessly", request.getFirstLine().trim());
    traffic.get().requestReceived(SipTraffic.method(request.getMethod()));
    dispatch(request, null);
  }

  private void dispatch(SIPRequest request, ServerTransaction tx) {
    IncomingRequest incoming = new IncomingRequest(request, tx, responder);
    if (Request.CANCEL.equals(request.getMethod())) {
      cancel(incoming, request);
      return;
    }
    if (request instanceof UnparsableRequest bad) {
      LOG.debug("{} refused: 400 {}", incoming, bad.problem());
      incoming.respond(400, "Bad Request (" + bad.problem() + ")", List.of(warning(request, bad.problem())));
      return;
    }
    if (tx != null) tx.setApplicationData(incoming);
    Optional<RequestChecks.Refusal> refusal = RequestChecks.check(request);
    if (refusal.isPresent()) {
      RequestChecks.Refusal r = refusal.get();
      LOG.debug("{} refused: {} {}", incoming, r.status(), r.reason());
      incoming.respond(r.status(), r.reason(), r.headers());
      return;
    }
    try {
      handler.onRequest(incoming);
    } catch (RuntimeException e) {
      LOG.error("handler failed on {}", incoming, e);
      incoming.respond(500, "Server Internal Error");
    }
  }

  /** {@code 399 HOST "text"} (RFC 3261 20.43), HOST the address the request came to. */
  private static SipRequest.Header warning(SIPRequest request, String text) {
    InetAddress local = request.getLocalAddress();
    String agent = local == null ? "muster"
        : local instanceof Inet6Address ? "[" + local.getHostAddress() + "]" : local.getHostAddress();
    return new SipRequest.Header("Warning", "399 " + agent + " \"" + text.replace('"', '\'') + "\"");
  }

  /** RFC 3261 9.2: 487 to the pending request and 200 to the CANCEL, or 481 if none matches. */
  private void cancel(IncomingRequest cancel, SIPRequest request) {
    SIPServerTransaction target = (SIPServerTransaction) stack.findCancelTransaction(request, true);
    if (target != null && target.getApplicationData() instanceof IncomingRequest original) {
      original.respond(487, "Request Terminated");
      cancel.respond(200, "OK");
    } else {
      cancel.respond(481, "Call/Transaction Does Not Exist");
    }
  }

  @Override
  public void processResponse(ResponseEvent event) {
    ClientTransaction tx = event.getClientTransaction();
    if (tx == null) {
      LOG.debug("stray answer dropped: {}", event.getResponse().getStatusCode());
    } else if (event.getResponse().getStatusCode() >= 200) {
      pending.answered(tx, event.getResponse());
      ended(tx);
    }
  }

  /**
   * An answered non-INVITE over UDP is marked terminated at once. The RI then drops it at Timer K
   * ({@link JainSipOptions#answeredLinger()}) as before; but when the answer overtook the start of
   * the transaction's own timer (a fast peer on loopback), the RI schedules no Timer K and keeps the
   * transaction, with a timer task every 500 ms, for ever: marked terminated, that task removes it.
   */
  private static void ended(ClientTransaction tx) {
    if (!(tx instanceof TransactionExt t) || !ListeningPoint.UDP.equalsIgnoreCase(t.getTransport())) return;
    if (Request.INVITE.equals(tx.getRequest().getMethod())) return;
    try {
      tx.terminate();
    } catch (ObjectInUseException | RuntimeException e) {
      LOG.debug("answered transaction not ended early", e);
    }
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    if (event.isServerTransaction()) {
      LOG.debug("server transaction timed out: {}", event.getServerTransaction());
    } else {
      pending.timedOut(event.getClientTransaction());
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    if (event.getSource() == StackThreads.WAKE_UP) return;
    String where = event.getHost() + ":" + event.getPort() + "/" + event.getTransport();
    if (event.getSource() instanceof ClientTransaction tx) {
      pending.failed(tx, "transport error towards " + where);
    } else {
      LOG.debug("transport error towards {}", where);
    }
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {
    // Nothing to release: futures complete on answers, timeouts and errors.
  }

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {
    // Muster keeps no dialogs (AUTOMATIC_DIALOG_SUPPORT=off).
  }
}
