package org.muster.core.regroup;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * Failover between server instances of one MC system on one store (beyond the seed): this
 * instance serves the clients of one that stopped, as the store had them (their registrations,
 * affiliations, and their part in the regroups in effect and lately cancelled). From then on they
 * are served here like the clients that registered here: regroups formed and cancelled reach
 * them, and what they were owed and had not answered is sent again ({@link Redelivery#afterTakeover}).
 *
 * <p>A client that registered here meanwhile is served as it is ({@code McServiceServer#takeOver}). A regroup this instance has not
 * taken in yet (its change has not been read) is carried out for the clients taken over when it
 * is, like for any client served here.
 */
public final class InstanceTakeover {
  private final RegroupContext ctx;
  private final Redelivery redelivery;

  public InstanceTakeover(RegroupContext ctx, Redelivery redelivery) {
    this.ctx = ctx;
    this.redelivery = redelivery;
  }

  /**
   * {@code clients}: those of the stopped instance, registered and affiliated here now as the
   * store had them; {@code inEffect} and {@code cancelledOwing}: the regroups as the store had
   * them, with their members and outcome history.
   */
  public Outcome takeOver(Set<McServiceClient> clients, List<RegroupRecord> inEffect, List<RegroupRecord> cancelledOwing) {
    for (RegroupRecord rec : inEffect) {
      Optional<ActiveRegroup> here = ctx.directory.active(rec.regroupGroup())
          .filter(r -> !r.forming() && r.formedAt().equals(rec.formedAt()));
      here.ifPresent(r -> adopt(r, rec, clients));
    }
    for (RegroupRecord rec : cancelledOwing) owedCancels(rec, clients);
    ctx.journal().drain(); // what the store holds already
    return redelivery.afterTakeover(clients);
  }

  /** The clients' outcome history in {@code r}, and their part in it: as stored, or as their affiliations and registrations say. */
  private void adopt(ActiveRegroup r, RegroupRecord rec, Set<McServiceClient> clients) {
    for (McServiceClient c : clients) {
      rec.outcomes().getOrDefault(c, List.of()).forEach(s -> r.record(c, s));
      if (rec.participants().contains(c) || qualifies(r, c)) ctx.directory.join(r, c);
    }
  }

  private boolean qualifies(ActiveRegroup r, McServiceClient c) {
    if (r.targets() instanceof RegroupTargets.Groups g) {
      for (McServiceGroupId group : g.groups()) if (ctx.affiliations.affiliatedTo(group, r.service()).contains(c)) return true;
      return false;
    }
    for (McServiceId u : ((RegroupTargets.Users) r.targets()).users()) {
      if (ctx.registrations.clientsOf(u, r.service()).contains(c)) return true;
    }
    return false;
  }

  /** A regroup cancelled lately whose cancel some of the clients had not answered: they are owed it here. */
  private void owedCancels(RegroupRecord rec, Set<McServiceClient> clients) {
    List<McServiceClient> owed = rec.participants().stream().filter(clients::contains)
        .filter(c -> ctx.directory.active(rec.regroupGroup()).map(now -> !now.hasParticipant(c)).orElse(true)).toList();
    if (owed.isEmpty()) return;
    Optional<ActiveRegroup> known = ctx.directory.recentlyCancelled(rec.regroupGroup());
    if (known.isPresent()) { // followed here: the clients' history joins it (a newer cancel of the regroup group serves as well)
      if (known.get().formedAt().equals(rec.formedAt())) for (McServiceClient c : owed) rec.outcomes().getOrDefault(c, List.of()).forEach(s -> known.get().record(c, s));
      owed.forEach(known.get()::oweCancel);
      return;
    }
    ActiveRegroup rebuilt = ctx.rebuilt(rec);
    owed.forEach(rebuilt::oweCancel);
    ctx.directory.addRecent(rebuilt);
  }
}
