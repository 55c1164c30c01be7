package org.muster.sip.stack;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The RI's message parser with {@link RawRequestChecks} in front, set through {@code
 * gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}. Besides, on each request it receives:
 *
 * <ul>
 *   <li>it keeps the SIP-Version as sent: the RI's parser turns {@code SIP/7.0} into {@code
 *       SIP/2.0}, so its own 505 check never fired;
 *   <li>it makes the top Via name the transport the request really came on. The RI routes answers
 *       by that Via transport (RFC 3261 18.2.2), even for a request that came on TCP: one that
 *       names UDP would be answered by a datagram to the TCP source port, one that came on UDP but
 *       names TCP on a new TCP connection; neither reaches the client. Clients match answers by
 *       branch and method (17.1.3), so the changed transport in the answer's Via is harmless;
 *   <li>a request it cannot take whole, or one without a header every request carries, becomes
 *       an {@link UnparsableRequest} when its Via can be read, so it is answered 400 on UDP and
 *       TCP alike (the RI would drop it silently: always on TCP, on UDP when From, To, Call-ID or
 *       CSeq is the problem);
 *   <li>it gives other parse errors a one-line message: the RI puts it into the reason phrase of
 *       its automatic 400, and some of its messages hold line breaks and array identities.
 * </ul>
 */
public final class StrictParserFactory implements MessageParserFactory {
  private static final MessageParser PARSER = new StrictParser();

  /** Public no-argument constructor, for the stack's reflection. */
  public StrictParserFactory() {}

  @Override
  public MessageParser createMessageParser(SIPTransactionStack stack) {
    return PARSER;
  }

  /** Stateless, like the RI's own shared parser. */
  private static final class StrictParser extends StringMsgParser {
    @Override
    public SIPMessage parseSIPMessage(
        byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener listener)
        throws ParseException {
      String version;
      SIPMessage message;
      try {
        version = bytes == null || bytes.length == 0 ? null : RawRequestChecks.check(bytes);
        ParseExceptionListener headers = version != null && listener instanceof MessageChannel
            ? new AnswerableHeaders(listener) : listener;
        message = super.parseSIPMessage(bytes, readBody, strict, headers);
      } catch (ParseException e) {
        String problem = oneLine(e.getMessage());
        // Only what came from the network is answered (the listener is the receiving channel).
        if (listener instanceof MessageChannel channel) {
          Optional<UnparsableRequest> standIn = UnparsableRequest.of(bytes, problem);
          if (standIn.isPresent()) return useArrivalTransport(standIn.get(), channel);
        }
        ParseException clean = new ParseException(problem, e.getErrorOffset());
        clean.initCause(e);
        throw clean;
      }
      if (version != null && message instanceof SIPRequest request
          && request.getRequestLine() != null) {
        Optional<String> missing = UnparsableRequest.missingHeader(request);
        if (missing.isPresent() && listener instanceof MessageChannel channel) {
          Optional<UnparsableRequest> standIn = UnparsableRequest.of(bytes, "missing " + missing.get() + " header");
          if (standIn.isPresent()) return useArrivalTransport(standIn.get(), channel);
        }
        request.getRequestLine().setSipVersion(version);
        // The RI passes the receiving channel as the listener; null when it re-parses its own.
        if (listener instanceof MessageChannel channel) useArrivalTransport(request, channel);
      }
      return message;
    }
  }

  /**
   * Passes header parse errors to the receiving channel, except for the headers an answer needs
   * (From, To, CSeq, Call-ID, Via, the Request-Line): the RI's TCP channel closes the connection
   * on those before the request can be answered. They fail the parse as the channel would have,
   * and the request is answered 400 as an {@link UnparsableRequest}. Content-Length still goes to
   * the channel: when it is wrong the stream's framing is lost, and closing is right.
   */
  private record AnswerableHeaders(ParseExceptionListener channel) implements ParseExceptionListener {
    private static final Set<Class<?>> ANSWER_NEEDS =
        Set.of(From.class, To.class, CSeq.class, CallID.class, Via.class, RequestLine.class);

    @Override
    public void handleException(
        ParseException e, SIPMessage message, Class headerClass, String header, String text)
        throws ParseException {
      if (headerClass != null && ANSWER_NEEDS.contains(headerClass)) throw e;
      channel.handleException(e, message, headerClass, header, text);
    }
  }

  private static SIPRequest useArrivalTransport(SIPRequest request, MessageChannel channel)
      throws ParseException {
    Via via = request.getTopmostVia();
    String actual = channel.getTransport();
    if (via != null && actual != null && !actual.equalsIgnoreCase(via.getTransport())) {
      via.setTransport(actual.toUpperCase(Locale.ROOT));
    }
    return request;
  }

  static String oneLine(String message) {
    if (message == null) return "unparsable message";
    String text = message.replaceAll("\\[[A-Z]@[0-9a-f]+", "").replaceAll("\\s+", " ").trim();
    return text.isEmpty() ? "unparsable message" : text;
  }
}
