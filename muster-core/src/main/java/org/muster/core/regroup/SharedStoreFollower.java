package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * Several MC service server instances of one MC system on one store (beyond the seed, which
 * speaks of one MC service server): each serves the clients that registered with it, and
 * follows the regroups the others formed and cancelled, as read from the store every second.
 *
 * <p>A regroup in effect in the store and unknown here was formed on another instance: it is
 * taken in, and its steps 5 to 8 (10.xx.3.2.1 / 10.xx.3.2.2) are carried out for the clients
 * served here. A regroup in effect here (not forming) that the store no longer has in effect
 * was cancelled on another instance: 10.xx.3.2.3 steps 4 to 7 for the clients served here.
 * Nothing of this is written as a regroup again (the store already has it); only member steps.
 */
public final class SharedStoreFollower {
  private final RegroupContext ctx;
  private final GroupRegroupFormation groupFormation;
  private final UserRegroupFormation userFormation;

  public SharedStoreFollower(RegroupContext ctx, GroupRegroupFormation g, UserRegroupFormation u) {
    this.ctx = ctx;
    this.groupFormation = g;
    this.userFormation = u;
  }

  /** {@code inEffect}: the regroups the store has in effect now (lists only). */
  public Outcome follow(List<RegroupRecord> inEffect) {
    Outcome.Builder out = new Outcome.Builder();
    Set<McServiceGroupId> stored = new HashSet<>();
    for (RegroupRecord rec : inEffect) {
      stored.add(rec.regroupGroup());
      if (ctx.directory.active(rec.regroupGroup()).isPresent()) continue;
      ActiveRegroup r = ctx.rebuilt(rec); // lists only: the other instance's members are its own
      ctx.directory.add(r);
      out.merge(r.isGroupRegroup() ? groupFormation.formLocally(r) : userFormation.formLocally(r));
    }
    for (ActiveRegroup r : new ArrayList<>(ctx.directory.allActive())) {
      if (r.forming() || stored.contains(r.regroupGroup())) continue;
      List<McServiceClient> regrouped = new ArrayList<>(r.participants());
      for (McServiceClient c : regrouped) ctx.sendCancel(r, c, r.requester(), out);
      for (McServiceClient c : regrouped) ctx.deaffiliate(r, c, MemberState.DEAFFILIATED, "cancelled on another server instance", out);
      ctx.directory.remove(r);
      out.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.CANCELLED, r.regroupGroup(), r.service(),
          "cancelled on another server instance, " + regrouped.size() + " client(s) here"));
    }
    return out.build();
  }
}
