package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.port.AffiliationRecord;
import org.muster.core.regroup.StateChange;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.port.Snapshot;
import org.muster.core.port.StateStore;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.core.regroup.OwedCancel;

/** What every {@link StateStore} must do; run against H2 (embedded) and PostgreSQL. */
abstract class StateStoreContract {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456789Z");
  static final McServiceId DISP = new McServiceId("sip:disp1@metro.example");
  static final McServiceId FF1 = new McServiceId("sip:ff1@metro.example");
  static final McServiceClient FF1A = new McServiceClient(FF1, "sip:ff1@127.0.0.1:5071");
  static final McServiceClient FF1B = new McServiceClient(FF1, "sip:ff1@127.0.0.1:5072;transport=tcp");
  static final McServiceGroupId FIRE = new McServiceGroupId("sip:fire@metro.example");
  static final McServiceGroupId POLICE = new McServiceGroupId("sip:police@metro.example");
  static final McServiceGroupId TMPL = new McServiceGroupId("sip:tmpl-incident@metro.example");
  static final McServiceGroupId RG1 = new McServiceGroupId("sip:rg1@metro.example");
  static final McServiceGroupId RG2 = new McServiceGroupId("sip:rg2@metro.example");

  StateStore store;

  /** A store on a fresh, empty database. */
  abstract StateStore openFresh() throws Exception;

  /** A second store on the same database as the last {@link #openFresh()} (restart, or a second server). */
  abstract StateStore openSame() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openFresh();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static RegroupRecord groupRegroup(McServiceGroupId rg, McServiceGroupId... groups) {
    Map<McServiceClient, List<MemberStep>> outcomes = new LinkedHashMap<>();
    outcomes.put(FF1A, List.of(new MemberStep(MemberState.NOTIFIED, T0, "preconfigured regroup request sent"),
        new MemberStep(MemberState.AFFILIATED, T0.plusNanos(1), "affiliated to the regroup group")));
    return new RegroupRecord(McService.MCPTT, DISP, rg, TMPL, new RegroupTargets.Groups(List.of(groups)), true, T0, Set.of(FF1A), outcomes);
  }

  @Test
  void aNewStoreIsEmpty() {
    assertThat(store.load()).isEqualTo(Snapshot.empty());
  }

  @Test
  void aClientsStateIsStoredRefreshedAndEnded() throws Exception {
    Writes.client(store, FF1A, Optional.of(new Registration(FF1A, EnumSet.of(McService.MCPTT), T0)), Map.of());
    Writes.client(store, FF1A, Optional.of(new Registration(FF1A, EnumSet.allOf(McService.class), T0.plusSeconds(60))), Map.of());
    Writes.client(store, FF1B, Optional.of(new Registration(FF1B, EnumSet.of(McService.MCDATA), T0)), Writes.groups(McService.MCDATA, FIRE));
    Writes.client(store, FF1B, Optional.empty(), Map.of());
    try (StateStore again = openSame()) {
      Snapshot s = again.load();
      assertThat(s.registrations()).containsExactly(new Registration(FF1A, EnumSet.allOf(McService.class), T0.plusSeconds(60)));
      assertThat(s.affiliations()).isEmpty();
    }
  }

  @Test
  void aClientRegisteredThroughProxiesKeepsItsPath() throws Exception {
    List<String> path = List.of("<sip:127.0.0.1:5060;lr;received=sip:10.1.2.3:40000>", "<sip:edge.metro.example;lr>");
    Registration viaProxy = new Registration(FF1A, EnumSet.of(McService.MCPTT), T0, path);
    Writes.client(store, FF1A, Optional.of(viaProxy), Map.of());
    Writes.client(store, FF1B, Optional.of(new Registration(FF1B, EnumSet.of(McService.MCPTT), T0)), Map.of());
    try (StateStore again = openSame()) {
      assertThat(again.load().registrations()).containsExactlyInAnyOrder(viaProxy, new Registration(FF1B, EnumSet.of(McService.MCPTT), T0));
      assertThat(again.load().registrations()).filteredOn(r -> r.client().equals(FF1A)).singleElement().extracting(Registration::path).isEqualTo(path);
    }
  }

