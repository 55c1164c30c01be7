package org.muster.sip.stack;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The RI's sockets for one stack: plain ones as the RI makes them, TLS ones from the endpoint's
 * own {@link SSLContext} (the RI's {@code SslNetworkLayer} reads key stores from files named in
 * properties instead). {@link TlsSipStack} installs it.
 */
final class TlsNetworkLayer implements NetworkLayer {
  private final NetworkLayer plain = DefaultNetworkLayer.SINGLETON;
  private final SSLContext context;
  private final int connectTimeoutMillis;

  TlsNetworkLayer(SSLContext context, int connectTimeoutMillis) {
    this.context = context;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
    return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(port, backlog, bindAddress);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
    return createSSLSocket(address, port, null);
  }

  /** Connects (bounded by the stack's connection timeout); the RI then runs the handshake. */
  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    try {
      if (myAddress != null) socket.bind(new InetSocketAddress(myAddress, 0));
      socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
    return plain.createServerSocket(port, backlog, bindAddress);
  }

  @Override
  public Socket createSocket(InetAddress address, int port) throws IOException {
    return plain.createSocket(address, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
    return plain.createSocket(address, port, myAddress);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
    return plain.createSocket(address, port, myAddress, myPort);
  }

  @Override
  public DatagramSocket createDatagramSocket() throws SocketException {
    return plain.createDatagramSocket();
  }

  @Override
  public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
    return plain.createDatagramSocket(port, laddr);
  }

  @Override
  public void setSipStack(SipStackImpl stack) {
    // nothing of the stack is needed
  }
}
