package org.muster.sip.stack;

import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPTransaction;
import java.io.IOException;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import javax.sip.ListeningPoint;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds an answer to an incoming request and sends it in its server transaction. */
final class Answers implements IncomingRequest.Responder {
  private static final Logger LOG = LoggerFactory.getLogger(Answers.class);
  private static final Set<String> DIALOG_CREATING = Set.of("INVITE", "SUBSCRIBE", "REFER");

  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final SipProvider provider;
  private final SipTraffic.Tap traffic;

  Answers(
      MessageFactory messages, HeaderFactory headers, AddressFactory addresses, SipProvider provider,
      SipTraffic.Tap traffic) {
    this.messages = messages;
    this.headers = headers;
    this.addresses = addresses;
    this.provider = provider;
    this.traffic = traffic;
  }

  @Override
  public void send(
      SIPRequest request,
      ServerTransaction tx,
      int status,
      String reason,
      List<SipRequest.Header> extra) {
    Response response;
    try {
      response = messages.createResponse(status, request);
      if (reason != null && !reason.isBlank()) response.setReasonPhrase(oneLine(reason));
      ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
      // RFC 3261 8.2.6.2: a UAS adds a To tag to every answer but 100.
      if (status != 100 && to != null && to.getTag() == null) {
        to.setTag(Utils.getInstance().generateTag());
      }
    } catch (ParseException e) {
      LOG.warn("cannot build answer {} to {}: {}", status, request.getFirstLine().trim(), e.getMessage());
      return;
    }
    // A bad header is the caller's bug; the answer still goes out, without it.
    for (String problem : ExtraHeaders.apply(response, extra, headers)) {
      LOG.warn("answer {} to {}: {}; header left out", status, callId(request), problem);
    }
    try {
      addContactIfNeeded(request, response, tx);
    } catch (ParseException e) {
      LOG.warn("no Contact for the answer to {}: {}", callId(request), e.getMessage());
    }
    try {
      if (tx != null) {
        tx.sendResponse(response);
      } else {
        provider.sendResponse(response);
      }
      traffic.get().answerSent(SipTraffic.method(request.getMethod()), status);
    } catch (Exception e) {
      if (causedByIo(e)) {
        // The peer went away (closed its connection): nothing Muster can do.
        LOG.debug("answer {} to {} not sent: {}", status, callId(request), e.toString());
      } else {
        LOG.warn("answer {} to {} not sent: {}", status, callId(request), e.toString());
      }
    }
  }

  /**
   * RFC 3261 12.1.1: a 2xx to a dialog-creating request carries a Contact; the RI refuses to send
   * one without. Unless the handler gave one, it is this endpoint's address.
   */
  private void addContactIfNeeded(SIPRequest request, Response response, ServerTransaction tx)
      throws ParseException {
    boolean createsDialog = DIALOG_CREATING.contains(request.getMethod());
    if (response.getStatusCode() / 100 != 2 || !createsDialog
        || response.getHeader(ContactHeader.NAME) != null) {
      return;
    }
    String transport = tx instanceof SIPTransaction st ? st.getTransport() : ListeningPoint.UDP;
    ListeningPoint lp = provider.getListeningPoint(transport);
    if (lp == null) lp = provider.getListeningPoints()[0];
    response.setHeader(headers.createContactHeader(RequestBuilder.contactOf(addresses, lp)));
  }

  private static boolean causedByIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException) return true;
    }
    String m = String.valueOf(e.getMessage());
    return m.contains("Socket is closed") || m.contains("Stack is stopped")
        || m.contains("Could not connect");
  }

  private static String callId(SIPRequest request) {
    return request.getCallId() == null ? "?" : request.getCallId().getCallId();
  }

  static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