  @Test
  void aClientsAffiliationsReplaceWhatWasStoredForEveryService() {
    Registration r = new Registration(FF1A, EnumSet.allOf(McService.class), T0);
    Map<McService, Set<McServiceGroupId>> both = Writes.groups(McService.MCPTT, FIRE, POLICE);
    both.put(McService.MCVIDEO, Set.of(FIRE));
    Writes.client(store, FF1A, Optional.of(r), both);
    Writes.client(store, FF1A, Optional.of(r), Writes.groups(McService.MCPTT, POLICE));
    assertThat(store.load().affiliations()).containsExactly(new AffiliationRecord(FF1A, McService.MCPTT, Set.of(POLICE)));
  }

  @Test
  void eachOfSeveralInstancesGetsBackTheClientsItServesAndSeesEveryRegroupInEffect() throws Exception {
    store.load("10.0.0.1:5060");
    Registration a = new Registration(FF1A, EnumSet.of(McService.MCPTT), T0);
    Writes.client(store, FF1A, Optional.of(a), Writes.groups(McService.MCPTT, FIRE));
    try (StateStore other = openSame()) {
      other.load("10.0.0.2:5060");
      Registration b = new Registration(FF1B, EnumSet.of(McService.MCPTT), T0);
      Writes.client(other, FF1B, Optional.of(b), Writes.groups(McService.MCPTT, POLICE));
      RegroupRecord formedOnB = groupRegroup(RG1, POLICE);
      assertThat(Writes.regroupFormed(other, formedOnB)).isEmpty();

      Snapshot atA = store.load("10.0.0.1:5060");
      assertThat(atA.registrations()).containsExactly(a);
      assertThat(atA.affiliations()).containsExactly(new AffiliationRecord(FF1A, McService.MCPTT, Set.of(FIRE)));
      assertThat(other.load("10.0.0.2:5060").registrations()).containsExactly(b);
      // what A reads of the regroups in effect: B's regroup, its lists only
      assertThat(store.regroupsInEffect()).singleElement().satisfies(r -> {
        assertThat(r.regroupGroup()).isEqualTo(RG1);
        assertThat(r.targets()).isEqualTo(formedOnB.targets());
        assertThat(r.participants()).isEmpty();
      });
      Writes.regroupForming(store, groupRegroup(RG2, FIRE), "10.0.0.1:5060");
      assertThat(store.regroupsInEffect()).as("not while forming").extracting(RegroupRecord::regroupGroup).containsExactly(RG1);
    }
  }

  @Test
  void aClientsWholeStateIsReplacedInOneStep() {
    Writes.client(store, FF1A, Optional.of(new Registration(FF1A, EnumSet.of(McService.MCPTT), T0)), Writes.groups(McService.MCPTT, FIRE));
    Registration again = new Registration(FF1A, EnumSet.of(McService.MCPTT, McService.MCVIDEO), T0.plusSeconds(9));
    Writes.client(store, FF1A, Optional.of(again), Writes.groups(McService.MCVIDEO, POLICE));
    Snapshot s = store.load();
    assertThat(s.registrations()).containsExactly(again);
    assertThat(s.affiliations()).containsExactly(new AffiliationRecord(FF1A, McService.MCVIDEO, Set.of(POLICE)));
    Writes.client(store, FF1A, Optional.empty(), Map.of());
    assertThat(store.load()).isEqualTo(Snapshot.empty());
  }

  @Test
  void aFormedRegroupComesBackWithItsListsParticipantsAndOutcomes() throws Exception {
    RegroupRecord r = groupRegroup(RG1, FIRE, POLICE);
    assertThat(Writes.regroupFormed(store, r)).isEmpty();
    try (StateStore again = openSame()) {
      assertThat(again.load().regroups()).containsExactly(r);
    }
  }

