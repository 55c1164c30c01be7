package org.muster.sip.stack;

import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.stack.HopImpl;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

/**
 * Turns an {@link OutgoingRequest} into a JAIN-SIP request (RFC 3261 8.1.1): Request-URI, To,
 * From with a fresh tag, a new Call-ID, CSeq 1, Max-Forwards 70, a Via with a fresh branch and
 * rport (RFC 3581), this endpoint's Contact, then the extra headers and the body; and attaches
 * the destination for {@link DestinationRouter}.
 */
final class RequestBuilder {
  private final AddressFactory addresses;
  private final HeaderFactory headers;
  private final MessageFactory messages;
  private final SipProvider provider;

  RequestBuilder(
      AddressFactory addresses, HeaderFactory headers, MessageFactory messages, SipProvider provider) {
    this.addresses = addresses;
    this.headers = headers;
    this.messages = messages;
    this.provider = provider;
  }

  /** The transport named by {@code out}: "UDP" (also when none is given), "TCP" or "TLS". */
  static String transportOf(OutgoingRequest out) {
    String t = out.transport() == null ? "UDP" : out.transport().trim().toUpperCase(Locale.ROOT);
    if (!t.equals("UDP") && !t.equals("TCP") && !t.equals("TLS")) {
      throw new IllegalArgumentException("unsupported transport " + out.transport());
    }
    return t;
  }

  Request build(OutgoingRequest out) throws ParseException, InvalidArgumentException {
    String transport = transportOf(out);
    if (out.destinationPort() < 1 || out.destinationPort() > 65535) {
      throw new IllegalArgumentException("bad destination port " + out.destinationPort());
    }
    ListeningPoint lp = provider.getListeningPoint(transport);
    if (lp == null) throw new IllegalArgumentException("this endpoint does not offer " + transport);
    ViaHeader via =
        headers.createViaHeader(
            lp.getIPAddress(), lp.getPort(), transport, Utils.getInstance().generateBranchId());
    via.setRPort();
    Address from = addresses.createAddress(out.fromUri());
    Address to = addresses.createAddress(out.toUri());
    Request request =
        messages.createRequest(
            addresses.createURI(out.requestUri()),
            out.method(),
            provider.getNewCallId(),
            headers.createCSeqHeader(1L, out.method()),
            headers.createFromHeader(from, Utils.getInstance().generateTag()),
            headers.createToHeader(to, null),
            List.of(via),
            headers.createMaxForwardsHeader(70));
    request.addHeader(headers.createContactHeader(contactOf(addresses, lp)));
    List<String> problems = ExtraHeaders.apply(request, out.headers(), headers);
    if (!problems.isEmpty()) throw new ParseException(String.join("; ", problems), 0);
    if (out.contentType() != null) {
      ContentTypeHeader ct = (ContentTypeHeader) headers.createHeader("Content-Type", out.contentType());
      request.setContent(out.body(), ct);
    } else if (out.body().length > 0) {
      throw new IllegalArgumentException("a body needs a content type");
    }
    DestinationRouter.attach(
        request, new HopImpl(out.destinationHost(), out.destinationPort(), transport));
    return request;
  }

  /** This endpoint's address on {@code lp}: {@code sip:IP:PORT}, with {@code ;transport=tcp} or {@code tls}. */
  static Address contactOf(AddressFactory addresses, ListeningPoint lp) throws ParseException {
    SipURI uri = addresses.createSipURI(null, lp.getIPAddress());
    uri.setPort(lp.getPort());
    if (!lp.getTransport().equalsIgnoreCase("UDP")) uri.setTransportParam(lp.getTransport().toLowerCase(Locale.ROOT));
    return addresses.createAddress(uri);
  }
}
