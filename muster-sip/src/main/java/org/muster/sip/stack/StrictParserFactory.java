package org.muster.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;

/**
 * The RI's message parser with {@link RawRequestChecks} in front, set through {@code
 * gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}. It also keeps the SIP-Version as sent (the RI's
 * parser turns {@code SIP/7.0} into {@code SIP/2.0}, so its own 505 check never fires), and gives
 * parse errors a one-line message: the RI puts the message into the reason phrase of its automatic
 * 400, and some of its messages contain line breaks and array identities.
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
      }
      return message;
    }
  }

  static String oneLine(String message) {
    if (message == null) return "unparsable message";
    String text = message.replaceAll("\\[[A-Z]@[0-9a-f]+", "").replaceAll("\\s+", " ").trim();
    return text.isEmpty() ? "unparsable message" : text;
  }
}