  @Test
  void theSystemsARegroupSpansComeBack() {
    RegroupRecord g = groupRegroup(RG1, FIRE);
    RegroupRecord primary = new RegroupRecord(g.service(), g.requester(), g.regroupGroup(), g.configurationGroup(), g.targets(),
        g.broadcast(), g.formedAt(), g.participants(), g.outcomes(), Set.of("north", "east"), Optional.empty());
    RegroupRecord served = new RegroupRecord(g.service(), g.requester(), RG2, g.configurationGroup(), new RegroupTargets.Groups(List.of(POLICE)),
        false, T0, Set.of(), Map.of(), Set.of(), Optional.of("south"));
    assertThat(Writes.regroupFormed(store, primary)).isEmpty();
    assertThat(Writes.regroupFormed(store, served)).isEmpty();
    assertThat(store.load().regroups()).containsExactlyInAnyOrder(primary, served);
  }

  @Test
  void aUserRegroupComesBack() {
    RegroupRecord r = new RegroupRecord(McService.MCDATA, DISP, RG2, TMPL, new RegroupTargets.Users(List.of(FF1, DISP)), false, T0,
        Set.of(), Map.of());
    assertThat(Writes.regroupFormed(store, r)).isEmpty();
    assertThat(store.load().regroups()).containsExactly(r);
  }

  @Test
  void step4_anOverlappingRegroupIsRefused148AndWritesNothing() {
    assertThat(Writes.regroupFormed(store, groupRegroup(RG1, FIRE))).isEmpty();
    Optional<Rejection> clash = Writes.regroupFormed(store, groupRegroup(RG2, POLICE, FIRE));
    assertThat(clash).map(Rejection::reason).contains(RejectReason.GROUP_REGROUPED);
    assertThat(clash.get().detail()).isEqualTo(FIRE.uri() + " is regrouped by a regroup of another server sharing the store");
    assertThat(store.load().regroups()).extracting(RegroupRecord::regroupGroup).containsExactly(RG1);
    // POLICE was not left claimed by the refused create
    assertThat(Writes.regroupFormed(store, groupRegroup(RG2, POLICE))).isEmpty();
  }

  @Test
  void groupCommit_aClashRefusesThatRegroupAndItsStepsAloneAndTheRestOfTheBatchIsWritten() {
    RegroupRecord first = groupRegroup(RG1, FIRE);
    RegroupRecord overlapping = groupRegroup(RG2, POLICE, FIRE);
    MemberStep late = new MemberStep(MemberState.JOINED_LATE, T0.plusSeconds(1), "late");
    Registration r = new Registration(FF1B, EnumSet.of(McService.MCPTT), T0);

    StateStore.Written w = store.write(List.of(
        new StateChange.RegroupFormed(first),
        new StateChange.RegroupFormed(overlapping),
        new StateChange.MemberStepped(RG2, FF1B, late),
        new StateChange.MemberStepped(RG1, FF1B, late),
        new StateChange.ClientChanged(FF1B, Optional.of(r), Writes.groups(McService.MCPTT, FIRE))), "a");

    assertThat(w.refused()).containsOnlyKeys(1);
    assertThat(w.refused().get(1).reason()).isEqualTo(RejectReason.GROUP_REGROUPED);
    Snapshot s = store.load();
    assertThat(s.regroups()).singleElement().satisfies(x -> {
      assertThat(x.regroupGroup()).isEqualTo(RG1);
      assertThat(x.participants()).containsExactlyInAnyOrder(FF1A, FF1B);
      assertThat(x.outcomes().get(FF1B)).containsExactly(late);
    });
    assertThat(s.registrations()).containsExactly(r);
    // POLICE was not left claimed by the refused regroup
    assertThat(Writes.regroupFormed(store, groupRegroup(RG2, POLICE))).isEmpty();
  }

  @Test
  void aRegroupGroupIdInUseIsRefused165() {
    assertThat(Writes.regroupFormed(store, groupRegroup(RG1, FIRE))).isEmpty();
    assertThat(Writes.regroupFormed(store, groupRegroup(RG1, POLICE))).map(Rejection::reason).contains(RejectReason.REGROUP_GROUP_ID_IN_USE);
  }

