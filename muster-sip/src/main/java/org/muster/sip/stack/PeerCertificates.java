package org.muster.sip.stack;

import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.TLSMessageChannel;
import java.lang.reflect.Field;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.sip.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate a TLS peer presented, read from the connection a request came over. The RI's
 * {@code ServerTransactionExt.getPeerCertificates()} reads it from a handshake event that the JDK
 * delivers on another thread, possibly after the first request was parsed; the socket's session
 * has it as soon as the handshake ended, which the RI waits for before reading. The RI keeps the
 * socket in a protected field without accessor, read here by reflection; should a later RI rename
 * it, no certificate is ever found and a partner known by its certificate is refused (fails closed).
 */
final class PeerCertificates {
  private static final Logger LOG = LoggerFactory.getLogger(PeerCertificates.class);
  private static final Field SOCKET = socketField();

  private PeerCertificates() {}

  static Optional<X509Certificate> of(ServerTransaction tx) {
    if (SOCKET == null || !(tx instanceof SIPTransaction st)) return Optional.empty();
    MessageChannel channel = st.getMessageChannel();
    if (!(channel instanceof TLSMessageChannel)) return Optional.empty();
    try {
      if (!(SOCKET.get(channel) instanceof SSLSocket socket)) return Optional.empty();
      Certificate[] chain = socket.getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(x) : Optional.empty();
    } catch (SSLPeerUnverifiedException noCertificate) {
      return Optional.empty();
    } catch (IllegalAccessException e) {
      LOG.warn("cannot read the TLS connection of {}: {}", tx, e.toString());
      return Optional.empty();
    }
  }

  private static Field socketField() {
    try {
      Field f = ConnectionOrientedMessageChannel.class.getDeclaredField("mySock");
      if (!Socket.class.isAssignableFrom(f.getType())) throw new NoSuchFieldException("mySock is a " + f.getType());
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException | RuntimeException e) {
      LOG.warn("this JAIN-SIP RI hides its TLS connections ({}): partners provisioned with a certificate will be refused", e.toString());
      return null;
    }
  }
}
