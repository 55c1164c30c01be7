package org.muster.sip.stack;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every SIP message the stack sends or receives at TRACE on logger {@code
 * org.muster.sip.wire}, instead of the RI's own message log file. Set through {@code
 * gov.nist.javax.sip.SERVER_LOGGER}.
 */
public final class Slf4jServerLogger implements ServerLogger {
  private static final Logger WIRE = LoggerFactory.getLogger("org.muster.sip.wire");

  /** Public no-argument constructor, for the stack's reflection. */
  public Slf4jServerLogger() {}

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, boolean sender, long time) {
    log(message, from, to, sender);
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender, long time) {
    log(message, from, to, sender);
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender) {
    log(message, from, to, sender);
  }

  private static void log(SIPMessage message, String from, String to, boolean sender) {
    if (WIRE.isTraceEnabled()) {
      WIRE.trace("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, message);
    }
  }

  @Override
  public void logException(Exception ex) {
    WIRE.debug("exception while logging a message", ex);
  }

  @Override
  public void closeLogFile() {
    // No file.
  }

  @Override
  public void setStackProperties(Properties properties) {
    // Nothing to configure.
  }

  @Override
  public void setSipStack(SipStack sipStack) {
    // Not needed.
  }
}
