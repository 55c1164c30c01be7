package org.muster.core.port;

import org.muster.core.regroup.RegroupRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.OwedCancel;

/**
 * The durable state of one MC system. Every method is one transaction: it is committed when the
 * method returns, or nothing of it is (and {@link StoreUnavailableException} is thrown). The
 * adapter calls it from the core's serial thread.
 */
public interface StateStore extends AutoCloseable {

  /** Everything needed to rebuild the core after a restart (10.xx.3.2.1 NOTE 2 dynamic data). */
  default Snapshot load() {
    return load("");
  }

  /**
   * As {@link #load()} for server instance {@code instance} (its SIP address) of several sharing
   * the store: only the clients it serves (that registered with it) come back, and the client
   * state it writes from now on is marked as served by it.
   */
  Snapshot load(String instance);

  /**
   * Several instances sharing the store: the regroups in effect now (not forming), with their
   * lists but without participants and outcome history, so an instance can follow what the
   * others formed and cancelled (read every second: kept light).
   */
  List<RegroupRecord> regroupsInEffect();

  /**
   * Records a newly formed regroup with its lists, participants and outcomes. The "already
   * regrouped" check is made again here, atomically with the insert, so two servers of one MC
   * system sharing the store never both accept overlapping regroups: a clash returns the
   * rejection (148 group regrouped, 165 regroup group ID in use) and writes nothing.
   */
  Optional<Rejection> regroupFormed(RegroupRecord regroup);

  /**
   * Records a regroup across MC systems whose partners have been sent the request and have not
   * all answered yet (10.xx.3.3.1 step 4): its groups are claimed as by {@link #regroupFormed}
   * (same clash rejections), and it is marked forming, owned by server instance {@code owner}.
   */
  Optional<Rejection> regroupForming(RegroupRecord regroup, String owner);

  /**
   * Every partner accepted the forming regroup of {@code regroupGroup}: it is in effect, spanning
   * {@code partners}; cancels still owed to those partners for an earlier regroup of the same
   * regroup group are dropped (the new request superseded them at the partner).
   */
  void regroupInEffect(McServiceGroupId regroupGroup, Set<String> partners);

  /** The active regroup of {@code regroupGroup} ended; {@code steps} are its last member steps. */
  default void regroupCancelled(McServiceGroupId regroupGroup, Instant at, List<MemberChange> steps) {
    regroupCancelled(regroupGroup, at, steps, List.of(), "");
  }

  /**
   * As {@link #regroupCancelled(McServiceGroupId, Instant, List)} (also for a forming regroup
   * that did not take effect), and in the same transaction the cancels now owed to partner
   * systems by server instance {@code owner} (replacing any owed before for the same regroup
   * group and partner). Each instance sends only its own: another instance may since have
   * formed a new regroup of that regroup group, which a stale cancel must not undo.
   */
  void regroupCancelled(McServiceGroupId regroupGroup, Instant at, List<MemberChange> steps, List<OwedCancel> owed, String owner);

  /** A partner confirmed an owed cancel ({@link OwedCancel#settledBy}): it is owed no more. */
  void partnerCancelSettled(McServiceGroupId regroupGroup, String partner);

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
