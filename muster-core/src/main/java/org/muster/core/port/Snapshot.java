package org.muster.core.port;

import org.muster.core.regroup.RegroupRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.OwedCancel;

/**
 * The durable state loaded on start: registrations, affiliations, the regroups in effect, the
 * regroups across systems still forming when stored, and the cancels owed to partner systems by
 * each server instance (its SIP address) sharing the store; and the regroups cancelled lately
 * whose cancel some clients had not answered ({@code cancelledOwing}: those clients as the
 * participants), so a restart sends it again.
 */
public record Snapshot(
    List<Registration> registrations,
    List<AffiliationRecord> affiliations,
    List<RegroupRecord> regroups,
    List<FormingRegroup> forming,
    Map<String, List<OwedCancel>> owedCancels,
    List<RegroupRecord> cancelledOwing) {
  public Snapshot {
    registrations = List.copyOf(registrations);
    affiliations = List.copyOf(affiliations);
    regroups = List.copyOf(regroups);
    forming = List.copyOf(forming);
    Map<String, List<OwedCancel>> copy = new LinkedHashMap<>();
    owedCancels.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    owedCancels = Collections.unmodifiableMap(copy);
    cancelledOwing = List.copyOf(cancelledOwing);
  }

  public Snapshot(List<Registration> registrations, List<AffiliationRecord> affiliations, List<RegroupRecord> regroups) {
    this(registrations, affiliations, regroups, List.of(), Map.of(), List.of());
  }

  public static Snapshot empty() {
    return new Snapshot(List.of(), List.of(), List.of());
  }
}
