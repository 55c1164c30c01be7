package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.store.StateStoreContract.FF1A;
import static org.muster.store.StateStoreContract.FIRE;
import static org.muster.store.StateStoreContract.RG1;
import static org.muster.store.StateStoreContract.T0;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.muster.core.id.McService;
import org.muster.core.port.Snapshot;
import org.muster.core.port.StateStore;
import org.muster.core.registration.Registration;

/**
 * {@code muster store export|reset} on each database ({@link StoreMaintenance}): run by the H2 and
 * the PostgreSQL store tests on their own stores.
 */
final class MaintenanceChecks {
  private MaintenanceChecks() {}

  /**
   * Writes a client and a regroup into {@code store}, closes it, exports and resets through
   * {@code location} (system.store), and returns the store opened again by {@code reopen}: empty,
   * and usable.
   */
  @SuppressWarnings("unchecked")
  static StateStore exportThenReset(StateStore store, String location, Callable<StateStore> reopen) throws Exception {
    Writes.client(store, FF1A, Optional.of(new Registration(FF1A, EnumSet.of(McService.MCPTT), T0)), Writes.groups(McService.MCPTT, FIRE));
    assertThat(Writes.regroupFormed(store, StateStoreContract.groupRegroup(RG1, FIRE))).isEmpty();
    store.close();
    try (StoreMaintenance m = StoreMaintenance.open(location)) {
      Map<String, Object> export = m.export(5);
      List<Map<String, Object>> regroups = (List<Map<String, Object>>) export.get("regroups");
      assertThat(regroups).singleElement().satisfies(r -> {
        assertThat(r).containsEntry("regroupGroup", RG1.uri()).containsEntry("state", "IN_EFFECT").containsEntry("targets", List.of(FIRE.uri()))
            .containsEntry("formedAt", T0.toString());
        assertThat(r.get("participants").toString()).contains(FF1A.contact());
        assertThat(r.get("steps").toString()).contains("NOTIFIED").contains("AFFILIATED");
      });
      assertThat(export.get("registrations").toString()).contains(FF1A.contact()).contains("MCPTT").contains(T0.toString());
      assertThat(export.get("affiliations").toString()).contains(FIRE.uri());

      Map<String, Integer> deleted = m.reset();
      assertThat(deleted).containsEntry("regroup", 1).containsEntry("registration", 1).containsEntry("affiliation", 1)
          .containsEntry("regroup_claim", 2).doesNotContainKey("flyway_schema_history");
      Map<String, Object> empty = m.export(5);
      for (String part : List.of("regroups", "registrations", "affiliations", "partnerCancelsOwed", "regroupedMarks")) {
        assertThat((List<?>) empty.get(part)).as(part).isEmpty();
      }
      assertThat(m.reset()).as("nothing left to delete").isEmpty();
    }
    StateStore again = reopen.call(); // migrations validate: the schema is untouched
    assertThat(again.load()).isEqualTo(Snapshot.empty());
    assertThat(Writes.regroupFormed(again, StateStoreContract.groupRegroup(RG1, FIRE))).as("the claims went too").isEmpty();
    return again;
  }
}
