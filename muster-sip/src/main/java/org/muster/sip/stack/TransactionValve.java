package org.muster.sip.stack;

import gov.nist.javax.sip.SIPConstants;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.util.function.Consumer;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees every message before the RI's transaction layer does.
 *
 * <ul>
 *   <li>It takes an {@link UnparsableRequest} out of it, to be answered 400 without a transaction.
 *   <li>It takes a request out of it that reuses the branch of another request's transaction
 *       (another method or sent-by, RFC 3261 17.2.3), to be answered without a transaction.
 *   <li>It takes an INVITE out of it (handing it to {@code stateless}, which answers without a
 *       server transaction): Muster serves no INVITE, and the RI would retransmit the final answer
 *       until an ACK came (11 times over 32 s), an amplifier towards a spoofed source. Each INVITE
 *       received is answered once.
 *   <li>It drops an answer that belongs to no client transaction (a copy of an answer that came
 *       after its transaction ended, RFC 3261 17.1.1.2 / 18.1.2) with one table look-up. The RI
 *       would compare it with every live client transaction instead: after a fan-out to 10,000
 *       clients, each such stray cost a scan of 10,000 transactions on a listener thread, and a
 *       burst of them (the answers to retransmitted requests) stalled the stack for seconds.
 * </ul>
 */
final class TransactionValve implements SIPMessageValve {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionValve.class);
  private final Consumer<SIPRequest> stateless;
  private final SIPTransactionStack stack;

  TransactionValve(Consumer<SIPRequest> stateless, SIPTransactionStack stack) {
    this.stateless = stateless;
    this.stack = stack;
  }

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    String method = request.getMethod();
    if (request instanceof UnparsableRequest || Request.INVITE.equals(method) || reusesBranch(request)) {
      stateless.accept(request);
      return false; // the RI goes no further with it
    }
    return true;
  }

  /**
   * True when a server transaction with the request's branch exists but was started by another
   * request: RFC 3261 17.2.3 matches a request to a transaction by branch, sent-by and method,
   * while the RI keys its table by branch alone and takes a request with the same branch and
   * another method as a retransmission (and one from another sent-by is refused a transaction of
   * its own). Such a request is a new one; it is answered without a transaction.
   */
  private boolean reusesBranch(SIPRequest request) {
    Via via = request.getTopmostVia();
    String branch = via == null ? null : via.getBranch();
    if (branch == null || Request.ACK.equals(request.getMethod()) || !isRfc3261(branch)) return false;
    if (!(stack.findTransaction(request.getTransactionId(), true) instanceof SIPServerTransaction tx)) {
      return false;
    }
    if (!request.getMethod().equals(tx.getMethod())) return true;
    // A transaction that ended but is still in the table matches nothing in the RI's own test
    // (branch and sent-by): the RI decides, as it did, so a late copy is not served twice.
    if (tx.getState() == javax.sip.TransactionState.TERMINATED) return false;
    return !tx.isMessagePartOfTransaction(request);
  }

  private static boolean isRfc3261(String branch) {
    return branch.regionMatches(true, 0, SIPConstants.BRANCH_MAGIC_COOKIE, 0, SIPConstants.BRANCH_MAGIC_COOKIE.length());
  }

  @Override
  public boolean processResponse(Response response, MessageChannel channel) {
    if (!(response instanceof SIPResponse r)) return true;
    Via via = r.getTopmostVia();
    String branch = via == null ? null : via.getBranch();
    // RFC 2543 branches (no magic cookie) are matched by the RI's own search
    if (branch == null || !isRfc3261(branch)) return true;
    if (stack.findTransaction(r.getTransactionId(), false) != null) return true;
    LOG.debug("stray answer dropped: {} (Call-ID {})", r.getStatusCode(), r.getCallId() == null ? "-" : r.getCallId().getCallId());
    return false;
  }

  @Override
  public void init(SipStack sipStack) {
    // Made and added by JainSipEndpoint, which gives it all it needs.
  }

  @Override
  public void destroy() {
    // Holds nothing.
  }
}
