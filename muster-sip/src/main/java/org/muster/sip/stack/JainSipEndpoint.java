package org.muster.sip.stack;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@link SipEndpoint} on the JAIN-SIP RI: one stack listening on UDP and TCP on the same port.
 * Several endpoints coexist in one JVM, each with its own stack.
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
  private final JainSipOptions options;
  private final RequestBuilder builder;
  private final PendingRequests pending;
  private final ThreadPoolExecutor connects;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JainSipEndpoint(
      SipStackImpl stack, SipProvider provider, String host, int port, JainSipOptions options,
      PendingRequests pending) {
    this.stack = stack;
    this.provider = provider;
    this.host = host;
    this.port = port;
    this.options = options;
    this.pending = pending;
    // A TCP send may have to connect first (up to CONNECTION_TIMEOUT): not on the caller's thread.
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
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("bad port " + port);
    if (port != 0) return bind(name, host, port, handler, options);
    SipBindException last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int candidate;
      try {
        candidate = FreePorts.udpAndTcp(host);
      } catch (IOException e) {
        throw new SipBindException(host, 0, e);
      }
      try {
        return bind(name, host, candidate, handler, options);
      } catch (SipBindException e) {
        LOG.debug("port {} taken meanwhile, trying another", candidate);
        last = e;
      }
    }
    throw new SipBindException(host, 0, last);
  }

  private static JainSipEndpoint bind(
      String name, String host, int port, Handler handler, JainSipOptions options) {
    String stackName = name + "-" + STACKS.incrementAndGet();
    SipStackImpl stack;
    try {
      stack = new SipStackImpl(StackProperties.of(stackName, options));
    } catch (PeerUnavailableException e) {
      throw new IllegalStateException("cannot create SIP stack " + stackName, e);
    }
    try {
      ListeningPoint udp = stack.createListeningPoint(host, port, ListeningPoint.UDP);
      StackThreads.awaitUdpWorkers(stackName, options.threadPoolSize());
      ListeningPoint tcp = stack.createListeningPoint(host, port, ListeningPoint.TCP);
      SipProvider provider = stack.createSipProvider(udp);
      provider.addListeningPoint(tcp);
      PendingRequests pending = new PendingRequests(stackName);
      JainSipEndpoint endpoint =
          new JainSipEndpoint(stack, provider, udp.getIPAddress(), port, options, pending);
      Answers answers =
          new Answers(
              new MessageFactoryImpl(), new HeaderFactoryImpl(), new AddressFactoryImpl(), provider);
      provider.addSipListener(new StackListener(handler, provider, stack, answers, pending));
      stack.start();
      LOG.info("SIP endpoint {} listening on {}:{} (UDP, TCP)", stackName, host, port);
      return endpoint;
    } catch (InvalidArgumentException e) {
      // The RI reports a failed bind (java.net.BindException) as a bad argument.
      stop(stack);
      throw new SipBindException(host, port, e);
    } catch (Exception e) {
      stop(stack);
      throw new IllegalStateException("cannot start SIP stack " + stackName + " on " + host + ":" + port, e);
    }
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
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
    CompletableFuture<SipResponse> answer;
    try {
      answer = pending.track(tx, timeout);
    } catch (RejectedExecutionException e) {
      return notSent("endpoint closed");
    }
    if (!where.endsWith("/TCP")) {
      sendNow(tx, where);
      return answer;
    }
    try {
      connects.execute(() -> sendNow(tx, where));
    } catch (RejectedExecutionException e) {
      pending.failed(tx, closed.get() ? "endpoint closed" : "too many TCP sends in progress");
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
