package org.muster.sip.server;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.muster.core.config.McSystemConfig;
import org.muster.core.regroup.RegroupEvent;
import org.muster.core.server.McServiceServer;
import org.muster.sip.stack.JainSipEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running MC service server for one MC system: the pure core on its serial thread, the SIP
 * endpoint (UDP and TCP on {@code system.sip}) and the handlers between them.
 */
public final class MusterServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MusterServer.class);
  private final ServerContext ctx;
  private final JainSipEndpoint endpoint;

  private MusterServer(ServerContext ctx, JainSipEndpoint endpoint) {
    this.ctx = ctx;
    this.endpoint = endpoint;
  }

  /** Starts the server; throws if the SIP address cannot be bound (nothing is left running). */
  public static MusterServer start(McSystemConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static MusterServer start(McSystemConfig config, Clock clock) {
    SerialCore core = new SerialCore(new McServiceServer(config, clock), config.system().id());
    ServerContext ctx = new ServerContext(config, core);
    ctx.clientLink = new ClientLink(ctx);
    ctx.partnerLink = new PartnerLink(ctx);
    JainSipEndpoint endpoint;
    try {
      endpoint = JainSipEndpoint.start("muster-" + config.system().id(), config.system().sip().host(),
          config.system().sip().port(), new RequestRouter(ctx));
    } catch (RuntimeException e) {
      core.close();
      throw e;
    }
    ctx.endpoint = endpoint;
    // registration expiry is log-off (WIRE.md): checked every second on the core thread
    core.every(1000, McServiceServer::expireRegistrations, ctx::carryOut);
    log.info("MC system {} ({}) serving on sip {}:{} (UDP, TCP)", config.system().id(), config.domain(), endpoint.host(), endpoint.port());
    return new MusterServer(ctx, endpoint);
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

  /** Every regroup event, as it happens (also logged as JSON lines on "muster.events"). */
  public void onEvent(Consumer<RegroupEvent> listener) {
    ctx.listeners.add(listener);
  }

  /** Reads or changes the core on its thread (admin API, GMS, tests). */
  public <T> CompletableFuture<T> query(Function<McServiceServer, T> f) {
    return ctx.core.call(f);
  }

  @Override
  public void close() {
    endpoint.close();
    ctx.core.close();
    log.info("MC system {} stopped", ctx.config.system().id());
  }
}
