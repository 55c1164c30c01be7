package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Retention;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.port.HistoryPage;
import org.muster.core.port.HistoryQuery;
import org.muster.core.regroup.HistoryEntry;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.regroup.StateChange;

/**
 * The regroup history ({@link HistoryRows}): written with the change it describes, read a page at
 * a time newest first with filters, a create the store refuses recorded as its reject, and kept
 * per its own retention past the regroups'. Run on H2 and PostgreSQL.
 */
abstract class HistoryContract {
  static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");
  static final McServiceId DISP = new McServiceId("sip:disp1@metro.example");
  static final McServiceId DISP2 = new McServiceId("sip:disp2@metro.example");
  static final McServiceGroupId TMPL = new McServiceGroupId("sip:tmpl-incident@metro.example");
  static final McServiceGroupId FIRE = new McServiceGroupId("sip:fire@metro.example");
  static final McServiceGroupId EMS = new McServiceGroupId("sip:ems@metro.example");

  JdbcStateStore store;

  abstract JdbcStateStore openFresh() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openFresh();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void eachKindOfLineComesBackAsWrittenNewestFirst() {
    RegroupRecord r = regroup("rg-1", T0, List.of(FIRE, EMS));
    store.write(List.of(new StateChange.RegroupFormed(r), new StateChange.Recorded(created(r, T0))), "");
    store.write(List.of(new StateChange.Recorded(HistoryEntry.createRejected(T0.plusSeconds(1), McService.MCPTT, DISP2, group("rg-2"), TMPL,
        new RegroupTargets.Users(List.of(DISP, DISP2)), Rejection.of(RejectReason.GROUP_REGROUPED, "sip:fire@metro.example is regrouped")))), "");
    store.write(List.of(new StateChange.RegroupCancelled(r, T0.plusSeconds(2), List.of()),
        new StateChange.Recorded(ended(r, T0.plusSeconds(2), HistoryEntry.Event.CANCEL, DISP2.uri()))), "");

    HistoryPage page = store.history(HistoryQuery.newest(10));
    assertThat(page.next()).isEmpty();
    assertThat(page.entries()).extracting(l -> l.entry().event())
        .containsExactly(HistoryEntry.Event.CANCEL, HistoryEntry.Event.REJECT, HistoryEntry.Event.CREATE);
    assertThat(page.entries().get(0).id()).isGreaterThan(page.entries().get(1).id());
    assertThat(page.entries().get(2).entry()).isEqualTo(created(r, T0));
    HistoryEntry rejected = page.entries().get(1).entry();
    assertThat(rejected.users()).containsExactly(DISP, DISP2);
    assertThat(rejected.groups()).isEmpty();
    assertThat(rejected.reason()).hasValueSatisfying(w -> assertThat(w).contains("148").contains("sip:fire@metro.example"));
    assertThat(page.entries().get(0).entry().cancelledBy()).contains(DISP2.uri());
  }

