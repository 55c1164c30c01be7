package org.muster.sip.server;

import org.muster.core.regroup.StateChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.muster.core.config.McSystemConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceId;
import org.muster.protocol.RegroupDocument;
import org.muster.core.port.FormingRegroup;
import org.muster.core.port.SharedStore;
import org.muster.core.port.Snapshot;
import org.muster.core.port.StateStore;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.regroup.PrimaryRegroupAcrossSystems;
import org.muster.core.regroup.RegroupEvent;
import org.muster.core.server.McServiceServer;
import org.muster.sip.stack.JainSipEndpoint;
import org.muster.sip.stack.JainSipOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running MC service server for one MC system: the pure core on its serial thread, the SIP
 * endpoint (UDP and TCP on {@code system.sip}, TLS on {@code system.sips}) and the handlers
 * between them.
 */
public final class MusterServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MusterServer.class);
  private final ServerContext ctx;
  private final JainSipEndpoint endpoint;
  private final StateStore store;
  private final StoreWriter writer;
  /** The console's creates and cancels, decided as SIP requests are. */
  private final RegroupHandler operatorRequests;

  private MusterServer(ServerContext ctx, JainSipEndpoint endpoint, StateStore store, StoreWriter writer) {
    this.ctx = ctx;
    this.endpoint = endpoint;
    this.store = store;
    this.writer = writer;
    this.operatorRequests = new RegroupHandler(ctx);
  }

  /**
   * Starts the server on {@code store}, which it then owns (closes it on {@link #close()}, or
   * when the start fails): the stored state is loaded and restored before anything is served.
   * Its settings come from the JVM's system properties ({@link ServerSettings#fromSystemProperties}).
   */
  public static MusterServer start(McSystemConfig config, Clock clock, StateStore store) {
    ServerSettings settings;
    try {
      settings = ServerSettings.fromSystemProperties();
    } catch (IllegalArgumentException e) {
      store.close();
      throw e;
    }
    return start(config, settings, clock, store);
  }

  /** {@link #start(McSystemConfig, Clock, StateStore)} with these settings. */
  public static MusterServer start(McSystemConfig config, ServerSettings settings, Clock clock, StateStore store) {
    return start(config, settings, clock, store, GmsConnection.NONE);
  }

  /**
   * {@link #start(McSystemConfig, ServerSettings, Clock, StateStore)} with the system's group
   * management server: the core reads the groups partner GMSs shared, partner GMSs' requests go
   * to it, and it may send to them once the server listens ({@link GmsConnection#started}).
   */
  public static MusterServer start(McSystemConfig config, ServerSettings settings, Clock clock, StateStore store, GmsConnection gms) {
    McServiceServer server = new McServiceServer(config, clock);
    server.subscribeToGms(gms.subscription());
    SerialCore core;
    StoreWriter writer;
    List<OwedCancel> owed;
    Snapshot snapshot;
    // several instances on one store: the change number before the load, so nothing changed meanwhile is missed
    long version = sharedStore(config) && store instanceof SharedStore s ? s.regroupVersion() : 0;
    try {
      snapshot = store.load(ServerContext.instanceName(config));
      server.restore(snapshot);
      owed = settleAbandonedCreates(config, clock, store, snapshot);
      server.oweCancels(owed);
      log.info("MC system {}: restored {} registration(s), {} affiliation set(s), {} regroup(s) from the store", config.system().id(),
          snapshot.registrations().size(), snapshot.affiliations().size(), snapshot.regroups().size());
      // from here on the store is written by one writer, with what the core decided (StoreWriter)
      writer = new StoreWriter(store, ServerContext.instanceName(config), config.system().id());
      core = new SerialCore(server, config.system().id(), writer);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    ServerContext ctx = new ServerContext(config, settings, core, clock);
    ctx.routes.load(snapshot.registrations());
    ctx.gms = gms;
    ctx.clientLink = new ClientLink(ctx);
    ctx.partnerLink = new PartnerLink(ctx);
    PartnerCancels partnerCancels = new PartnerCancels(PartnerCancels.Port.of(ctx));
    ctx.partnerCancels = partnerCancels;
    JainSipEndpoint endpoint;
    try {
      endpoint = JainSipEndpoint.start("muster-" + config.system().id(), config.system().sip().host(),
          config.system().sip().port(), new RequestRouter(ctx), JainSipOptions.defaults(), ServerTls.settings(config));
    } catch (RuntimeException e) {
      core.close();
      store.close();
      throw e;
    }
    ctx.endpoint = endpoint;
    // registration expiry is log-off (WIRE.md): checked every second on the core thread
    core.every(1000, McServiceServer::expireRegistrations, ctx::carryOut);
    // Muster extension: regroups whose expiry time is reached are cancelled by the system, checked every second
    core.every(1000, McServiceServer::expireRegroups, ctx::carryOut);
    // partner side: member steps of regroups served for a primary are reported back to it (MemberReportLink)
    MemberReportLink.start(ctx);
    // partner side: regroups of a primary released here by an operator, or expired (partners[].release-after)
    ctx.partnerReleases = PartnerReleases.start(ctx);
    // cancels owed to partner systems: sent until confirmed (the first tick sends those restored)
    core.every(1000, c -> {
      partnerCancels.tick(c);
      return null;
    }, x -> {});
    if (sharedStore(config) && store instanceof SharedStore s) {
      // several instances on one store: follow the others' regroups, hold a lease, take over the clients of the dead
      ctx.sharedStore = SharedStoreLink.start(ctx, s, version, clock);
    }
    // group changes from the GMS: affiliations they no longer allow end, on the core thread
    gms.onGroupsChanged(() -> ctx.decide(McServiceServer::groupsChanged, ctx::carryOut));
    gms.started(new GmsSender(ctx));
    // requests in flight or unanswered when the server stopped go out again (Redelivery#afterRestart)
    ctx.decide(McServiceServer::resumeDeliveries, ctx::carryOut);
    log.info("MC system {} ({}) serving on sip {}:{} (UDP, TCP){}", config.system().id(), config.domain(), endpoint.host(), endpoint.port(),
        endpoint.tlsPort().isPresent() ? ", sips " + config.system().security().sips().get().host() + ":" + endpoint.tlsPort().getAsInt() + " (TLS)" : "");
    return new MusterServer(ctx, endpoint, store, writer);
  }

  /**
   * Issue 5 / 10.xx.3.3.4 across a restart: a create this instance stored as still waiting for its
   * partners takes effect nowhere ({@link PrimaryRegroupAcrossSystems#abandoned}); it is cancelled in
   * the store and its partners are owed a cancel. Returns every cancel owed (stored before, and
   * these). Creates forming on another instance sharing the store are that instance's to settle.
   */
  private static List<OwedCancel> settleAbandonedCreates(McSystemConfig config, Clock clock, StateStore store, Snapshot snapshot) {
    String me = ServerContext.instanceName(config);
    List<OwedCancel> owed = new ArrayList<>(snapshot.owedCancels().getOrDefault(me, List.of()));
    for (FormingRegroup f : snapshot.forming()) {
      if (!f.owner().equals(me)) continue;
      List<OwedCancel> cancels = PrimaryRegroupAcrossSystems.abandoned(f.regroup(), clock.instant());
      store.write(List.of(new StateChange.RegroupNotInEffect(f.regroup().regroupGroup(), clock.instant(), cancels)), me);
      owed.removeIf(o -> cancels.stream().anyMatch(c -> c.regroupGroup().equals(o.regroupGroup()) && c.partner().equals(o.partner())));
      owed.addAll(cancels);
      log.warn("MC system {}: regroup {} was still waiting for partners {} when the server stopped: it takes effect nowhere, "
          + "the partners are sent a cancel", config.system().id(), f.regroup().regroupGroup().uri(), f.regroup().partners());
    }
    return owed;
  }

  /** A store other instances may share: a JDBC URL of a database server (not an embedded H2 file or memory). */
  static boolean sharedStore(McSystemConfig config) {
    String s = config.system().store();
    return s.startsWith("jdbc:") && !s.startsWith("jdbc:h2:");
  }

  /** From now on, what the server receives, answers, refuses and writes is reported to {@code observer}. */
  public void observe(ServerObserver observer) {
    ServerObserver o = observer == null ? ServerObserver.NONE : observer;
    ctx.observer = o;
    endpoint.observe(o);
    writer.observe(o);
  }

  /**
   * Whether the store is reachable: a read of the regroups in effect, made after everything
   * decided before it is written, succeeds within {@code wait}. Empty when it does; else why not.
   */
  public Optional<String> storeProblem(Duration wait) {
    try {
      ctx.core.readStore(StateStore::regroupsInEffect).get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (java.util.concurrent.ExecutionException e) {
      return Optional.of(String.valueOf(e.getCause().getMessage()));
    } catch (java.util.concurrent.TimeoutException e) {
      return Optional.of("no answer from the store in " + wait.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** When each provisioned partner (by id) last answered this server or sent it a request it was recognised for. */
  public Map<String, Instant> partnerContacts() {
    return Map.copyOf(ctx.partnerContact);
  }

  /** The system's group management server as the server sees it ({@link GmsConnection#NONE}: none). */
  public GmsConnection gms() {
    return ctx.gms;
  }

  public McSystemConfig config() {
    return ctx.config;
  }

  /** The SIP port actually bound (useful when provisioning says port 0). */
  public int sipPort() {
    return endpoint.port();
  }

  public String sipHost() {
    return endpoint.host();
  }

  /** The SIP-over-TLS port actually bound, when {@code system.sips} is provisioned. */
  public java.util.OptionalInt sipsPort() {
    return endpoint.tlsPort();
  }

  /** Every regroup event, as it happens (also logged as JSON lines on "muster.events"). */
  public void onEvent(Consumer<RegroupEvent> listener) {
    ctx.listeners.add(listener);
  }

  /** How many cancels this instance owes partner systems, not yet confirmed ({@link PartnerCancels}). */
  public CompletableFuture<Integer> partnerCancelsOwed() {
    return ctx.core.call(core -> core.cancelsOwed().size());
  }

  /**
   * An operator's create (the admin console): the request goes to the core as a SIP request's
   * does ({@link RegroupHandler#submit}), with the same authorization, fan-out and answer; the
   * operator signed in over HTTP, so no SIP registration of the requester is asked for.
   */
  public CompletableFuture<OperatorAnswer> regroup(McService service, PreconfiguredRegroupRequest.FromClient request) {
    return asOperator(request.requester(), RegroupDocument.create(service, request.requester(), request.configurationGroup(),
        request.regroupGroup(), request.targets()));
  }

  /** An operator's cancel (the admin console), as {@link #regroup}. */
  public CompletableFuture<OperatorAnswer> cancel(McService service, PreconfiguredRegroupCancelRequest.FromClient request) {
    return asOperator(request.requester(), RegroupDocument.remove(service, request.requester(), request.regroupGroup()));
  }

  private CompletableFuture<OperatorAnswer> asOperator(McServiceId requester, RegroupDocument doc) {
    CompletableFuture<OperatorAnswer> answered = new CompletableFuture<>();
    operatorRequests.submit(requester, doc, false, (status, reason, headers) -> answered.complete(OperatorAnswer.of(status, reason, headers)));
    return answered;
  }

  /** A page of the regroup history, read from the store apart from the core and the writer ({@link StateStore#history}). */
  public org.muster.core.port.HistoryPage history(org.muster.core.port.HistoryQuery query) {
    return store.history(query);
  }

  /**
   * Beyond the seed: an operator ({@code by}) ends here a regroup a partner formed here as its
   * primary, and the primary is told ({@link PartnerReleases}); completes once it is durable.
   */
  public CompletableFuture<org.muster.core.regroup.PartnerRegroupRelease.Released> releasePartnerRegroup(
      org.muster.core.id.McServiceGroupId regroupGroup, String by, String reason) {
    return ctx.partnerReleases.release(regroupGroup, by, reason);
  }

  /** Reads or changes the core on its thread (admin API, GMS, tests). */
  public <T> CompletableFuture<T> query(Function<McServiceServer, T> f) {
    return ctx.core.call(f);
  }

  @Override
  public void close() {
    ctx.gms.stopped();
    endpoint.close();
    if (ctx.sharedStore != null) ctx.sharedStore.close();
    ctx.core.close(); // the writer writes what was decided, then stops
    ctx.sender.shutdown();
    store.close();
    log.info("MC system {} stopped", ctx.config.system().id());
  }
}
