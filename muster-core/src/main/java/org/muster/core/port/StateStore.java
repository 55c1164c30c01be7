package org.muster.core.port;

import java.util.List;
import java.util.Map;
import org.muster.core.flow.Rejection;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.regroup.StateChange;

/**
 * The durable state of one MC system: loaded once at start, then written by one writer thread
 * with the changes the core decided ({@link #write}), in order.
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
   * others formed and cancelled (kept light).
   */
  List<RegroupRecord> regroupsInEffect();

  /**
   * Writes the changes the core made ({@link StateChange}), in their order, as one transaction:
   * committed when the method returns, or nothing of it is (and {@link StoreUnavailableException}
   * is thrown). The "already regrouped" check is made again here, atomically with each formed or
   * forming regroup, so two servers of one MC system sharing the store never both accept
   * overlapping regroups: such a regroup is not written and its rejection (148 group regrouped,
   * 165 regroup group ID in use) is returned, the rest of the changes are. A forming regroup and
   * the cancels owed to partner systems are kept for server instance {@code owner}: each instance
   * settles and sends only its own.
   */
  Written write(List<StateChange> changes, String owner);

  /**
   * A page of the regroup history ({@link org.muster.core.regroup.HistoryEntry}), newest first;
   * read apart from the writer (it waits for no write and no write waits for it).
   */
  default HistoryPage history(HistoryQuery query) {
    throw new UnsupportedOperationException("this store keeps no history");
  }

  /** What a {@link #write} did not take: index into the changes written, and why. */
  record Written(Map<Integer, Rejection> refused) {
    public static final Written ALL = new Written(Map.of());

    public Written {
      refused = Map.copyOf(refused);
    }
  }

  @Override
  void close();
}
