package org.muster.sip.stack;

import java.util.Properties;

/** The JAIN-SIP RI configuration of one Muster endpoint (see DEPENDENCIES.md for the why). */
final class StackProperties {
  private static final String NIST = "gov.nist.javax.sip.";
  /** How long a TCP or TLS connect may take. */
  static final int CONNECT_TIMEOUT_MILLIS = 3000;

  private StackProperties() {}

  static Properties of(String stackName, JainSipOptions options) {
    Properties p = new Properties();
    p.setProperty("javax.sip.STACK_NAME", stackName);
    // The RI's default loggers need log4j 1.x, which is not on the classpath.
    p.setProperty(NIST + "STACK_LOGGER", Slf4jStackLogger.class.getName());
    p.setProperty(NIST + "SERVER_LOGGER", Slf4jServerLogger.class.getName());
    // Requests go where OutgoingRequest says, not where the Request-URI points.
    p.setProperty("javax.sip.ROUTER_PATH", DestinationRouter.class.getName());
    p.setProperty("javax.sip.USE_ROUTER_FOR_ALL_URIS", "true");
    // Answers go back to the request's source port even without rport (RFC 3581 behaviour for
    // every request): clients behind NAT and raw test sockets get them.
    p.setProperty(NIST + "ALWAYS_ADD_RPORT", "true");
    // Stricter syntax than the RI's parser (RFC 4475), and answers on the transport used.
    p.setProperty(NIST + "MESSAGE_PARSER_FACTORY", StrictParserFactory.class.getName());
    // Muster sends and answers requests outside dialogs only.
    p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
    p.setProperty(NIST + "REENTRANT_LISTENER", "true");
    p.setProperty(NIST + "THREAD_POOL_SIZE", Integer.toString(options.threadPoolSize()));
    p.setProperty(NIST + "MAX_SERVER_TRANSACTIONS", Integer.toString(options.maxServerTransactions()));
    p.setProperty(NIST + "MAX_CLIENT_TRANSACTIONS", Integer.toString(options.maxClientTransactions()));
    p.setProperty(NIST + "AGGRESSIVE_CLEANUP", "true");
    p.setProperty(NIST + "RECEIVE_UDP_BUFFER_SIZE", Integer.toString(options.udpBufferBytes()));
    p.setProperty(NIST + "SEND_UDP_BUFFER_SIZE", Integer.toString(options.udpBufferBytes()));
    // Bounds what one TCP peer can make the stack buffer (bodies are at most 64 KiB, WIRE.md).
    p.setProperty(NIST + "MAX_MESSAGE_SIZE", Integer.toString(1 << 20));
    // A TCP connect gives up after 3 s instead of the RI's 10 s.
    p.setProperty(NIST + "CONNECTION_TIMEOUT", Integer.toString(CONNECT_TIMEOUT_MILLIS));
    // TLS peers are judged in the handshake (TlsContexts, PeerTrust), not by the RI's policy hook.
    p.setProperty(NIST + "TLS_SECURITY_POLICY", "gov.nist.javax.sip.stack.DefaultTlsSecurityPolicy");
    // A peer that connects for TLS and never completes the handshake is dropped after 5 s (ms,
    // although the RI's javadoc says seconds); no renegotiation once connected (CVE-2011-1473).
    p.setProperty(NIST + "SSL_HANDSHAKE_TIMEOUT", "5000");
    p.setProperty(NIST + "SSL_RENEGOTIATION_ENABLED", "false");
    return p;
  }
}
