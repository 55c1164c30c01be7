package org.muster.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.HistoryEntry;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.Outcome;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.regroup.StateChange;

/**
 * Every decision returns what it changed, as records, in the order the store must take them
 * (issue 12: no adapter works out from events what to write); and a promise the store did not
 * take is undone from its record alone.
 */
class StateChangesTest {
  private final RegroupTestContext ctx = RegroupTestContext.create();

  @Test
  void aGroupRegroupIsFormedThenItsMembersAreNotifiedAndAffiliated() {
    ctx.registered(DISP1);
    McServiceClient ff1 = ctx.affiliated(FF1, FIRE);
    McServiceClient ff2 = ctx.affiliated(FF2, FIRE);

    Decision<Outcome> d = ctx.server.decide(s -> ctx.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE));

    assertThat(d.promises()).isTrue();
    assertThat(d.changes().get(0)).isEqualTo(new StateChange.RegroupFormed(RegroupRecord.withoutMembersOf(ctx.active(RG1))));
    assertThat(d.changes().get(1)).isInstanceOfSatisfying(StateChange.Recorded.class, r -> {
      assertThat(r.entry().event()).isEqualTo(HistoryEntry.Event.CREATE);
      assertThat(r.entry().outcome()).isEqualTo("formed");
      assertThat(r.entry().requester()).isEqualTo(DISP1);
      assertThat(r.entry().preconfigured()).contains(TMPL_INCIDENT);
      assertThat(r.entry().groups()).containsExactly(FIRE);
    });
    List<StateChange> steps = d.changes().subList(2, d.changes().size());
    assertThat(steps).allSatisfy(c -> assertThat(c).isInstanceOf(StateChange.MemberStepped.class));
    assertThat(steps).extracting(c -> ((StateChange.MemberStepped) c).client()).containsExactlyInAnyOrder(ff1, ff2, ff1, ff2);
    assertThat(steps).extracting(c -> ((StateChange.MemberStepped) c).step().state())
        .containsExactly(MemberState.NOTIFIED, MemberState.NOTIFIED, MemberState.AFFILIATED, MemberState.AFFILIATED);
  }

  @Test
  void aCancelEndsTheRegroupBeforeItsMembersStepsAndKeepsTheRegroupAsItWas() {
    ctx.registered(DISP1);
    ctx.affiliated(FF1, FIRE);
    ctx.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);
    RegroupRecord was = RegroupRecord.of(ctx.active(RG1));

    Decision<Outcome> d = ctx.server.decide(s -> ctx.cancel(DISP1, RG1));

    assertThat(d.changes().get(0)).isInstanceOfSatisfying(StateChange.RegroupCancelled.class, c -> {
      assertThat(c.before()).isEqualTo(was);
      assertThat(c.owed()).isEmpty();
    });
    assertThat(d.changes().get(1)).isInstanceOfSatisfying(StateChange.Recorded.class, r -> {
      assertThat(r.entry().event()).isEqualTo(HistoryEntry.Event.CANCEL);
      assertThat(r.entry().cancelledBy()).contains(DISP1.uri());
    });
    assertThat(d.changes().subList(2, d.changes().size())).extracting(c -> ((StateChange.MemberStepped) c).step().state())
        .containsExactly(MemberState.CANCEL_NOTIFIED, MemberState.DEAFFILIATED);
  }

  @Test
  void aRefusedRequestChangesNothingButIsRecordedInTheHistory() {
    ctx.registered(DISP1);
    ctx.affiliated(FF1, FIRE);
    ctx.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);

    Decision<Outcome> d = ctx.server.decide(s -> ctx.server.regroup(McService.MCPTT,
        RegroupTestContext.groupRequest(DISP1, RG2, TMPL_INCIDENT, FIRE, POLICE)));

    assertThat(d.answer().accepted()).isFalse();
    assertThat(d.promises()).isFalse();
    assertThat(d.changes()).singleElement().isInstanceOfSatisfying(StateChange.Recorded.class, r -> {
      assertThat(r.entry().event()).isEqualTo(HistoryEntry.Event.REJECT);
      assertThat(r.entry().regroupGroup()).isEqualTo(RG2);
      assertThat(r.entry().reason()).hasValueSatisfying(w -> assertThat(w).startsWith("148").contains(FIRE.uri()));
    });
    // a refused cancel too
    Decision<Outcome> c = ctx.server.decide(s -> ctx.cancel(FF1, RG1));
    assertThat(c.changes()).singleElement().isInstanceOfSatisfying(StateChange.Recorded.class,
        r -> assertThat(r.entry().outcome()).isEqualTo("cancel rejected"));
  }

  @Test
  void aClientsRegistrationAndAffiliationsAreReportedOnceAsTheyAreAfterTheDecision() {
    McServiceClient ff1 = ctx.client(FF1);

    Decision<Object> d = ctx.server.decide(s -> {
      ctx.register(ff1, McService.MCPTT);
      ctx.affiliate(ff1, McService.MCPTT, FIRE);
      return null;
    });

    assertThat(d.changes()).singleElement().isEqualTo(new StateChange.ClientChanged(ff1, ctx.server.registration(ff1),
        Map.of(McService.MCPTT, Set.of(FIRE))));
    assertThat(d.promises()).isFalse();

    Decision<Outcome> off = ctx.server.decide(s -> s.logOff(ff1));
    assertThat(off.changes()).singleElement().isEqualTo(new StateChange.ClientChanged(ff1, Optional.empty(), Map.of()));
  }

  @Test
  void undoingAFormedRegroupTheStoreRefusedFreesItsGroupsAndWritesNothing() {
    ctx.registered(DISP1);
    ctx.affiliated(FF1, FIRE);
    Decision<Outcome> formed = ctx.server.decide(s -> ctx.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE));
    long before = ctx.server.regroupChanges();

    ctx.server.undo(formed.changes());

    assertThat(ctx.server.activeRegroups()).isEmpty();
    assertThat(ctx.server.regroupChanges()).isGreaterThan(before);
    Decision<Outcome> again = ctx.server.decide(s -> ctx.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE));
    assertThat(again.answer().accepted()).isTrue();
    assertThat(again.changes().get(0)).isInstanceOf(StateChange.RegroupFormed.class);
  }
}
