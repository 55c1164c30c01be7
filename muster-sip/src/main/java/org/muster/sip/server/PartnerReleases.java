package org.muster.sip.server;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.muster.core.config.PartnerConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.PartnerRegroupRelease;
import org.muster.core.regroup.PartnerRelease;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.PartnerReleaseBody;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner side of releasing a regroup a primary formed here (beyond the seed,
 * {@link PartnerRegroupRelease}): an operator's release ({@link #release}, from the admin API), and
 * the expiry of {@code partners[].release-after}: every second the core lists the regroups whose
 * primary has been silent that long and they are released {@code by} {@link PartnerRelease#EXPIRY}.
 * Silence is measured from the last request or answer of the primary ({@code partnerContact}); so
 * that a quiet but living primary is not taken for gone, it is sent an OPTIONS every quarter of
 * its {@code release-after} while it has regroups here (any answer counts). Each release is logged
 * with who did it and sent to the primary as a partner release MESSAGE ({@link PartnerReleaseBody}),
 * again after 2, 4, 8, 16, 32 s and then every minute, for an hour at most, until it answers 2xx
 * or refuses for good.
 */
final class PartnerReleases {
  private static final Logger log = LoggerFactory.getLogger(PartnerReleases.class);
  private static final Duration GIVE_UP = Duration.ofHours(1);
  private final ServerContext ctx;
  private final Instant started;
  /** When each primary was last sent an OPTIONS. */
  private final Map<String, Instant> probed = new java.util.concurrent.ConcurrentHashMap<>();

  private PartnerReleases(ServerContext ctx) {
    this.ctx = ctx;
    this.started = ctx.clock.instant();
  }

  static PartnerReleases start(ServerContext ctx) {
    PartnerReleases r = new PartnerReleases(ctx);
    if (ctx.config.partners().stream().anyMatch(p -> p.releaseAfter().isPresent())) {
      ctx.core.every(1000, core -> core.partnerRelease().overdue(Map.copyOf(ctx.partnerContact), r.started), r::expire);
      ctx.core.every(1000, r::primariesToProbe, due -> due.forEach(r::probe));
    }
    return r;
  }

  /** An operator releases {@code regroupGroup} here; completes with what the core decided, once it is durable. */
  CompletableFuture<PartnerRegroupRelease.Released> release(McServiceGroupId regroupGroup, String by, String reason) {
    CompletableFuture<PartnerRegroupRelease.Released> done = new CompletableFuture<>();
    ctx.core.call(core -> core.partnerRelease().release(regroupGroup, by, reason), (r, e) -> {
      if (e != null) {
        done.completeExceptionally(e);
        return;
      }
      released(r);
      done.complete(r);
    });
    return done;
  }

  private void expire(List<McServiceGroupId> overdue) {
    for (McServiceGroupId rg : overdue) {
      ctx.decide(core -> core.partnerRelease().release(rg, PartnerRelease.EXPIRY, "primary unreachable"), this::released);
    }
  }

  /** On the core's order: the clients get the cancel, the log says who, the primary is told. */
  private void released(PartnerRegroupRelease.Released r) {
    if (r.refusal().isPresent()) return;
    ctx.carryOut(r.outcome());
    PartnerRelease n = r.notice().orElseThrow();
    log.warn("regroup {} ({}) of primary {} released at this system by {}{}", n.regroupGroup().uri(), n.service().word(), r.primary(),
        n.releasedBy(), n.reason().isEmpty() ? "" : ": " + n.reason());
    notify(r.primary(), n, 0);
  }

  private void notify(String primaryId, PartnerRelease n, int attempt) {
    Optional<PartnerConfig> primary = ctx.config.partner(primaryId);
    if (primary.isEmpty() || ctx.endpoint == null) return;
    EncodedBody body = PartnerReleaseBody.encode(n);
    ctx.endpoint.send(toPrimary(primary.get(), n.service(), "MESSAGE", body.contentType(), body.body()))
        .completeOnTimeout(SipResponse.timeout(), ctx.settings.partnerTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .thenAccept(answer -> {
          int s = answer.status();
          if (s >= 200 && s < 300) {
            log.info("primary {} took the release of {}", primaryId, n.regroupGroup().uri());
            return;
          }
          long delay = attempt < 5 ? 2L << attempt : 60;
          boolean retry = s == 408 || s == 503 || s == 504 || s == 500;
          if (!retry || n.at().plusSeconds(delay).plus(GIVE_UP).isBefore(ctx.clock.instant())) {
            log.warn("primary {} was not told of the release of {}: {} {}{}", primaryId, n.regroupGroup().uri(), s, answer.reason(),
                answer.header("Warning").map(w -> " (" + w + ")").orElse(""));
            return;
          }
          CompletableFuture.delayedExecutor(delay, TimeUnit.SECONDS).execute(() -> notify(primaryId, n, attempt + 1));
        });
  }

  /** On the core thread: the primaries with a release timer and regroups here, due for a probe. */
  private Set<PartnerConfig> primariesToProbe(org.muster.core.server.McServiceServer core) {
    Set<PartnerConfig> out = new LinkedHashSet<>();
    Instant now = ctx.clock.instant();
    for (ActiveRegroup r : core.activeRegroups()) {
      Optional<PartnerConfig> p = r.primarySystem().flatMap(ctx.config::partner).filter(x -> x.releaseAfter().isPresent());
      if (p.isEmpty()) continue;
      Instant heard = ctx.partnerContact.getOrDefault(p.get().id(), started);
      Duration every = p.get().releaseAfter().get().dividedBy(4);
      Instant asked = probed.getOrDefault(p.get().id(), Instant.EPOCH);
      if (Duration.between(heard, now).compareTo(every) >= 0 && Duration.between(asked, now).compareTo(every) >= 0) out.add(p.get());
    }
    return out;
  }

  /** OPTIONS to the primary's PSI: any answer means it is there. */
  private void probe(PartnerConfig p) {
    probed.put(p.id(), ctx.clock.instant());
    ctx.endpoint.send(toPrimary(p, McService.MCPTT, "OPTIONS", null, new byte[0]))
        .completeOnTimeout(SipResponse.timeout(), ctx.settings.partnerTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .thenAccept(a -> {
          if (a.status() != SipResponse.timeout().status()) ctx.partnerContact.put(p.id(), ctx.clock.instant());
        });
  }

  private OutgoingRequest toPrimary(PartnerConfig p, McService service, String method, String contentType, byte[] body) {
    String psi = service.psi(p.domain());
    String ours = service.psi(ctx.config.domain());
    return new OutgoingRequest(method, psi, ours, psi, p.address().host(), p.address().port(), PartnerLink.transportTo(p, false),
        List.of(new SipRequest.Header("P-Asserted-Identity", "<" + ours + ">")), contentType, body);
  }
}
