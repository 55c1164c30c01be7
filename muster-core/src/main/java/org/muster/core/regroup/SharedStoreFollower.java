package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.muster.core.id.McServiceClient;

/**
 * Several MC service server instances of one MC system on one store (beyond the seed, which
 * speaks of one MC service server): each serves its own clients, and follows the regroups the
 * others formed and cancelled, as the store's change feed reports them (the regroups changed
 * since the last change read, in the order they changed).
 *
 * <p>A regroup in effect in the store and unknown here was formed on another instance: it is
 * taken in, and its steps 5 to 8 (10.xx.3.2.1 / 10.xx.3.2.2) are carried out for the clients
 * served here. A regroup in effect here (not forming) that the store has cancelled, or that a
 * newer regroup of the same regroup group replaced, was cancelled on another instance:
 * 10.xx.3.2.3 steps 4 to 7 for the clients served here. Nothing of this is written as a regroup
 * again (the store already has it); only member steps.
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

  /** {@code changed}: the regroups as the store has them now (lists only), in the order they changed. */
  public Outcome follow(List<StoredRegroup> changed) {
    Outcome.Builder out = new Outcome.Builder();
    for (StoredRegroup s : changed) {
      RegroupRecord rec = s.regroup();
      Optional<ActiveRegroup> here = ctx.directory.active(rec.regroupGroup());
      boolean same = here.isPresent() && here.get().formedAt().equals(rec.formedAt());
      if (s.state() == StoredRegroup.State.IN_EFFECT) {
        if (here.isPresent() && (same || here.get().forming())) continue; // known here (formed here, or followed before)
        here.ifPresent(old -> cancelHere(old, out)); // replaced by a newer one: the old one ended elsewhere
        ActiveRegroup r = ctx.rebuilt(rec); // lists only: the other instance's members are its own
        ctx.directory.add(r);
        out.merge(r.isGroupRegroup() ? groupFormation.formLocally(r) : userFormation.formLocally(r));
      } else if (s.state() == StoredRegroup.State.CANCELLED && same && !here.get().forming()) {
        cancelHere(here.get(), out);
      }
      // FORMING: it takes effect (or not) later, and is reported again then
    }
    return out.build();
  }

  private void cancelHere(ActiveRegroup r, Outcome.Builder out) {
    List<McServiceClient> regrouped = new ArrayList<>(r.participants());
    for (McServiceClient c : regrouped) ctx.sendCancel(r, c, r.requester(), out);
    for (McServiceClient c : regrouped) ctx.deaffiliate(r, c, MemberState.DEAFFILIATED, "cancelled on another server instance", out);
    ctx.directory.remove(r);
    out.event(RegroupEvent.of(ctx.now(), RegroupEvent.Kind.CANCELLED, r.regroupGroup(), r.service(),
        "cancelled on another server instance, " + regrouped.size() + " client(s) here"));
  }
}
