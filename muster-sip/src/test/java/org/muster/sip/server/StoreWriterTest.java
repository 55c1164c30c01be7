package org.muster.sip.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.port.Snapshot;
import org.muster.core.port.StateStore;
import org.muster.core.port.StoreUnavailableException;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.regroup.HistoryEntry;
import org.muster.core.regroup.StateChange;

/**
 * The one writer's contract (issue 12): decisions that queue while a batch is written go into the
 * next transaction together; each decision is released once its changes are committed; member
 * steps follow in a transaction of their own; a promise the store refuses or cannot take comes
 * back for the core to undo, and what is not a promise is kept through an outage and written
 * first when the store is back. The store here is the port's contract kept in memory, so a test
 * can hold a write, refuse a claim or be down.
 */
class StoreWriterTest {
  static final McServiceId DISP = new McServiceId("sip:disp@metro.example");
  static final McServiceGroupId FIRE = new McServiceGroupId("sip:fire@metro.example");
  static final McServiceGroupId RG1 = new McServiceGroupId("sip:rg1@metro.example");
  static final McServiceGroupId RG2 = new McServiceGroupId("sip:rg2@metro.example");
  static final McServiceClient FF1 = new McServiceClient(new McServiceId("sip:ff1@metro.example"), "sip:ff1@127.0.0.1:7001");

  /** A store whose writes the test sees, holds, refuses or fails. */
  static final class TestStore implements StateStore {
    final List<List<StateChange>> writes = new ArrayList<>();
    final Set<McServiceGroupId> claimedElsewhere = new HashSet<>();
    volatile boolean down;
    volatile CountDownLatch hold;
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public Snapshot load(String instance) {
      return Snapshot.empty();
    }

    @Override
    public List<RegroupRecord> regroupsInEffect() {
      return List.of();
    }

