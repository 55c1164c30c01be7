package org.muster.sip.stack;

import gov.nist.javax.sip.ClientTransactionExt;
import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.ReleaseReferencesStrategy;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.PeerUnavailableException;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SipEndpoint} on the JAIN-SIP RI: one stack listening on UDP and TCP on the same port, and
 * optionally for TLS on an address of its own ({@link TlsSettings}). Several endpoints coexist in
 * one JVM, each with its own stack and its own certificate.
 */
public final class JainSipEndpoint implements SipEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(JainSipEndpoint.class);
  private static final AtomicLong STACKS = new AtomicLong();
  private static final int PORT_ATTEMPTS = 5;
  private static final int MAX_CONNECTING = 64;

  private final SipStackImpl stack;
  private final SipProvider provider;
  private final String host;
  private final int port;
  private final OptionalInt tlsPort;
  private final JainSipOptions options;
  private final RequestBuilder builder;
  private final PendingRequests pending;
  private final ThreadPoolExecutor connects;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final SipTraffic.Tap traffic;

  private JainSipEndpoint(
      SipStackImpl stack, SipProvider provider, String host, int port, OptionalInt tlsPort,
      JainSipOptions options, PendingRequests pending, SipTraffic.Tap traffic) {
    this.stack = stack;
    this.traffic = traffic;
    this.provider = provider;
    this.host = host;
    this.port = port;
    this.tlsPort = tlsPort;
    this.options = options;
    this.pending = pending;
    // A TCP or TLS send may have to connect (and shake hands) first: not on the caller's thread.
    this.connects = new ThreadPoolExecutor(0, MAX_CONNECTING, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "sip-tcp-send-" + stack.getStackName());
          t.setDaemon(true);
          return t;
        });
    HeaderFactory headers = new HeaderFactoryImpl();
    MessageFactory messages = new MessageFactoryImpl();
    this.builder = new RequestBuilder(new AddressFactoryImpl(), headers, messages, provider);
  }

  /** Starts an endpoint with {@link JainSipOptions#defaults()}. */
  public static JainSipEndpoint start(String name, String host, int port, Handler handler) {
    return start(name, host, port, handler, JainSipOptions.defaults());
  }

  /**
   * Starts an endpoint listening on {@code host:port} over UDP and TCP.
   *
   * @param name a label for the stack's name and threads
   * @param port the port, or 0 for one free for both UDP and TCP
   * @throws SipBindException when the address cannot be bound; the stack is stopped then
   */
  public static JainSipEndpoint start(
      String name, String host, int port, Handler handler, JainSipOptions options) {
    return start(name, host, port, handler, options, Optional.empty());
  }

  /**
   * Starts an endpoint listening on {@code host:port} over UDP and TCP and, with {@code tls}, for
   * SIP over TLS on its address.
   *
   * @throws SipBindException when an address cannot be bound; the stack is stopped then
   * @throws TlsSetupException when the TLS credentials or trust cannot be used (nothing started)
   */
  public static JainSipEndpoint start(
      String name, String host, int port, Handler handler, JainSipOptions options, Optional<TlsSettings> tls) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("bad port " + port);
    Optional<SSLContext> context = tls.map(TlsContexts::of);
    boolean pickPorts = port == 0 || tls.map(t -> t.port() == 0).orElse(false);
    SipBindException last = null;
    for (int attempt = 0; attempt < (pickPorts ? PORT_ATTEMPTS : 1); attempt++) {
      int sipPort;
      int tlsPort;
      try {
        sipPort = port != 0 ? port : FreePorts.udpAndTcp(host);
        tlsPort = tls.isEmpty() ? 0 : tls.get().port() != 0 ? tls.get().port() : FreePorts.tcp(tls.get().host());
      } catch (IOException e) {
        throw new SipBindException(host, 0, e);
      }
      try {
        return bind(name, host, sipPort, handler, options, tls.map(t -> new TlsBinding(t, tlsPort, context.get())));
      } catch (SipBindException e) {
        if (!pickPorts) throw e;
        LOG.debug("port {} or {} taken meanwhile, trying others", sipPort, tlsPort);
        last = e;
      }
    }
    throw new SipBindException(host, 0, last);
  }

  /** The TLS listening point to create: its settings, the port picked, the context built from them. */
  private record TlsBinding(TlsSettings settings, int port, SSLContext context) {}

  private static JainSipEndpoint bind(
      String name, String host, int port, Handler handler, JainSipOptions options, Optional<TlsBinding> tls) {
    String stackName = name + "-" + STACKS.incrementAndGet();
    SipStackImpl stack;
    try {
      Properties properties = StackProperties.of(stackName, options);
      stack = tls.isEmpty() ? new SipStackImpl(properties) : new TlsSipStack(properties, tls.get().context(),
          tls.get().settings().needClientCertificate(), StackProperties.CONNECT_TIMEOUT_MILLIS);
    } catch (PeerUnavailableException e) {
      throw new IllegalStateException("cannot create SIP stack " + stackName, e);
    }
    try {
      ListeningPoint udp = stack.createListeningPoint(host, port, ListeningPoint.UDP);
      StackThreads.awaitUdpWorkers(stackName, options.threadPoolSize());
      ListeningPoint tcp = stack.createListeningPoint(host, port, ListeningPoint.TCP);
      SipProvider provider = stack.createSipProvider(udp);
      provider.addListeningPoint(tcp);
      if (tls.isPresent()) provider.addListeningPoint(listenTls(stack, tls.get()));
      PendingRequests pending = new PendingRequests(stackName);
      OptionalInt tlsPort = tls.isPresent() ? OptionalInt.of(tls.get().port()) : OptionalInt.empty();
      SipTraffic.Tap traffic = new SipTraffic.Tap();
      JainSipEndpoint endpoint =
          new JainSipEndpoint(stack, provider, udp.getIPAddress(), port, tlsPort, options, pending, traffic);
      Answers answers =
          new Answers(
              new MessageFactoryImpl(), new HeaderFactoryImpl(), new AddressFactoryImpl(), provider, traffic);
      StackListener listener = new StackListener(handler, provider, stack, answers, pending, traffic);
      provider.addSipListener(listener);
      stack.sipMessageValves.add(new TransactionValve(listener::processStatelessly, stack));
      stack.start();
      LOG.info("SIP endpoint {} listening on {}:{} (UDP, TCP){}", stackName, host, port,
          tls.map(t -> ", " + t.settings().host() + ":" + t.port() + " (TLS)").orElse(""));
      return endpoint;
    } catch (InvalidArgumentException e) {
      // The RI reports a failed bind (java.net.BindException) as a bad argument.
      stop(stack);
      throw new SipBindException(host, port, e);
    } catch (SipBindException e) {
      stop(stack);
      throw e;
    } catch (Exception e) {
      stop(stack);
      throw new IllegalStateException("cannot start SIP stack " + stackName + " on " + host + ":" + port, e);
    }
  }

  /** The TLS listening point; a port taken is a {@link SipBindException} naming TLS. */
  private static ListeningPoint listenTls(SipStackImpl stack, TlsBinding tls) throws Exception {
    try {
      return stack.createListeningPoint(tls.settings().host(), tls.port(), ListeningPoint.TLS);
    } catch (InvalidArgumentException e) {
      throw new SipBindException(tls.settings().host(), tls.port(), "TLS", e);
    }
  }

  /** From now on, what this endpoint receives and answers is reported to {@code traffic}. */
  public void observe(SipTraffic traffic) {
    this.traffic.set(traffic);
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public OptionalInt tlsPort() {
    return tlsPort;
  }

  public JainSipOptions options() {
    return options;
  }

  @Override
  public CompletableFuture<SipResponse> send(OutgoingRequest request) {
    return send(request, options.transactionTimeout());
  }

  /**
   * Like {@link #send(OutgoingRequest)}, waiting at most {@code timeout} (capped by Timer F, 32 s)
   * for the final answer.
   */
  public CompletableFuture<SipResponse> send(OutgoingRequest request, Duration timeout) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(timeout, "timeout");
    if (closed.get()) return notSent("endpoint closed");
    Request sip;
    try {
      sip = builder.build(request);
    } catch (ParseException | InvalidArgumentException | IllegalArgumentException e) {
      String why = Answers.oneLine(String.valueOf(e.getMessage()));
      LOG.warn("{} to {} not sent: {}", request.method(), request.requestUri(), why);
      return notSent("bad request: " + why);
    }
    String where = request.destinationHost() + ":" + request.destinationPort() + "/"
        + RequestBuilder.transportOf(request);
    ClientTransaction tx;
    try {
      tx = provider.getNewClientTransaction(sip);
    } catch (SipException e) {
      return notSent("cannot reach " + where + ": " + rootMessage(e));
    }
    // AGGRESSIVE_CLEANUP makes the RI encode the request to bytes when the answer comes and parse
    // it again when the transaction ends, only to drop it: a 2 KB parse per notification on the
    // stack's one timer thread. Our client transactions keep their request until they end instead.
    ((ClientTransactionExt) tx).setReleaseReferencesStrategy(ReleaseReferencesStrategy.None);
    CompletableFuture<SipResponse> answer;
    try {
      answer = pending.track(tx, timeout);
    } catch (RejectedExecutionException e) {
      return notSent("endpoint closed");
    }
    if (where.endsWith("/UDP")) {
      // Timer K (T4) for a non-INVITE: how long the transaction outlives its final answer
      if (!Request.INVITE.equals(request.method())) ((ClientTransactionExt) tx).setTimerT4((int) options.answeredLinger().toMillis());
      sendNow(tx, where);
      return answer;
    }
    try {
      connects.execute(() -> sendNow(tx, where));
    } catch (RejectedExecutionException e) {
      pending.failed(tx, closed.get() ? "endpoint closed" : "too many TCP/TLS sends in progress");
    }
    return answer;
  }

  private void sendNow(ClientTransaction tx, String where) {
    try {
      tx.sendRequest();
    } catch (SipException | RuntimeException e) {
      LOG.debug("request to {} not sent", where, e);
      pending.failed(tx, "cannot send to " + where + ": " + rootMessage(e));
    }
  }

  private static CompletableFuture<SipResponse> notSent(String cause) {
    return CompletableFuture.completedFuture(Answered.notSent(cause));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /**
   * Client transactions the stack holds: those awaiting their answer, and answered ones for their
   * {@link JainSipOptions#answeredLinger()}.
   */
  public int clientTransactions() {
    return stack.getClientTransactionTableSize();
  }

  /** Requests sent and not yet answered, timed out or failed. */
  public int pendingRequests() {
    return pending.size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    connects.shutdownNow();
    pending.close();
    stop(stack);
    LOG.info("SIP endpoint {} on {}:{} stopped", stack.getStackName(), host, port);
  }

  /**
   * Stops the stack: closes its sockets, then waits the RI's fixed second for its threads. The
   * RI's stop() can fail half-way (see {@link StackThreads}; also a TCP processor that failed to
   * bind has no socket to close); each call removes the processors it reached, so calling it again
   * finishes the rest.
   */
  private static void stop(SipStackImpl stack) {
    EventScanner scanner = stack.getEventScanner();
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        stack.stop();
        break;
      } catch (RuntimeException e) {
        LOG.debug("stack {} stop failed half-way (attempt {})", stack.getStackName(), attempt, e);
      }
    }
    StackThreads.afterStop(stack.getStackName(), scanner);
  }

  @Override
  public String toString() {
    return "JainSipEndpoint[" + stack.getStackName() + " " + host + ":" + port + "]";
  }
}
