package org.muster.sip.server;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.muster.core.config.McSystemConfig;
import org.muster.core.id.McService;
import org.muster.core.regroup.Outcome;
import org.muster.core.regroup.RegroupEvent;
import org.muster.core.server.McServiceServer;
import org.muster.sip.stack.SipEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the SIP handlers of one MC system share: configuration, the serial core, the endpoint. */
final class ServerContext {
  private static final Logger events = LoggerFactory.getLogger("muster.events");
  final McSystemConfig config;
  final ServerSettings settings;
  final SerialCore core;
  final java.time.Clock clock;
  /** Who a client request comes from (WIRE.md, Authentication). */
  final Gate gate;
  /** The Path each client registered through, if it came through a proxy. */
  final ClientRoutes routes = new ClientRoutes();
  final List<Consumer<RegroupEvent>> listeners = new CopyOnWriteArrayList<>();
  volatile SipEndpoint endpoint;
  volatile ClientLink clientLink;
  volatile PartnerLink partnerLink;
  /** The system's group management server, as the server sees it ({@link GmsConnection#NONE}: none). */
  volatile GmsConnection gms = GmsConnection.NONE;
  /** Told of refused regroup requests ({@link MusterServer#observe}). */
  volatile ServerObserver observer = ServerObserver.NONE;
  /** When each partner (by id) last answered us or sent us a request it was recognised for. */
  final Map<String, Instant> partnerContact = new ConcurrentHashMap<>();
  /** Core thread only. */
  volatile PartnerCancels partnerCancels;
  /** Several instances on one store: the change feed and the lease (SharedStoreLink). */
  volatile SharedStoreLink sharedStore;
  volatile PartnerReleases partnerReleases;

  /** Where deliveries are handed to the stack: per client in order, clients side by side. */
  final SendLanes lanes;
  /**
   * The one thread that publishes events and hands deliveries to the {@link #lanes}, in the order
   * the core decided them. Shutting it down ({@code MusterServer.close}) ends the lanes too, once
   * they have sent what it handed them.
   */
  final ExecutorService sender;

  ServerContext(McSystemConfig config, ServerSettings settings, SerialCore core, java.time.Clock clock) {
    this.config = config;
    this.settings = settings;
    this.core = core;
    this.clock = clock;
    this.gate = new Gate(config, clock, this::isForUs);
    this.lanes = new SendLanes(settings.sendThreads(), "muster-send-" + config.system().id());
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "muster-sender");
      t.setDaemon(true);
      return t;
    }) {
      @Override
      protected void terminated() {
        lanes.shutdown();
      }
    };
  }

  /**
   * This server instance among those serving one MC system on a shared store: its provisioned
   * SIP address (instances sharing a store listen on distinct addresses).
   */
  static String instanceName(McSystemConfig config) {
    return config.system().sip().toString();
  }

  String host() {
    return config.domain();
  }

  /** The MC service whose PSI is {@code requestUri}, if it is one of ours. */
  Optional<McService> serviceOfPsi(String requestUri) {
    String u = stripParams(requestUri).toLowerCase(Locale.ROOT);
    for (McService s : McService.values()) if (u.equals(s.psi(config.domain()))) return Optional.of(s);
    return Optional.empty();
  }

  /**
   * WIRE.md: the server accepts a request whose Request-URI is one of its PSIs or its own SIP
   * address; REGISTER goes to {@code sip:DOMAIN}.
   */
  boolean isForUs(String requestUri) {
    String u = stripParams(requestUri).toLowerCase(Locale.ROOT);
    if (serviceOfPsi(u).isPresent()) return true;
    String hostPart = u.substring(u.indexOf(':') + 1);
    if (hostPart.contains("@")) hostPart = hostPart.substring(hostPart.indexOf('@') + 1);
    if (hostPart.equals(config.domain())) return true;
    SipEndpoint e = endpoint;
    String sip = config.system().sip().host();
    if (e != null) {
      if (hostPart.equals(sip + ":" + e.port()) || hostPart.equals(e.host() + ":" + e.port())) return true;
      if (e.port() == 5060 && (hostPart.equals(sip) || hostPart.equals(e.host()))) return true;
    }
    return hostPart.equals(config.system().sip().toString());
  }

  static String stripParams(String uri) {
    int semi = uri.indexOf(';');
    int q = uri.indexOf('?');
    int cut = semi < 0 ? q : (q < 0 ? semi : Math.min(semi, q));
    return cut < 0 ? uri : uri.substring(0, cut);
  }

  /**
   * Hands the events and deliveries of an outcome to the sender thread, in order, and returns at
   * once: the core thread never waits on a fan-out or on event logging (10.xx.3.2.1 step 5 is
   * initiated before step 9 answers; the sends proceed after). Call it on the core thread, right
   * after the step that decided {@code outcome} ({@link #decide}), so outcomes go out in the
   * order they were decided.
   */
  void carryOut(Outcome outcome) {
    if (outcome.events().isEmpty() && outcome.deliveries().isEmpty()) return;
    onSender(() -> {
      for (RegroupEvent e : outcome.events()) publish(e);
      if (!outcome.deliveries().isEmpty()) clientLink.deliver(outcome.deliveries());
    });
  }

  /** Runs {@code work} on the sender thread, after what was handed to it before; not once the server stops. */
  void onSender(Runnable work) {
    try {
      sender.execute(work);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      events.debug("server stopping: sends and events left undone");
    }
  }

  /**
   * Runs {@code step} on the core thread and then {@code after} with its result once the decision
   * is released, in the core's order, so what {@code after} hands to the sender thread keeps that
   * order ({@link SerialCore#call(Function, java.util.function.BiConsumer)}). ({@code
   * core.call(step).thenAccept(after)} alone may run {@code after} on the calling thread.)
   */
  <T> void decide(Function<McServiceServer, T> step, Consumer<T> after) {
    core.call(step, (r, e) -> {
      if (e == null) after.accept(r);
    });
  }

  void publish(RegroupEvent e) {
    if (events.isInfoEnabled()) events.info("{}", EventJson.line(e));
    for (Consumer<RegroupEvent> l : listeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        events.warn("event listener failed", ex);
      }
    }
  }
}
