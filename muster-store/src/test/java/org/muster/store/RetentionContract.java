package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Retention;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.StateChange;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.regroup.RegroupRecord;

/**
 * Retention ({@link StoreRetention}): many regroups created and cancelled leave a bounded store
 * after pruning, and nothing a restart or a partner still needs is pruned. Run on H2 and PostgreSQL.
 */
abstract class RetentionContract {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final McServiceId DISP = new McServiceId("sip:disp1@metro.example");
  static final McServiceGroupId FIRE = new McServiceGroupId("sip:fire@metro.example");
  static final McServiceGroupId TMPL = new McServiceGroupId("sip:tmpl-incident@metro.example");
  static final int MEMBERS = 20;

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
  void theStoreStaysBoundedOverManyCreateAndCancelRounds() {
    Retention keep50 = new Retention(30, 50);
    int n = 0;
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 150; i++, n++) createAndCancel("rg-" + n, T0.plusSeconds(n), true, List.of());
      Map<String, Long> before = rowCounts();
      assertThat(before.get("regroup")).isEqualTo(round == 0 ? 150L : 200L);
      assertThat(before.get("regroup_step")).isEqualTo(before.get("regroup") * MEMBERS * 4);
      int pruned = pruneNow(keep50, T0.plus(Duration.ofHours(2)));
      Map<String, Long> after = rowCounts();
      assertThat(pruned).isEqualTo(round == 0 ? 100 : 150);
      assertThat(after).containsEntry("regroup", 50L).containsEntry("regroup_target", 50L)
          .containsEntry("regroup_member", 0L).containsEntry("regroup_claim", 0L)
          .containsEntry("regroup_step", 50L * MEMBERS * 4);
    }
    assertThat(store.load().cancelledOwing()).isEmpty();
  }

  @Test
  void cancelledRegroupsOlderThanTheDaysGoEvenUnderTheCount() {
    for (int i = 0; i < 10; i++) createAndCancel("rg-" + i, T0.plusSeconds(i), true, List.of());
    assertThat(pruneNow(new Retention(1, 10_000), T0.plus(Duration.ofHours(23)))).isZero();
    assertThat(pruneNow(new Retention(1, 10_000), T0.plus(Duration.ofDays(1)).plusSeconds(5))).isEqualTo(4);
    assertThat(rowCounts()).containsEntry("regroup", 6L);
  }

  @Test
  void nothingIsPrunedThatIsInEffectFormingOwedToAPartnerOrStillOwedByItsMembers() {
    Retention keepOne = new Retention(1, 1);
    Writes.regroupFormed(store, record("rg-effect", T0));
    Writes.regroupForming(store, record("rg-forming", T0), "127.0.0.1:5060");
    McServiceGroupId owedRg = group("rg-owed-partner");
    createAndCancel("rg-owed-partner", T0, true, List.of(new OwedCancel("north", McService.MCPTT, owedRg, DISP, T0)));
    createAndCancel("rg-unanswered", T0.plusSeconds(1), false, List.of());
    createAndCancel("rg-answered", T0.plusSeconds(2), true, List.of());
    createAndCancel("rg-fresh", T0.plus(Duration.ofMinutes(50)), true, List.of());

    // 52 minutes on: only the answered regroup past its grace may go
    assertThat(pruneNow(keepOne, T0.plus(Duration.ofMinutes(52)))).isEqualTo(1);
    assertThat(rowCounts()).containsEntry("regroup", 5L).containsEntry("regroup_member", 3L * MEMBERS);

    // past the resend hour: the unanswered one goes too, and the fresh one past its grace
    assertThat(pruneNow(keepOne, T0.plus(Duration.ofMinutes(61)))).isEqualTo(2);
    assertThat(rowCounts()).containsEntry("regroup", 3L).containsEntry("partner_cancel", 1L);
    assertThat(store.load().regroups()).extracting(RegroupRecord::regroupGroup).containsExactly(group("rg-effect"));
    assertThat(store.load().forming()).hasSize(1);

    // the last cancelled one is kept by the count; once the partner confirmed its cancel, the days decide
    Writes.partnerCancelSettled(store, owedRg, "north");
    assertThat(pruneNow(keepOne, T0.plus(Duration.ofMinutes(62)))).isZero();
    assertThat(pruneNow(keepOne, T0.plus(Duration.ofDays(2)))).isEqualTo(1);
    assertThat(rowCounts()).containsEntry("regroup", 2L);
  }

  @Test
  void theBackgroundThreadPrunesAndStopsWithTheStore() throws Exception {
    Instant old = Instant.now().minus(Duration.ofDays(3));
    for (int i = 0; i < 30; i++) createAndCancel("rg-" + i, old.plusSeconds(i), true, List.of());
    StoreRetention r = store.retain(new Retention(2, 10_000));
    await().atMost(Duration.ofSeconds(20)).until(() -> rowCounts().get("regroup") == 0);
    assertThat(rowCounts()).containsEntry("regroup", 0L).containsEntry("regroup_step", 0L);
    assertThat(r.retention().days()).isEqualTo(2);
  }

  /** Prunes per {@code r} as of {@code now} on this thread; the number of regroups deleted. */
  private int pruneNow(Retention r, Instant now) {
    return StoreRetention.prune(store.database(), r, now, () -> false);
  }

  private Map<String, Long> rowCounts() {
    return StoreRetention.rowCounts(store.database());
  }

  /** A group regroup of {@link #MEMBERS} clients formed at {@code at} (NOTIFIED, AFFILIATED) and cancelled a second later. */
  private void createAndCancel(String name, Instant at, boolean allAnswer, List<OwedCancel> owed) {
    RegroupRecord r = record(name, at);
    assertThat(Writes.regroupFormed(store, r)).isEmpty();
    Instant cancelAt = at.plusSeconds(1);
    List<StateChange.MemberStepped> steps = new ArrayList<>();
    for (McServiceClient c : r.participants()) {
      steps.add(new StateChange.MemberStepped(r.regroupGroup(), c, new MemberStep(MemberState.CANCEL_NOTIFIED, cancelAt, "cancel sent")));
      if (allAnswer) steps.add(new StateChange.MemberStepped(r.regroupGroup(), c, new MemberStep(MemberState.CANCEL_ACKNOWLEDGED, cancelAt, "200")));
    }
    Writes.regroupCancelled(store, r.regroupGroup(), cancelAt, steps, owed, "127.0.0.1:5060");
  }

  private static RegroupRecord record(String name, Instant at) {
    Set<McServiceClient> members = new LinkedHashSet<>();
    Map<McServiceClient, List<MemberStep>> outcomes = new LinkedHashMap<>();
    for (int m = 0; m < MEMBERS; m++) {
      McServiceClient c = new McServiceClient(new McServiceId("sip:u" + m + "@metro.example"), "sip:u" + m + "@127.0.0.1:5070");
      members.add(c);
      outcomes.put(c, List.of(new MemberStep(MemberState.NOTIFIED, at, "sent"), new MemberStep(MemberState.AFFILIATED, at, "affiliated")));
    }
    return new RegroupRecord(McService.MCPTT, DISP, group(name), TMPL, new RegroupTargets.Groups(List.of(group(name + "-fire"))), false, at,
        members, outcomes);
  }

  private static McServiceGroupId group(String name) {
    return new McServiceGroupId("sip:" + name + "@metro.example");
  }
}
