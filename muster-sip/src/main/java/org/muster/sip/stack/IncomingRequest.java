package org.muster.sip.stack;

import gov.nist.javax.sip.header.Authorization;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPTransaction;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sip.ServerTransaction;
import javax.sip.header.HeaderAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A request the stack parsed, read through JAIN-SIP's typed headers; answered at most once. */
final class IncomingRequest implements SipRequest {
  private static final Logger LOG = LoggerFactory.getLogger(IncomingRequest.class);

  private final SIPRequest request;
  private final ServerTransaction transaction;
  private final Responder responder;
  private final AtomicBoolean answered = new AtomicBoolean();

  IncomingRequest(SIPRequest request, ServerTransaction transaction, Responder responder) {
    this.request = request;
    this.transaction = transaction;
    this.responder = responder;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String requestUri() {
    return request.getRequestURI().toString();
  }

  @Override
  public String fromUri() {
    return request.getFrom().getAddress().getURI().toString();
  }

  @Override
  public String toUri() {
    return request.getTo().getAddress().getURI().toString();
  }

  @Override
  public String callId() {
    return request.getCallId().getCallId();
  }

  @Override
  public Optional<String> header(String name) {
    return headers(name).stream().findFirst();
  }

  @Override
  public List<String> headers(String name) {
    List<String> values = new ArrayList<>();
    for (String alias : HeaderNames.aliases(name)) {
      Iterator<SIPHeader> it = request.getHeaders(alias);
      while (it.hasNext()) values.add(it.next().getHeaderValue().trim());
      if (!values.isEmpty()) return values;
    }
    // Known headers whose value the stack could not parse are kept as raw text.
    Iterator<String> raw = request.getUnrecognizedHeaders();
    while (raw.hasNext()) {
      String line = raw.next();
      int colon = line.indexOf(':');
      if (colon > 0 && HeaderNames.same(line.substring(0, colon), name)) {
        values.add(line.substring(colon + 1).trim());
      }
    }
    return values;
  }

  @Override
  public Optional<Integer> expires() {
    return request.getExpires() == null
        ? Optional.empty()
        : Optional.of(request.getExpires().getExpires());
  }

  @Override
  public List<SipRequest.Contact> contacts() {
    List<SipRequest.Contact> contacts = new ArrayList<>();
    Iterator<SIPHeader> it = request.getHeaders("Contact");
    while (it.hasNext()) {
      if (it.next() instanceof gov.nist.javax.sip.header.Contact c) contacts.add(toContact(c));
    }
    return contacts;
  }

  private static SipRequest.Contact toContact(gov.nist.javax.sip.header.Contact c) {
    Map<String, String> params = new LinkedHashMap<>();
    Iterator<String> names = c.getParameterNames();
    while (names.hasNext()) {
      String n = names.next();
      String v = c.getParameter(n);
      params.put(n.toLowerCase(Locale.ROOT), v == null ? "" : v);
    }
    String uri = c.isWildCard() ? "*" : c.getAddress().getURI().toString();
    return new SipRequest.Contact(uri, Collections.unmodifiableMap(params));
  }

  @Override
  public Optional<String> assertedIdentity() {
    Optional<String> first = Optional.empty();
    Iterator<SIPHeader> it = request.getHeaders("P-Asserted-Identity");
    while (it.hasNext()) {
      if (it.next() instanceof HeaderAddress h && h.getAddress() != null) {
        String uri = h.getAddress().getURI().toString();
        if (uri.startsWith("sip:") || uri.startsWith("sips:")) return Optional.of(uri);
        if (first.isEmpty()) first = Optional.of(uri);
      }
    }
    return first;
  }

  @Override
  public Optional<String> contentType() {
    return request.getContentTypeHeader() == null
        ? Optional.empty()
        : Optional.of(request.getContentTypeHeader().getHeaderValue().trim());
  }

  @Override
  public byte[] body() {
    byte[] raw = request.getRawContent();
    return raw == null ? new byte[0] : raw.clone();
  }

  @Override
  public String transport() {
    String t =
        transaction instanceof SIPTransaction st
            ? st.getTransport()
            : request.getTopmostVia().getTransport();
    return t == null ? "UDP" : t.toUpperCase(Locale.ROOT);
  }

  @Override
  public String sourceAddress() {
    InetAddress a = request.getPeerPacketSourceAddress();
    if (a == null) a = request.getRemoteAddress();
    return a == null ? "" : a.getHostAddress();
  }

  @Override
  public int sourcePort() {
    int p = request.getPeerPacketSourcePort();
    return p > 0 ? p : request.getRemotePort();
  }

  @Override
  public String flow() {
    String where = transport() + " " + sourceAddress() + ":" + sourcePort();
    if (transaction instanceof SIPTransaction st && !transport().equals("UDP")) {
      return where + " #" + Connections.idOf(st.getMessageChannel());
    }
    return where;
  }

  @Override
  public List<DigestAnswer> digestAnswers() {
    List<DigestAnswer> answers = new ArrayList<>();
    Iterator<SIPHeader> it = request.getHeaders("Authorization");
    while (it.hasNext()) {
      if (it.next() instanceof Authorization a) DigestAnswer.of(a).ifPresent(answers::add);
    }
    return answers;
  }

  @Override
  public void respond(int status, String reason, List<Header> headers) {
    if (status < 100 || status > 699) {
      throw new IllegalArgumentException("not a SIP status: " + status);
    }
    if (status >= 200 && !answered.compareAndSet(false, true)) {
      LOG.debug("{} already answered; {} {} ignored", this, status, reason);
      return;
    }
    responder.send(request, transaction, status, reason, headers);
  }

  @Override
  public void drop() {
    if (!answered.compareAndSet(false, true) || transaction == null) return;
    try {
      transaction.terminate();
    } catch (javax.sip.ObjectInUseException | RuntimeException e) {
      LOG.debug("{}: transaction not ended on drop", this, e);
    }
  }

  /** True once a final answer was sent (or attempted). */
  boolean isAnswered() {
    return answered.get();
  }

  @Override
  public String toString() {
    return request.getMethod() + " " + request.getRequestURI() + " (Call-ID " + callId() + ")";
  }

  /** Builds and sends answers; one per endpoint. */
  interface Responder {
    void send(SIPRequest request, ServerTransaction tx, int status, String reason, List<Header> h);
  }
}
