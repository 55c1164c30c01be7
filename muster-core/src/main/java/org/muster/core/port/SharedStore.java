package org.muster.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.muster.core.regroup.StoredRegroup;

/**
 * A store several server instances of one MC system share (PostgreSQL; beyond the seed, which
 * speaks of one MC service server): a change feed of the regroups, and a lease per instance so
 * that the clients of an instance that died are served by another.
 */
public interface SharedStore {

  /** The number of the last regroup change written (0: none yet). */
  long regroupVersion();

  /** The regroups changed after change number {@code version}, in the order they changed, and the last number among them. */
  RegroupChanges regroupsChangedSince(long version);

  /**
   * Calls {@code changed} (on a thread of its own) whenever a regroup change was committed, and
   * once each time the feed connected again after losing its connection (changes may have been
   * missed meanwhile: read them by number). Stopped by closing what is returned.
   */
  AutoCloseable listen(Runnable changed);

  /** Holds or renews {@code instance}'s lease until {@code until}; false when it had run out and was taken over meanwhile. */
  boolean renewLease(String instance, Instant renewedAt, Instant until);

  /** The instances other than {@code except} whose lease ran out before {@code now}. */
  List<String> expiredLeases(Instant now, String except);

  /**
   * Takes over the clients of {@code dead}, whose lease ran out before {@code now}: they are
   * marked as served by {@code survivor}, in one transaction with removing the lease, so only
   * one instance takes them. Returns their state (registrations, affiliations, the regroups in
   * effect and those cancelled lately with their members and outcome history); empty when
   * another instance took them first or {@code dead} renewed its lease.
   */
  Optional<Snapshot> takeOver(String dead, String survivor, Instant now);

  /** What {@link #regroupsChangedSince} read. */
  record RegroupChanges(long version, List<StoredRegroup> changes) {
    public RegroupChanges {
      changes = List.copyOf(changes);
    }
  }
}