  @Test
  void pagesFollowTheCursorAndFiltersNarrowThem() {
    for (int i = 0; i < 7; i++) {
      RegroupRecord r = regroup("rg-" + i, T0.plusSeconds(i), List.of(i % 2 == 0 ? FIRE : EMS));
      store.write(List.of(new StateChange.Recorded(i == 6 ? ended(r, T0.plusSeconds(i), HistoryEntry.Event.EXPIRY, HistoryEntry.SYSTEM)
          : created(r, T0.plusSeconds(i)))), "");
    }
    List<String> seen = new ArrayList<>();
    Optional<Long> before = Optional.empty();
    List<Integer> sizes = new ArrayList<>();
    do {
      HistoryPage p = store.history(query(3, before, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
      sizes.add(p.entries().size());
      p.entries().forEach(l -> seen.add(l.entry().regroupGroup().uri()));
      before = p.next();
    } while (before.isPresent());
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(seen).containsExactly(uri("rg-6"), uri("rg-5"), uri("rg-4"), uri("rg-3"), uri("rg-2"), uri("rg-1"), uri("rg-0"));

    assertThat(groups(query(50, Optional.empty(), Optional.of(EMS.uri()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())))
        .containsExactly(uri("rg-5"), uri("rg-3"), uri("rg-1"));
    assertThat(groups(query(50, Optional.empty(), Optional.of(uri("rg-4")), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())))
        .containsExactly(uri("rg-4"));
    assertThat(groups(query(50, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(HistoryEntry.Event.EXPIRY), Optional.empty(),
        Optional.empty()))).containsExactly(uri("rg-6"));
    assertThat(groups(query(50, Optional.empty(), Optional.empty(), Optional.of(DISP2.uri()), Optional.empty(), Optional.empty(), Optional.empty())))
        .isEmpty();
    assertThat(groups(query(2, Optional.empty(), Optional.of(FIRE.uri()), Optional.of(DISP.uri()), Optional.of(HistoryEntry.Event.CREATE),
        Optional.of(T0.plusSeconds(1)), Optional.of(T0.plusSeconds(5))))).containsExactly(uri("rg-4"), uri("rg-2"));
  }

  @Test
  void aCreateTheStoreRefusesIsRecordedAsItsReject() {
    RegroupRecord first = regroup("rg-1", T0, List.of(FIRE));
    store.write(List.of(new StateChange.RegroupFormed(first), new StateChange.Recorded(created(first, T0))), "");
    RegroupRecord clash = regroup("rg-2", T0.plusSeconds(1), List.of(FIRE)); // another server claimed FIRE first
    StateChangeWrite w = new StateChangeWrite(store.write(List.of(new StateChange.RegroupFormed(clash),
        new StateChange.Recorded(created(clash, T0.plusSeconds(1)))), ""));
    assertThat(w.refused()).isTrue();
    HistoryEntry line = store.history(HistoryQuery.newest(1)).entries().get(0).entry();
    assertThat(line.event()).isEqualTo(HistoryEntry.Event.REJECT);
    assertThat(line.outcome()).isEqualTo("rejected");
    assertThat(line.reason()).hasValueSatisfying(w2 -> assertThat(w2).contains("148"));
    assertThat(line.groups()).containsExactly(FIRE);
  }

  @Test
  void aRegroupEndedOnceIsRecordedOnceWhenTwoInstancesEndIt() {
    RegroupRecord r = regroup("rg-1", T0, List.of(FIRE));
    store.write(List.of(new StateChange.RegroupFormed(r), new StateChange.Recorded(created(r, T0))), "");
    // two instances sharing the store expire it at the same moment: the second finds it ended
    for (String instance : List.of("10.0.0.1:5060", "10.0.0.2:5060")) {
      store.write(List.of(new StateChange.RegroupCancelled(r, T0.plusSeconds(60), List.of()),
          new StateChange.Recorded(ended(r, T0.plusSeconds(60), HistoryEntry.Event.EXPIRY, HistoryEntry.SYSTEM))), instance);
    }
    assertThat(store.history(HistoryQuery.newest(10)).entries()).extracting(l -> l.entry().event())
        .containsExactly(HistoryEntry.Event.EXPIRY, HistoryEntry.Event.CREATE);
  }

  @Test
  void theExpiryTimeIsStoredWithTheRegroup() {
    RegroupRecord r = new RegroupRecord(McService.MCPTT, DISP, group("rg-x"), TMPL, new RegroupTargets.Groups(List.of(FIRE)), false, T0,
        Set.of(), java.util.Map.of(), Set.of(), Optional.empty(), Optional.of(T0.plus(Duration.ofMinutes(30))));
    store.write(List.of(new StateChange.RegroupFormed(r)), "");
    assertThat(store.load().regroups()).singleElement().satisfies(x -> assertThat(x.expiresAt()).contains(T0.plus(Duration.ofMinutes(30))));
    assertThat(store.regroupsInEffect()).singleElement().satisfies(x -> assertThat(x.expiresAt()).contains(T0.plus(Duration.ofMinutes(30))));
  }

  @Test
  void historyOutlivesThePrunedRegroupsAndGoesByItsOwnDays() {
    List<StateChange> lines = new ArrayList<>();
    for (int i = 0; i < HistoryRows.PRUNE_BATCH + 20; i++) {
      RegroupRecord r = regroup("old-" + i, T0, List.of(FIRE));
      lines.add(new StateChange.Recorded(created(r, T0)));
    }
    store.write(lines, "");
    RegroupRecord r = regroup("rg-1", T0, List.of(FIRE));
    store.write(List.of(new StateChange.RegroupFormed(r), new StateChange.Recorded(created(r, T0.plus(Duration.ofDays(10))))), "");
    store.write(List.of(new StateChange.RegroupCancelled(r, T0.plusSeconds(1), List.of())), "");
    // the regroup goes after 1 day; its history line stays
    assertThat(StoreRetention.prune(store.database(), new Retention(1, 10, 5), T0.plus(Duration.ofDays(2)), () -> false)).isEqualTo(1);
    assertThat(groups(HistoryQuery.newest(1))).containsExactly(uri("rg-1"));
    // five days of history: the lines older than that go, in batches; the newer one stays
    int pruned = HistoryRows.prune(store.database(), T0.plus(Duration.ofDays(6)).minus(new Retention(1, 10, 5).historyAge()), () -> false);
    assertThat(pruned).isEqualTo(HistoryRows.PRUNE_BATCH + 20);
    assertThat(store.history(HistoryQuery.newest(500)).entries()).hasSize(1);
  }

  private record StateChangeWrite(org.muster.core.port.StateStore.Written w) {
    boolean refused() {
      return !w.refused().isEmpty();
    }
  }

  private List<String> groups(HistoryQuery q) {
    return store.history(q).entries().stream().map(l -> l.entry().regroupGroup().uri()).toList();
  }

  private static HistoryQuery query(int limit, Optional<Long> before, Optional<String> group, Optional<String> requester,
      Optional<HistoryEntry.Event> event, Optional<Instant> since, Optional<Instant> until) {
    return new HistoryQuery(limit, before, group, requester, event, since, until);
  }

  private static HistoryEntry created(RegroupRecord r, Instant at) {
    return new HistoryEntry(at, HistoryEntry.Event.CREATE, r.regroupGroup(), r.service(), r.requester(), Optional.of(r.configurationGroup()),
        r.regroupedGroups(), List.of(), "formed", Optional.empty(), Optional.empty());
  }

  private static HistoryEntry ended(RegroupRecord r, Instant at, HistoryEntry.Event how, String by) {
    return new HistoryEntry(at, how, r.regroupGroup(), r.service(), r.requester(), Optional.of(r.configurationGroup()),
        r.regroupedGroups(), List.of(), how == HistoryEntry.Event.EXPIRY ? "expired" : "cancelled", Optional.empty(), Optional.of(by));
  }

  private static RegroupRecord regroup(String name, Instant at, List<McServiceGroupId> groups) {
    return new RegroupRecord(McService.MCPTT, DISP, group(name), TMPL, new RegroupTargets.Groups(groups), false, at, Set.of(), java.util.Map.of());
  }

  private static McServiceGroupId group(String name) {
    return new McServiceGroupId(uri(name));
  }

  private static String uri(String name) {
    return "sip:" + name + "@metro.example";
  }
}
