package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.muster.core.affiliation.Affiliations;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.registration.Registrations;

/**
 * The changes of the decision the core is making now, in order ({@link StateChange}). The places
 * that change state append here; {@link #drain} hands them over when the decision is made. A
 * client changed several times in one decision is reported once, as it is at the end.
 */
public final class Journal {
  private final Registrations registrations;
  private final Affiliations affiliations;
  private final List<StateChange> changes = new ArrayList<>();
  private final Set<McServiceClient> clients = new LinkedHashSet<>();
  private long regroupChanges;

  public Journal(Registrations registrations, Affiliations affiliations) {
    this.registrations = registrations;
    this.affiliations = affiliations;
  }

  void add(StateChange change) {
    changes.add(change);
    if (!(change instanceof StateChange.MemberStepped) && !(change instanceof StateChange.Recorded)) regroupChanges++;
  }

  /** How many regroups were formed, ended or undone so far (to tell whether any changed between two moments). */
  public long regroupChanges() {
    return regroupChanges;
  }

  /** A regroup was undone (the store did not take it). */
  public void undone() {
    regroupChanges++;
  }

  /** The client's registration or affiliations changed. */
  public void clientChanged(McServiceClient client) {
    clients.add(client);
  }

  /** The changes made since the last drain, clients last; the journal is empty afterwards. */
  public List<StateChange> drain() {
    if (changes.isEmpty() && clients.isEmpty()) return List.of();
    List<StateChange> out = new ArrayList<>(changes);
    for (McServiceClient c : clients) {
      Map<McService, Set<McServiceGroupId>> groups = new EnumMap<>(McService.class);
      for (McService s : McService.values()) {
        Set<McServiceGroupId> g = affiliations.groupsOf(c, s);
        if (!g.isEmpty()) groups.put(s, Set.copyOf(g));
      }
      out.add(new StateChange.ClientChanged(c, registrations.get(c), groups));
    }
    changes.clear();
    clients.clear();
    return out;
  }
}