  @Test
  void aCancelledRegroupDoesNotComeBackAndFreesItsGroups() {
    Writes.regroupFormed(store, groupRegroup(RG1, FIRE));
    Writes.regroupCancelled(store, RG1, T0.plusSeconds(5),
        List.of(new StateChange.MemberStepped(RG1, FF1A, new MemberStep(MemberState.DEAFFILIATED, T0.plusSeconds(5), "cancelled"))));
    assertThat(store.load().regroups()).isEmpty();
    RegroupRecord again = groupRegroup(RG1, FIRE);
    assertThat(Writes.regroupFormed(store, again)).isEmpty();
    assertThat(store.load().regroups()).containsExactly(again);
  }

  @Test
  void theClientsOwedACancelComeBackUntilTheyAnswerIt() {
    Writes.regroupFormed(store, groupRegroup(RG1, FIRE));
    Writes.memberSteps(store, List.of(new StateChange.MemberStepped(RG1, FF1B, new MemberStep(MemberState.JOINED_LATE, T0.plusSeconds(1), "late"))));
    Instant cancelledAt = Instant.now();
    Writes.regroupCancelled(store, RG1, cancelledAt, List.of());
    // the cancel's own steps (sent, de-affiliated) keep them owed; an answer to the cancel ends it
    Writes.memberSteps(store, List.of(
        new StateChange.MemberStepped(RG1, FF1A, new MemberStep(MemberState.CANCEL_NOTIFIED, cancelledAt, "sent")),
        new StateChange.MemberStepped(RG1, FF1A, new MemberStep(MemberState.DEAFFILIATED, cancelledAt, "cancelled")),
        new StateChange.MemberStepped(RG1, FF1B, new MemberStep(MemberState.CANCEL_NOTIFIED, cancelledAt, "sent")),
        new StateChange.MemberStepped(RG1, FF1B, new MemberStep(MemberState.DEAFFILIATED, cancelledAt, "cancelled")),
        new StateChange.MemberStepped(RG1, FF1A, new MemberStep(MemberState.CANCEL_ACKNOWLEDGED, cancelledAt.plusMillis(5), "200 OK"))));
    Snapshot s = store.load();
    assertThat(s.regroups()).isEmpty();
    assertThat(s.cancelledOwing()).singleElement().satisfies(r -> {
      assertThat(r.regroupGroup()).isEqualTo(RG1);
      assertThat(r.participants()).as("the clients owed the cancel").containsExactly(FF1B);
      assertThat(r.outcomes().get(FF1B)).extracting(MemberStep::state).endsWith(MemberState.CANCEL_NOTIFIED, MemberState.DEAFFILIATED);
    });
    Writes.memberSteps(store, List.of(new StateChange.MemberStepped(RG1, FF1B, new MemberStep(MemberState.CANCEL_FAILED, cancelledAt.plusMillis(9), "480"))));
    assertThat(store.load().cancelledOwing()).isEmpty();
    // a new regroup of the same regroup group is not confused with the cancelled one
    assertThat(Writes.regroupFormed(store, groupRegroup(RG1, FIRE))).isEmpty();
    assertThat(store.load().regroups()).singleElement().satisfies(r -> assertThat(r.participants()).containsExactly(FF1A));
  }

  @Test
  void issue14_aCancelOwesItsParticipantsTheCancelBeforeTheirJoinsAreWritten() {
    RegroupRecord formed = groupRegroup(RG1, FIRE);
    RegroupRecord bare = new RegroupRecord(formed.service(), formed.requester(), RG1, formed.configurationGroup(), formed.targets(),
        formed.broadcast(), formed.formedAt(), Set.of(), Map.of()); // as the core writes it: members follow as steps
    Writes.regroupFormed(store, bare);
    // the cancel commits while FF1A's join (AFFILIATED) still waits to be written, then the crash
    store.write(List.of(new StateChange.RegroupCancelled(formed, Instant.now(), List.of())), "");
    assertThat(store.load().cancelledOwing()).singleElement()
        .satisfies(r -> assertThat(r.participants()).as("owed the cancel").containsExactly(FF1A));
  }

