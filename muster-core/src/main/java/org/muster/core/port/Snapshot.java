package org.muster.core.port;

import java.util.List;
import org.muster.core.registration.Registration;

/** The durable state loaded on start: registrations, affiliations and the active regroups. */
public record Snapshot(List<Registration> registrations, List<AffiliationRecord> affiliations, List<RegroupRecord> regroups) {
  public Snapshot {
    registrations = List.copyOf(registrations);
    affiliations = List.copyOf(affiliations);
    regroups = List.copyOf(regroups);
  }

  public static Snapshot empty() {
    return new Snapshot(List.of(), List.of(), List.of());
  }
}
