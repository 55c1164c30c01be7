package org.muster.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.registration.Registration;

/**
 * The durable state of one MC system. Every method is one transaction: it is committed when the
 * method returns, or nothing of it is (and {@link StoreUnavailableException} is thrown). The
 * adapter calls it from the core's serial thread.
 */
public interface StateStore extends AutoCloseable {

  /** Everything needed to rebuild the core after a restart (10.xx.3.2.1 NOTE 2 dynamic data). */
  Snapshot load();

  /**
   * Records a newly formed regroup with its lists, participants and outcomes. The "already
   * regrouped" check is made again here, atomically with the insert, so two servers of one MC
   * system sharing the store never both accept overlapping regroups: a clash returns the
   * rejection (148 group regrouped, 165 regroup group ID in use) and writes nothing.
   */
  Optional<Rejection> regroupFormed(RegroupRecord regroup);

  /** The active regroup of {@code regroupGroup} ended; {@code steps} are its last member steps. */
  void regroupCancelled(McServiceGroupId regroupGroup, Instant at, List<MemberChange> steps);

  /** Appends member steps of active (or just cancelled) regroups, keeping participants in step. */
  void memberSteps(List<MemberChange> steps);

  /** A client registered or refreshed its registration. */
  void registration(Registration registration);

  /** A client's registration ended (log-off, expiry): its affiliations end with it. */
  void registrationEnded(McServiceClient client);

  /** The client's whole set of affiliated groups for one MC service (empty: none). */
  void affiliations(McServiceClient client, McService service, Set<McServiceGroupId> groups);

  /**
   * The whole durable state of one client, replacing what was stored: its registration (empty:
   * none, and then no affiliations either) and its affiliations for every MC service.
   */
  void client(McServiceClient client, Optional<Registration> registration, List<AffiliationRecord> affiliations);

  @Override
  void close();
}
