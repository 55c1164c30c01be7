package org.muster.sip.server;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.muster.core.port.SharedStore;
import org.muster.core.port.Snapshot;
import org.muster.core.regroup.Outcome;
import org.muster.core.server.McServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance among several of one MC system on one PostgreSQL (README "Scaling out"): it
 * follows the regroups the others form and cancel as the store's change feed reports them, and
 * holds a lease in the store, taking over the clients of an instance whose lease ran out.
 *
 * <p>Following: on each notification (and after the feed connected again) the regroups changed
 * since the last change number read are read, once everything decided here is written, and
 * handed to the core ({@link McServiceServer#followSharedStore}). When a regroup changed here
 * meanwhile, or the store is behind this core (an outage), the read may be stale: it is not
 * applied, and read again shortly (the change number stays where it was).
 *
 * <p>Leases: renewed every {@link ServerSettings#leaseRenew()}, lasting {@link
 * ServerSettings#leaseExpiry()}; at each renewal, every other instance's lease that ran out is
 * taken over, by one instance only ({@link SharedStore#takeOver}).
 */
final class SharedStoreLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedStoreLink.class);
  /** How soon a stale or failed read (see above) is made again: 20 ms, doubling while it keeps failing, at most a second. */
  private static final long AGAIN_MS = 20;
  private static final long AGAIN_MAX_MS = 1000;

  private final ServerContext ctx;
  private final SharedStore store;
  private final String me;
  private final Clock clock;
  private final ScheduledExecutorService follower;
  private final ScheduledExecutorService leases;
  private final AtomicBoolean due = new AtomicBoolean();
  /** The last change number followed; follower thread only. */
  private long seen;
  /** Reads in a row not applied (stale or failed); follower thread only. */
  private int misses;
  private boolean leaseHeld;
  private volatile AutoCloseable feed = () -> {};

  private SharedStoreLink(ServerContext ctx, SharedStore store, long seen, Clock clock) {
    this.ctx = ctx;
    this.store = store;
    this.me = ServerContext.instanceName(ctx.config);
    this.seen = seen;
    this.clock = clock;
    this.follower = thread("muster-follow-" + ctx.config.system().id());
    this.leases = thread("muster-lease-" + ctx.config.system().id());
  }

  /** Starts following from change number {@code seen} (read before the snapshot was loaded), and the lease. */
  static SharedStoreLink start(ServerContext ctx, SharedStore store, long seen, Clock clock) {
    SharedStoreLink link = new SharedStoreLink(ctx, store, seen, clock);
    long renew = ctx.settings.leaseRenew().toMillis();
    link.leases.scheduleWithFixedDelay(link::lease, 0, renew, TimeUnit.MILLISECONDS);
    link.feed = store.listen(link::changed);
    return link;
  }

  private static ScheduledExecutorService thread(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** The feed heard of a change (or connected again): one read follows, however many were heard meanwhile. */
  private void changed() {
    if (due.compareAndSet(false, true)) follower.execute(this::follow);
  }

  private void follow() {
    due.set(false);
    try {
      long regroupsHere = ctx.core.call(McServiceServer::regroupChanges).get();
      SharedStore.RegroupChanges read = ctx.core.readStore(s -> ((SharedStore) s).regroupsChangedSince(seen)).get();
      if (read.changes().isEmpty()) {
        seen = read.version();
        misses = 0;
        return;
      }
      CompletableFuture<Optional<Outcome>> applied = new CompletableFuture<>();
      ctx.core.call(c -> ctx.core.storeBehind() || c.regroupChanges() != regroupsHere
          ? Optional.<Outcome>empty() : Optional.of(c.followSharedStore(read.changes())), (o, e) -> {
            if (e != null) applied.completeExceptionally(e);
            else applied.complete(o);
          });
      Optional<Outcome> o = applied.get(30, TimeUnit.SECONDS);
      if (o.isPresent()) {
        seen = read.version();
        misses = 0;
        ctx.carryOut(o.get());
      } else {
        again();
      }
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.debug("following the shared store: {} (again shortly)", e.getMessage());
      again();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void again() {
    long wait = Math.min(AGAIN_MAX_MS, AGAIN_MS << Math.min(misses++, 6));
    try {
      follower.schedule(this::changed, wait, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // closing
    }
  }

  private void lease() {
    Instant now = clock.instant();
    try {
      boolean renewed = store.renewLease(me, now, now.plus(ctx.settings.leaseExpiry()));
      if (!renewed && leaseHeld) {
        log.warn("MC system {}: the lease of server instance {} had run out (not renewed for {} ms) and another instance "
            + "took over its clients; it serves those that register with it again", ctx.config.system().id(), me,
            ctx.settings.leaseExpiry().toMillis());
      }
      leaseHeld = true;
      for (String dead : store.expiredLeases(now, me)) {
        Optional<Snapshot> taken = store.takeOver(dead, me, now);
        if (taken.isEmpty()) continue; // another instance took them, or it came back
        log.warn("MC system {}: server instance {} stopped renewing its lease; {} serves its {} client(s) from now on",
            ctx.config.system().id(), dead, me, taken.get().registrations().size());
        ctx.routes.load(taken.get().registrations());
        ctx.decide(c -> c.takeOver(taken.get()), ctx::carryOut);
      }
    } catch (RuntimeException e) {
      log.warn("MC system {}: lease of server instance {} not renewed: {}", ctx.config.system().id(), me, e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      feed.close();
    } catch (Exception e) {
      log.debug("change feed: {}", e.getMessage());
    }
    follower.shutdownNow();
    leases.shutdownNow();
  }
}
