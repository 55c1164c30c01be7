package org.muster.sip.server;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.CancelsOwedToPartners;
import org.muster.core.regroup.PartnerAnswer;
import org.muster.core.regroup.PartnerRequest;
import org.muster.core.server.McServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the cancel requests (10.xx.2.9) the core owes partner systems ({@link
 * CancelsOwedToPartners} decides what and when) and hands each answer back to the core. Keeps the
 * attempts waiting for an answer, so a caller asking for the first answer joins the attempt in
 * flight instead of sending the cancel twice. Core thread only.
 */
final class PartnerCancels {
  private static final Logger log = LoggerFactory.getLogger(PartnerCancels.class);
  private final Port port;
  private final Map<Key, CompletableFuture<PartnerAnswer>> inFlight = new HashMap<>();

  private record Key(McServiceGroupId regroupGroup, String partner) {}

  /** What this needs around it: the server-to-server link and the core thread. */
  interface Port {
    /** Sends one cancel request to its partner; completes with the answer (or silence), never exceptionally. */
    CompletableFuture<PartnerAnswer> send(PartnerRequest cancel);

    /** Runs {@code step} on the core thread (what it changes is written like any decision). */
    void onCore(java.util.function.Consumer<McServiceServer> step);

    /** The adapter's port: {@link PartnerLink} and {@link SerialCore}. */
    static Port of(ServerContext ctx) {
      return new Port() {
        @Override
        public CompletableFuture<PartnerAnswer> send(PartnerRequest cancel) {
          return ctx.partnerLink.sendOne(cancel);
        }

        @Override
        public void onCore(java.util.function.Consumer<McServiceServer> step) {
          ctx.core.call(core -> {
            step.accept(core);
            return null;
          });
        }
      };
    }
  }

  PartnerCancels(Port port) {
    this.port = port;
  }

  /** Periodic, on the core thread: sends the cancels that are due. */
  void tick(McServiceServer core) {
    for (CancelsOwedToPartners.Attempt a : core.cancelsOwed().due()) send(a);
  }

  /**
   * Sends the cancels owed {@code partners} for {@code regroupGroup} now, joining attempts in
   * flight; completes with each partner's first answer (partners owed nothing are left out).
   * Later attempts follow on their own ({@link #tick}).
   */
  CompletableFuture<Map<String, PartnerAnswer>> firstAnswers(McServiceServer core, McServiceGroupId regroupGroup,
      Collection<String> partners) {
    Map<String, CompletableFuture<PartnerAnswer>> answers = new LinkedHashMap<>();
    for (String p : partners) {
      Optional<CancelsOwedToPartners.Attempt> a = core.cancelsOwed().sendNow(regroupGroup, p);
      CompletableFuture<PartnerAnswer> f = a.isPresent() ? send(a.get()) : inFlight.get(new Key(regroupGroup, p));
      if (f != null) answers.put(p, f);
    }
    return CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<String, PartnerAnswer> out = new LinkedHashMap<>();
      answers.forEach((p, f) -> out.put(p, f.join()));
      return out;
    });
  }

  private CompletableFuture<PartnerAnswer> send(CancelsOwedToPartners.Attempt a) {
    Key key = new Key(a.regroupGroup(), a.partner());
    CompletableFuture<PartnerAnswer> answer = port.send(a.request())
        .exceptionally(e -> new PartnerAnswer.Silent(String.valueOf(e.getMessage())));
    inFlight.put(key, answer);
    answer.thenAccept(got -> port.onCore(core -> {
      inFlight.remove(key, answer);
      core.cancelsOwed().answered(a, got);
      int attempts = core.cancelsOwed().attempts(a.regroupGroup(), a.partner());
      if (!core.cancelsOwed().owes(a.regroupGroup(), a.partner())) {
        log.info("partner {} answered the cancel of {}: {}", a.partner(), a.regroupGroup(), got.describe());
        return;
      }
      core.cancelsOwed().dueAt(a.regroupGroup(), a.partner()).ifPresent(due ->
          (attempts >= 3 ? log.atWarn() : log.atInfo()).log("cancel of {} still owed to partner {} ({}); next attempt at {}",
              a.regroupGroup(), a.partner(), got.describe(), due));
    }));
    return answer;
  }
}