    @Override
    public Written write(List<StateChange> changes, String owner) {
      entered.countDown();
      CountDownLatch h = hold;
      if (h != null) {
        try {
          h.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (down) throw new StoreUnavailableException("store: connection refused", null);
      Map<Integer, Rejection> refused = new HashMap<>();
      for (int i = 0; i < changes.size(); i++) {
        if (changes.get(i) instanceof StateChange.RegroupFormed f && claimedElsewhere.contains(f.regroup().regroupGroup())) {
          refused.put(i, Rejection.of(RejectReason.REGROUP_GROUP_ID_IN_USE, f.regroup().regroupGroup().uri()));
        }
      }
      synchronized (writes) {
        writes.add(List.copyOf(changes));
      }
      return new Written(refused);
    }

    List<List<StateChange>> writes() {
      synchronized (writes) {
        return List.copyOf(writes);
      }
    }

    @Override
    public void close() {}
  }

  private final TestStore store = new TestStore();
  private final StoreWriter writer = new StoreWriter(store, "a", "test");

  @AfterEach
  void close() {
    writer.close();
  }

  static StateChange formed(McServiceGroupId rg) {
    return new StateChange.RegroupFormed(new RegroupRecord(McService.MCPTT, DISP, rg, new McServiceGroupId("sip:tmpl@metro.example"),
        new RegroupTargets.Groups(List.of(FIRE)), false, Instant.EPOCH, Set.of(), Map.of()));
  }

  static StateChange.MemberStepped step(McServiceGroupId rg) {
    return new StateChange.MemberStepped(rg, FF1, new MemberStep(MemberState.NOTIFIED, Instant.EPOCH, "sent"));
  }

  static StateChange client() {
    return new StateChange.ClientChanged(FF1, Optional.of(new Registration(FF1, EnumSet.of(McService.MCPTT), Instant.EPOCH)), Map.of());
  }

  @Test
  void decisionsThatQueueWhileABatchIsWrittenGoIntoTheNextTransactionTogether() throws Exception {
    store.hold = new CountDownLatch(1);
    CompletableFuture<StoreWriter.Result> first = writer.submit(List.of(client()));
    assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<StoreWriter.Result> second = writer.submit(List.of(formed(RG1), step(RG1)));
    CompletableFuture<StoreWriter.Result> third = writer.submit(List.of(formed(RG2), step(RG2)));
    assertThat(second).isNotDone();
    store.hold.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS).taken()).isTrue();
    assertThat(second.get(5, TimeUnit.SECONDS).taken()).isTrue();
    assertThat(third.get(5, TimeUnit.SECONDS).taken()).isTrue();
    // the member steps are written after the decisions were released
    Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> store.writes().size() == 3);
    List<List<StateChange>> writes = store.writes();
    assertThat(writes.get(0)).containsExactly(client());
    assertThat(writes.get(1)).as("one transaction for both regroups").containsExactly(formed(RG1), formed(RG2));
    assertThat(writes.get(2)).as("then their member steps").containsExactly(step(RG1), step(RG2));
  }

  @Test
  void aRegroupTheStoreRefusesComesBackWithWhyAndItsStepsAreNotWritten() throws Exception {
    store.claimedElsewhere.add(RG1);

    StoreWriter.Result r = writer.submit(List.of(formed(RG1), step(RG1))).get(5, TimeUnit.SECONDS);

    assertThat(r.taken()).isFalse();
    assertThat(r.notTaken()).containsExactly(formed(RG1));
    assertThat(r.why().reason()).isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(writer.submit(List.of(client())).get(5, TimeUnit.SECONDS).taken()).isTrue();
    assertThat(store.writes()).noneMatch(w -> w.contains(step(RG1)));
  }

  @Test
  void inAnOutagePromisesComeBackAsUnavailableAndClientStatesAreWrittenFirstOnceTheStoreIsBack() throws Exception {
    store.down = true;

    StoreWriter.Result promised = writer.submit(List.of(formed(RG1), step(RG1))).get(5, TimeUnit.SECONDS);
    StoreWriter.Result held = writer.submit(List.of(client())).get(5, TimeUnit.SECONDS);

    assertThat(promised.notTaken()).containsExactly(formed(RG1));
    assertThat(promised.why().reason()).isEqualTo(RejectReason.SERVICE_UNAVAILABLE);
    assertThat(promised.why().warningText()).contains("connection refused");
    assertThat(held.taken()).as("not a promise: kept for later").isTrue();
    assertThat(writer.behind()).isTrue();

    store.down = false;
    assertThat(writer.submit(List.of(formed(RG2))).get(5, TimeUnit.SECONDS).taken()).isTrue();
    assertThat(store.writes().get(0)).containsExactly(client(), formed(RG2));
    assertThat(store.writes()).noneMatch(w -> w.contains(formed(RG1)) || w.contains(step(RG1)));
    assertThat(writer.behind()).isFalse();
  }

  static StateChange line(HistoryEntry.Event event, McServiceGroupId rg) {
    return new StateChange.Recorded(new HistoryEntry(Instant.EPOCH, event, rg, McService.MCPTT, DISP, Optional.empty(), List.of(FIRE), List.of(),
        event.word(), Optional.empty(), Optional.empty()));
  }

  @Test
  void inAnOutageTheHistoryOfAnUndoneDecisionGoesWithItAndARejectIsKept() throws Exception {
    store.down = true;

    StoreWriter.Result undone = writer.submit(List.of(formed(RG1), line(HistoryEntry.Event.CREATE, RG1), step(RG1))).get(5, TimeUnit.SECONDS);
    StoreWriter.Result reject = writer.submit(List.of(line(HistoryEntry.Event.REJECT, RG2))).get(5, TimeUnit.SECONDS);

    assertThat(undone.notTaken()).containsExactly(formed(RG1));
    assertThat(reject.taken()).as("not a promise: kept for later").isTrue();
    store.down = false;
    assertThat(writer.submit(List.of(formed(RG2))).get(5, TimeUnit.SECONDS).taken()).isTrue();
    assertThat(store.writes().get(0)).containsExactly(line(HistoryEntry.Event.REJECT, RG2), formed(RG2));
    assertThat(store.writes()).noneMatch(w -> w.contains(line(HistoryEntry.Event.CREATE, RG1)));
  }
}
