package org.muster.sip.stack;

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
 *   <li>it gives parse errors a one-line message: the RI puts it into the reason phrase of its
 *       automatic 400, and some of its messages hold line breaks and array identities.
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
      String version = bytes == null || bytes.length == 0 ? null : RawRequestChecks.check(bytes);
      SIPMessage message;
      try {
        message = super.parseSIPMessage(bytes, readBody, strict, listener);
      } catch (ParseException e) {
        ParseException clean = new ParseException(oneLine(e.getMessage()), e.getErrorOffset());
        clean.initCause(e);
        throw clean;
      }
      if (version != null && message instanceof SIPRequest request
          && request.getRequestLine() != null) {
        request.getRequestLine().setSipVersion(version);
        // The RI passes the receiving channel as the listener; null when it re-parses its own.
        if (listener instanceof MessageChannel channel) useArrivalTransport(request, channel);
      }
      return message;
    }
  }

  private static void useArrivalTransport(SIPRequest request, MessageChannel channel)
      throws ParseException {
    Via via = request.getTopmostVia();
    String actual = channel.getTransport();
    if (via != null && actual != null && !actual.equalsIgnoreCase(via.getTransport())) {
      via.setTransport(actual.toUpperCase(Locale.ROOT));
    }
  }

  static String oneLine(String message) {
    if (message == null) return "unparsable message";
    String text = message.replaceAll("\\[[A-Z]@[0-9a-f]+", "").replaceAll("\\s+", " ").trim();
    return text.isEmpty() ? "unparsable message" : text;
  }
}