  @Test
  void issue14_theAnswerToACancelWrittenAfterItsRegroupGroupFormedAgainGoesToTheCancelledRegroup() {
    RegroupRecord first = groupRegroup(RG1, FIRE);
    Writes.regroupFormed(store, first);
    Instant cancelledAt = Instant.now();
    store.write(List.of(new StateChange.RegroupCancelled(first, cancelledAt, List.of())), "");
    RegroupRecord again = new RegroupRecord(McService.MCPTT, DISP, RG1, TMPL, new RegroupTargets.Groups(List.of(POLICE)), false,
        T0.plusSeconds(60), Set.of(), Map.of());
    assertThat(Writes.regroupFormed(store, again)).isEmpty();
    // FF1A's answer to the first one's cancel reaches the store now
    MemberStep answer = new MemberStep(MemberState.CANCEL_ACKNOWLEDGED, cancelledAt.plusMillis(5), "200 OK");
    Writes.memberSteps(store, List.of(new StateChange.MemberStepped(RG1, FF1A, answer, Optional.of(first.formedAt()))));
    Snapshot s = store.load();
    assertThat(s.cancelledOwing()).as("FF1A answered the cancel").isEmpty();
    assertThat(s.regroups()).singleElement().satisfies(r -> {
      assertThat(r.targets()).isEqualTo(again.targets());
      assertThat(r.participants()).isEmpty();
      assertThat(r.outcomes()).doesNotContainKey(FF1A);
    });
  }

  // ---- regroups across MC systems (issue 5): forming regroups and cancels owed to partners

  static RegroupRecord acrossSystems(McServiceGroupId rg, Set<String> partners, McServiceGroupId... groups) {
    return new RegroupRecord(McService.MCPTT, DISP, rg, TMPL, new RegroupTargets.Groups(List.of(groups)), false, T0, Set.of(), Map.of(),
        partners, Optional.empty());
  }

  @Test
  void aFormingRegroupClaimsItsGroupsAndComesBackAsFormingWithItsOwner() {
    RegroupRecord forming = acrossSystems(RG1, Set.of("north"), FIRE, new McServiceGroupId("sip:rescue@north.example"));
    assertThat(Writes.regroupForming(store, forming, "127.0.0.1:5060")).isEmpty();
    assertThat(Writes.regroupFormed(store, groupRegroup(RG2, FIRE))).map(Rejection::reason).contains(RejectReason.GROUP_REGROUPED);
    Snapshot s = store.load();
    assertThat(s.regroups()).as("not in effect").isEmpty();
    assertThat(s.forming()).containsExactly(new org.muster.core.port.FormingRegroup(forming, "127.0.0.1:5060"));
  }

  @Test
  void aFormingRegroupEveryPartnerAcceptedIsInEffectAndSupersedesCancelsOwedForItsRegroupGroup() {
    OwedCancel old = new OwedCancel("north", McService.MCPTT, RG1, DISP, T0);
    OwedCancel other = new OwedCancel("east", McService.MCPTT, RG1, DISP, T0);
    Writes.regroupCancelled(store, RG1, T0, List.of(), List.of(old, other), "a");
    RegroupRecord forming = acrossSystems(RG1, Set.of("north"), FIRE);
    Writes.regroupForming(store, forming, "a");
    Writes.regroupInEffect(store, RG1, Set.of("north"));
    Snapshot s = store.load();
    assertThat(s.forming()).isEmpty();
    assertThat(s.regroups()).containsExactly(forming);
    assertThat(s.owedCancels()).as("east was not part of the new regroup: still owed").isEqualTo(Map.of("a", List.of(other)));
  }

