package org.muster.sip.stack;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the JAIN-SIP RI's log calls to SLF4J (logger {@code gov.nist.javax.sip}), so the stack
 * needs no log4j 1.x. The stack instantiates it by reflection (property {@code
 * gov.nist.javax.sip.STACK_LOGGER}); it holds no per-stack state because the RI keeps one logger
 * for all stacks of a JVM.
 *
 * <p>Levels: the stack logs a line per message at its INFO level; that goes to SLF4J debug. It
 * reports problems caused by peers (unparsable messages, stray answers) as
 * errors; they are logged as SLF4J warnings. The TLS set-up warnings that every stack prints at
 * start, even without TLS, and the one printed for each retransmission that makes it re-parse a
 * request it released ({@code AGGRESSIVE_CLEANUP}) go to debug.
 */
public final class Slf4jStackLogger implements StackLogger {
  static final String NAME = "gov.nist.javax.sip";
  private static final Logger LOG = LoggerFactory.getLogger(NAME);
  /** Warnings about normal events: TLS set-up without TLS, and re-parsing on retransmission. */
  private static final String[] NOISE = {
    "reparsing original request",
    "using default tls security policy",
    "Using default keystore type",
    "Using default truststore type",
    "TLS server settings will be inactive",
    "TLS trust settings will be inactive",
  };

  /** Public no-argument constructor, for the stack's reflection. */
  public Slf4jStackLogger() {}

  @Override
  public boolean isLoggingEnabled() {
    return LOG.isWarnEnabled();
  }

  @Override
  public boolean isLoggingEnabled(int level) {
    if (level >= TRACE_TRACE) return LOG.isTraceEnabled();
    if (level >= TRACE_DEBUG) return LOG.isDebugEnabled();
    if (level >= TRACE_INFO) return LOG.isDebugEnabled();
    return level > TRACE_NONE && LOG.isWarnEnabled();
  }

  @Override
  public void logDebug(String message) {
    LOG.debug(message);
  }

  @Override
  public void logDebug(String message, Exception ex) {
    LOG.debug(message, ex);
  }

  @Override
  public void logTrace(String message) {
    LOG.trace(message);
  }

  @Override
  public void logInfo(String message) {
    LOG.debug(message);
  }

  @Override
  public void logWarning(String message) {
    if (isNoise(message)) {
      LOG.debug(message);
    } else {
      LOG.warn(message);
    }
  }

  @Override
  public void logError(String message) {
    LOG.warn(message);
  }

  @Override
  public void logError(String message, Exception ex) {
    LOG.warn(message, ex);
  }

  @Override
  public void logFatalError(String message) {
    LOG.error(message);
  }

  @Override
  public void logException(Throwable ex) {
    LOG.warn("JAIN-SIP exception", ex);
  }

  @Override
  public void logStackTrace() {
    logStackTrace(TRACE_DEBUG);
  }

  @Override
  public void logStackTrace(int level) {
    if (isLoggingEnabled(level)) LOG.debug("stack trace", new Throwable("stack trace"));
  }

  @Override
  public int getLineCount() {
    return 0;
  }

  @Override
  public void disableLogging() {
    // Levels are SLF4J's to decide.
  }

  @Override
  public void enableLogging() {
    // Levels are SLF4J's to decide.
  }

  @Override
  public void setBuildTimeStamp(String buildTimeStamp) {
    LOG.debug("JAIN-SIP build {}", buildTimeStamp);
  }

  @Override
  public void setStackProperties(Properties properties) {
    // Nothing to configure: SLF4J is configured by the application.
  }

  @Override
  public String getLoggerName() {
    return NAME;
  }

  private static boolean isNoise(String message) {
    if (message == null) return false;
    for (String noise : NOISE) {
      if (message.startsWith(noise)) return true;
    }
    return false;
  }
}
