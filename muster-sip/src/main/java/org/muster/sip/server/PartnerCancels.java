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
 * back to the core thread through {@link Port#onCore}.
 */
final class PartnerCancels {
  private static final Logger log = LoggerFactory.getLogger(PartnerCancels.class);
  private static final long[] BACKOFF_SECONDS = {2, 4, 8, 16, 32, 60};
  private final Port port;
  private final Clock clock;
  private final java.util.function.LongSupplier nanoTime;
  private final Map<Key, Owed> owed = new LinkedHashMap<>();

  /** What this needs around it: the server-to-server link, the core thread and the store. */
  interface Port {
    /** Sends one cancel request to its partner; completes with the answer (or silence), never exceptionally. */
    CompletableFuture<PartnerAnswer> send(PartnerRequest cancel);

    /** Runs {@code step} on the core thread. */
    void onCore(java.util.function.Consumer<McServiceServer> step);

    /** On the core thread: the cancel is owed no more (the store forgets it). */
    void settled(McServiceServer core, McServiceGroupId regroupGroup, String partner);

    /** The adapter's port: {@link PartnerLink}, {@link SerialCore} (the core records it, the store writer writes it). */
    static Port of(ServerContext ctx) {
      return new Port() {
        @Override
        public CompletableFuture<PartnerAnswer> send(PartnerRequest cancel) {
          return ctx.partnerLink.send(List.of(cancel))
              .thenApply(m -> m.getOrDefault(cancel.partnerId(), new PartnerAnswer.Silent("no answer")))
              .exceptionally(e -> new PartnerAnswer.Silent(String.valueOf(e.getMessage())));
        }

        @Override
        public void onCore(java.util.function.Consumer<McServiceServer> step) {
          ctx.core.call(core -> {
            step.accept(core);
            return null;
          });
        }

        @Override
        public void settled(McServiceServer core, McServiceGroupId regroupGroup, String partner) {
          core.partnerCancelSettled(regroupGroup, partner);
        }
      };
    }
  }

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

  PartnerCancels(Port port, Clock clock, java.util.function.LongSupplier nanoTime) {
    this.port = port;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /** Owes {@code cancels} (already made durable by the caller), replacing any owed for the same regroup group and partner. */
  void owe(List<OwedCancel> cancels) {
    long now = nanoTime.getAsLong();
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

  /**
   * Periodic: sends what is due, except where {@code regroupGroupInUse} (a create of the same
   * regroup group is waiting for that partner, or in effect with it: {@link #inUse}).
   */
  void tick(java.util.function.Predicate<OwedCancel> regroupGroupInUse) {
    long now = nanoTime.getAsLong();
    for (Owed o : List.copyOf(owed.values())) {
      if (o.inFlight || now - o.dueNanos < 0) continue;
      if (!regroupGroupInUse.test(o.cancel)) send(o);
    }
  }

  /** A regroup of the cancel's regroup group is forming, or in effect spanning its partner: the cancel would undo it. */
  static boolean inUse(McServiceServer core, OwedCancel c) {
    return core.activeRegroup(c.regroupGroup()).filter(r -> r.forming() || r.partners().contains(c.partner())).isPresent();
  }

  /** When the next attempt of the cancel owed {@code partner} for {@code regroupGroup} is due (tests, metrics). */
  java.util.OptionalLong dueNanos(McServiceGroupId regroupGroup, String partner) {
    Owed o = owed.get(new Key(regroupGroup, partner));
    return o == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(o.dueNanos);
  }

  int size() {
    return owed.size();
  }

  private CompletableFuture<PartnerAnswer> send(Owed o) {
    o.inFlight = true;
    o.attempts++;
    o.current = port.send(o.cancel.request())
        .exceptionally(e -> new PartnerAnswer.Silent(String.valueOf(e.getMessage())))
        .whenComplete((a, e) -> port.onCore(core -> answered(core, o, a)));
    return o.current;
  }

  private void answered(McServiceServer core, Owed o, PartnerAnswer a) {
    o.inFlight = false;
    Key key = new Key(o.cancel.regroupGroup(), o.cancel.partner());
    if (owed.get(key) != o) return; // replaced or superseded meanwhile
    if (o.cancel.settledBy(a, clock.instant())) {
      owed.remove(key);
      port.settled(core, o.cancel.regroupGroup(), o.cancel.partner());
      if (o.attempts > 1) log.info("partner {} confirmed the cancel of {} (attempt {})", o.cancel.partner(), o.cancel.regroupGroup(), o.attempts);
      return;
    }
    long delay = BACKOFF_SECONDS[Math.min(o.attempts - 1, BACKOFF_SECONDS.length - 1)];
    o.dueNanos = nanoTime.getAsLong() + delay * 1_000_000_000L;
    (o.attempts >= 3 ? log.atWarn() : log.atInfo()).log("cancel of {} still owed to partner {} ({}); next attempt in {} s",
        o.cancel.regroupGroup(), o.cancel.partner(), a, delay);
  }
}
