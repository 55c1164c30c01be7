package org.muster.sip.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.regroup.PartnerAnswer;
import org.muster.core.regroup.PartnerRequest;
import org.muster.core.server.McServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cancel requests (10.xx.2.9) this primary server owes partner systems ({@link OwedCancel}),
 * sent until each partner confirms: at once, then after 2, 4, 8, 16, 32 and every 60 s, also
 * across restarts (the store keeps them). This is what keeps "all or nothing" (10.xx.3.3.4) true
 * when a partner is down, slow, or answered after we had given up on it.
 *
 * <p>Used only from steps running on the core thread (its state is not shared); answers come
 * back to the core thread through {@link SerialCore#call}.
 */
final class PartnerCancels {
  private static final Logger log = LoggerFactory.getLogger(PartnerCancels.class);
  private static final long[] BACKOFF_SECONDS = {2, 4, 8, 16, 32, 60};
  private final ServerContext ctx;
  private final Clock clock;
  private final Map<Key, Owed> owed = new LinkedHashMap<>();

  private record Key(McServiceGroupId regroupGroup, String partner) {}

  private static final class Owed {
    final OwedCancel cancel;
    int attempts;
    long dueNanos;
    boolean inFlight;
    /** The attempt in flight (a caller asking for the first answer joins it). */
    CompletableFuture<PartnerAnswer> current;

    Owed(OwedCancel cancel) {
      this.cancel = cancel;
    }
  }

  PartnerCancels(ServerContext ctx, Clock clock) {
    this.ctx = ctx;
    this.clock = clock;
  }

  /** Owes {@code cancels} (already made durable by the caller), replacing any owed for the same regroup group and partner. */
  void owe(List<OwedCancel> cancels) {
    long now = System.nanoTime();
    for (OwedCancel c : cancels) {
      Owed o = new Owed(c);
      o.dueNanos = now;
      owed.put(new Key(c.regroupGroup(), c.partner()), o);
    }
  }

  /**
   * Sends the owed cancels {@code cancels} name (server-to-server cancel flows) now; completes
   * with each partner's first answer. Later attempts follow on their own.
   */
  CompletableFuture<Map<String, PartnerAnswer>> sendNow(List<PartnerRequest> cancels) {
    Map<String, CompletableFuture<PartnerAnswer>> answers = new LinkedHashMap<>();
    for (PartnerRequest c : cancels) {
      if (!(c.flow() instanceof PreconfiguredRegroupCancelRequest.BetweenServers flow)) continue;
      Owed o = owed.get(new Key(flow.regroupGroup(), c.partnerId()));
      if (o != null) answers.put(c.partnerId(), o.inFlight ? o.current : send(o));
    }
    return CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<String, PartnerAnswer> out = new LinkedHashMap<>();
      answers.forEach((p, f) -> out.put(p, f.join()));
      return out;
    });
  }

  /**
   * Before a new create for {@code regroupGroup} goes to {@code partners}: the cancels still owed
   * them for an earlier regroup of that regroup group go first, so a late cancel never undoes the
   * new regroup. Completes when they were answered (or not, in time).
   */
  CompletableFuture<Void> before(McServiceGroupId regroupGroup, Set<String> partners) {
    List<CompletableFuture<PartnerAnswer>> sent = new ArrayList<>();
    for (String p : partners) {
      Owed o = owed.get(new Key(regroupGroup, p));
      if (o != null) sent.add(o.inFlight ? o.current : send(o));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /** Every partner in {@code partners} accepted a new regroup of {@code regroupGroup}: the old cancels would undo it. */
  void superseded(McServiceGroupId regroupGroup, Set<String> partners) {
    for (String p : partners) owed.remove(new Key(regroupGroup, p));
  }

  /** Periodic: sends what is due, except to a partner a create of the same regroup group is waiting for or in effect at. */
  void tick(McServiceServer core) {
    long now = System.nanoTime();
    for (Owed o : List.copyOf(owed.values())) {
      if (o.inFlight || now - o.dueNanos < 0) continue;
      boolean inUse = core.activeRegroup(o.cancel.regroupGroup())
          .filter(r -> r.forming() || r.partners().contains(o.cancel.partner())).isPresent();
      if (!inUse) send(o);
    }
  }

  int size() {
    return owed.size();
  }

  private CompletableFuture<PartnerAnswer> send(Owed o) {
    o.inFlight = true;
    o.attempts++;
    o.current = ctx.partnerLink.send(List.of(o.cancel.request()))
        .thenApply(m -> m.getOrDefault(o.cancel.partner(), new PartnerAnswer.Silent("no answer")))
        .exceptionally(e -> new PartnerAnswer.Silent(String.valueOf(e.getMessage())))
        .whenComplete((a, e) -> ctx.core.call(core -> {
          answered(core, o, a);
          return null;
        }));
    return o.current;
  }

  private void answered(McServiceServer core, Owed o, PartnerAnswer a) {
    o.inFlight = false;
    Key key = new Key(o.cancel.regroupGroup(), o.cancel.partner());
    if (owed.get(key) != o) return; // replaced or superseded meanwhile
    if (o.cancel.settledBy(a, clock.instant())) {
      owed.remove(key);
      ctx.core.keeper().cancelSettled(core, o.cancel.regroupGroup(), o.cancel.partner());
      if (o.attempts > 1) log.info("partner {} confirmed the cancel of {} (attempt {})", o.cancel.partner(), o.cancel.regroupGroup(), o.attempts);
      return;
    }
    long delay = BACKOFF_SECONDS[Math.min(o.attempts - 1, BACKOFF_SECONDS.length - 1)];
    o.dueNanos = System.nanoTime() + delay * 1_000_000_000L;
    (o.attempts >= 3 ? log.atWarn() : log.atInfo()).log("cancel of {} still owed to partner {} ({}); next attempt in {} s",
        o.cancel.regroupGroup(), o.cancel.partner(), a, delay);
  }
}