  @Test
  void aFormingRegroupThatDidNotTakeEffectFreesItsGroupsAndItsCancelsAreOwedUntilSettled() {
    Writes.regroupForming(store, acrossSystems(RG1, Set.of("north", "east"), FIRE), "a");
    OwedCancel north = new OwedCancel("north", McService.MCPTT, RG1, DISP, T0.plusSeconds(5));
    OwedCancel east = new OwedCancel("east", McService.MCPTT, RG1, DISP, T0.plusSeconds(5));
    Writes.regroupCancelled(store, RG1, T0.plusSeconds(5), List.of(), List.of(north), "a");
    Writes.regroupCancelled(store, RG1, T0.plusSeconds(5), List.of(), List.of(east), "b");
    Snapshot s = store.load();
    assertThat(s.forming()).isEmpty();
    assertThat(s.regroups()).isEmpty();
    assertThat(s.owedCancels()).as("each instance sends its own").isEqualTo(Map.of("a", List.of(north), "b", List.of(east)));
    assertThat(Writes.regroupFormed(store, groupRegroup(RG2, FIRE))).as("fire is free again").isEmpty();
    Writes.partnerCancelSettled(store, RG1, "north");
    assertThat(store.load().owedCancels()).isEqualTo(Map.of("b", List.of(east)));
    // owed again later (a second attempt failed too): replaced, not duplicated
    OwedCancel eastAgain = new OwedCancel("east", McService.MCPTT, RG1, DISP, T0.plusSeconds(60));
    Writes.regroupCancelled(store, RG1, T0.plusSeconds(60), List.of(), List.of(eastAgain), "b");
    assertThat(store.load().owedCancels()).isEqualTo(Map.of("b", List.of(eastAgain)));
  }

  @Test
  void memberStepsAppendAndKeepParticipantsInStep() {
    RegroupRecord r = groupRegroup(RG1, FIRE);
    Writes.regroupFormed(store, r);
    MemberStep ack = new MemberStep(MemberState.ACKNOWLEDGED, T0.plusSeconds(1), "200 OK");
    MemberStep late = new MemberStep(MemberState.JOINED_LATE, T0.plusSeconds(2), "affiliated late");
    MemberStep left = new MemberStep(MemberState.LEFT, T0.plusSeconds(3), "logged off");
    Writes.memberSteps(store, List.of(new StateChange.MemberStepped(RG1, FF1A, ack), new StateChange.MemberStepped(RG1, FF1B, late), new StateChange.MemberStepped(RG1, FF1A, left)));
    RegroupRecord back = store.load().regroups().get(0);
    assertThat(back.participants()).containsExactly(FF1B);
    assertThat(back.outcomes().get(FF1A)).extracting(MemberStep::state)
        .containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED, MemberState.ACKNOWLEDGED, MemberState.LEFT);
    assertThat(back.outcomes().get(FF1B)).containsExactly(late);
  }

  @Test
  void twoStoresOnOneDatabaseNeverBothAcceptOverlappingRegroups() throws Exception {
    try (StateStore other = openSame()) {
      for (int round = 0; round < 10; round++) {
        McServiceGroupId g = new McServiceGroupId("sip:g" + round + "@metro.example");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
          List<Callable<Optional<Rejection>>> both = List.of(
              () -> { go.await(); return Writes.regroupFormed(store, groupRegroup(new McServiceGroupId("sip:a" + g.uri().substring(4)), g)); },
              () -> { go.await(); return Writes.regroupFormed(other, groupRegroup(new McServiceGroupId("sip:b" + g.uri().substring(4)), g)); });
          List<Future<Optional<Rejection>>> fs = new ArrayList<>();
          for (Callable<Optional<Rejection>> c : both) fs.add(pool.submit(c));
          go.countDown();
          long accepted = 0;
          for (Future<Optional<Rejection>> f : fs) if (f.get().isEmpty()) accepted++;
          assertThat(accepted).as("round " + round).isEqualTo(1);
        } finally {
          pool.shutdownNow();
        }
      }
      assertThat(store.load().regroups()).hasSize(10);
    }
  }
}
