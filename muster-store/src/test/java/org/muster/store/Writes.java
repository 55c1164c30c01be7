package org.muster.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.flow.Rejection;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.port.StateStore;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.regroup.StateChange;
import org.muster.core.registration.Registration;

/** The store tests' single changes, each written as the writer writes a batch ({@link StateStore#write}). */
final class Writes {
  private Writes() {}

  static Optional<Rejection> regroupFormed(StateStore s, RegroupRecord r) {
    return only(s.write(List.of(new StateChange.RegroupFormed(r)), ""));
  }

  static Optional<Rejection> regroupForming(StateStore s, RegroupRecord r, String owner) {
    return only(s.write(List.of(new StateChange.RegroupForming(r)), owner));
  }

  static void regroupInEffect(StateStore s, McServiceGroupId rg, Set<String> partners) {
    s.write(List.of(new StateChange.RegroupInEffect(rg, partners)), "");
  }

  static void regroupCancelled(StateStore s, McServiceGroupId rg, Instant at, List<StateChange.MemberStepped> steps) {
    regroupCancelled(s, rg, at, steps, List.of(), "");
  }

  /** The cancel, then its member steps, as the core records them; the store needs only the regroup group of {@code before}. */
  static void regroupCancelled(StateStore s, McServiceGroupId rg, Instant at, List<StateChange.MemberStepped> steps, List<OwedCancel> owed,
      String owner) {
    RegroupRecord before = new RegroupRecord(McService.MCPTT, new McServiceId("sip:disp@metro.example"), rg, rg,
        new RegroupTargets.Groups(List.of(rg)), false, at, Set.of(), Map.of());
    List<StateChange> changes = new ArrayList<>();
    changes.add(new StateChange.RegroupCancelled(before, at, owed));
    changes.addAll(steps);
    s.write(changes, owner);
  }

  static void partnerCancelSettled(StateStore s, McServiceGroupId rg, String partner) {
    s.write(List.of(new StateChange.CancelSettled(rg, partner)), "");
  }

  static void memberSteps(StateStore s, List<StateChange.MemberStepped> steps) {
    s.write(List.copyOf(steps), "");
  }

  /** A client's whole state: its registration (none: logged off) and its groups per service. */
  static void client(StateStore s, McServiceClient c, Optional<Registration> r, Map<McService, Set<McServiceGroupId>> groups) {
    s.write(List.of(new StateChange.ClientChanged(c, r, groups)), "");
  }

  static Map<McService, Set<McServiceGroupId>> groups(McService service, McServiceGroupId... groups) {
    Map<McService, Set<McServiceGroupId>> m = new EnumMap<>(McService.class);
    m.put(service, Set.of(groups));
    return m;
  }

  private static Optional<Rejection> only(StateStore.Written w) {
    return Optional.ofNullable(w.refused().get(0));
  }
}
