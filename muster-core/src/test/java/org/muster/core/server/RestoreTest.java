package org.muster.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.flow.RejectReason;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.port.AffiliationRecord;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.regroup.StateChange;
import org.muster.core.port.Snapshot;
import org.muster.core.regroup.Outcome;

/** Replay (STYLE.md 3.3): a restored server is the server that was stored, and undo leaves no trace. */
class RestoreTest {

  /** What the adapter would have stored of {@code ctx}. */
  private static Snapshot snapshotOf(RegroupTestContext ctx) {
    McServiceServer s = ctx.server;
    List<AffiliationRecord> affiliations = new ArrayList<>();
    for (var r : s.allRegistrations()) {
      for (McService svc : McService.values()) {
        var groups = s.affiliationsOf(r.client(), svc);
        if (!groups.isEmpty()) affiliations.add(new AffiliationRecord(r.client(), svc, groups));
      }
    }
    return new Snapshot(s.allRegistrations(), affiliations, s.activeRegroups().stream().map(RegroupRecord::of).toList());
  }

  @Test
  void aRestoredServerHasTheRegroupItsParticipantsAndStillRefusesAnOverlap() {
    RegroupTestContext before = RegroupTestContext.create();
    before.registered(DISP1);
    McServiceClient ff1 = before.affiliated(FF1, FIRE);
    before.affiliated(POL1, POLICE);
    assertThat(before.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE).accepted()).isTrue();

    RegroupTestContext after = RegroupTestContext.create();
    after.server.restore(snapshotOf(before));
    assertThat(after.server.regroup(RG1).orElseThrow().participants()).containsExactly(ff1);
    assertThat(RegroupRecord.of(after.server.regroup(RG1).orElseThrow())).isEqualTo(RegroupRecord.of(before.server.regroup(RG1).orElseThrow()));
    assertThat(after.server.affiliatedTo(POLICE, McService.MCPTT)).hasSize(1);
    Outcome clash = after.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE);
    assertThat(clash.rejection().orElseThrow().reason()).isEqualTo(RejectReason.GROUP_REGROUPED);
    Outcome cancel = after.cancel(DISP1, RG1);
    assertThat(cancel.deliveries()).extracting(d -> d.client()).containsExactly(ff1);
  }

  @Test
  void forgettingARefusedCreateFreesItsGroupsAndSendsNothing() {
    RegroupTestContext ctx = RegroupTestContext.create();
    ctx.registered(DISP1);
    ctx.affiliated(FF1, FIRE);
    Decision<Outcome> formed = ctx.server.decide(server -> ctx.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE));
    assertThat(formed.promises()).isTrue();
    ctx.server.undo(formed.changes()); // the store refused it
    assertThat(ctx.server.activeRegroups()).isEmpty();
    assertThat(ctx.server.recentlyCancelled()).isEmpty();
    assertThat(ctx.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE).accepted()).isTrue();
  }

  @Test
  void reinstatingAnUnrecordedCancelPutsTheRegroupBackAsItWas() {
    RegroupTestContext ctx = RegroupTestContext.create();
    ctx.registered(DISP1);
    McServiceClient ff1 = ctx.affiliated(FF1, FIRE);
    ctx.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);
    RegroupRecord was = RegroupRecord.of(ctx.server.regroup(RG1).orElseThrow());
    Decision<Outcome> cancelled = ctx.server.decide(server -> ctx.cancel(DISP1, RG1));
    assertThat(cancelled.answer().accepted()).isTrue();
    assertThat(cancelled.changes().get(0)).isInstanceOfSatisfying(StateChange.RegroupCancelled.class, c -> assertThat(c.before()).isEqualTo(was));
    ctx.server.undo(cancelled.changes()); // the store could not record it
    assertThat(ctx.server.activeRegroups()).hasSize(1);
    assertThat(RegroupRecord.of(ctx.server.regroup(RG1).orElseThrow())).isEqualTo(was);
    assertThat(ctx.server.regroup(RG1).orElseThrow().participants()).containsExactly(ff1);
    assertThat(ctx.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE).rejection()).isPresent();
  }

  @Test
  void afterARestartRequestsWithoutAnAnswerOnRecordAreSentAgainAndAcknowledgedOnesAreNot() {
    RegroupTestContext before = RegroupTestContext.create();
    before.registered(DISP1);
    McServiceClient ff1 = before.affiliated(FF1, FIRE);
    McServiceClient pol1 = before.affiliated(POL1, POLICE);
    Outcome formed = before.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);
    // pol1 acknowledged before the stop; ff1's request was still in flight
    before.server.deliveryAnswered(RegroupTestContext.deliveryTo(formed, pol1), org.muster.core.regroup.Delivery.Answer.ACKNOWLEDGED, "200");

    RegroupTestContext after = RegroupTestContext.create();
    after.server.restore(snapshotOf(before));
    Outcome resumed = after.server.resumeDeliveries();
    assertThat(resumed.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.client()).isEqualTo(ff1);
      assertThat(d.isCancel()).isFalse();
    });
    assertThat(after.states(RG1, ff1)).last().isEqualTo(org.muster.core.regroup.MemberState.NOTIFIED);
    // once answered, a second restart has nothing to resend
    after.server.deliveryAnswered(resumed.deliveries().get(0), org.muster.core.regroup.Delivery.Answer.ACKNOWLEDGED, "200");
    RegroupTestContext again = RegroupTestContext.create();
    again.server.restore(snapshotOf(after));
    assertThat(again.server.resumeDeliveries().deliveries()).isEmpty();
  }

  @Test
  void afterARestartTheCancelOfALatelyCancelledRegroupGoesToTheClientsThatHadNotAnsweredIt() {
    RegroupTestContext before = RegroupTestContext.create();
    before.registered(DISP1);
    McServiceClient ff1 = before.affiliated(FF1, FIRE);
    McServiceClient pol1 = before.affiliated(POL1, POLICE);
    before.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);
    RegroupRecord cancelled = RegroupRecord.of(before.server.regroup(RG1).orElseThrow());
    before.cancel(DISP1, RG1);
    // what the store gives back: ff1 had not answered the cancel when the server stopped
    RegroupRecord owing = new RegroupRecord(cancelled.service(), cancelled.requester(), cancelled.regroupGroup(),
        cancelled.configurationGroup(), cancelled.targets(), cancelled.broadcast(), cancelled.formedAt(), java.util.Set.of(ff1),
        cancelled.outcomes(), cancelled.partners(), cancelled.primarySystem());
    Snapshot stored = snapshotOf(before);
    RegroupTestContext after = RegroupTestContext.create();
    after.server.restore(new Snapshot(stored.registrations(), stored.affiliations(), stored.regroups(), List.of(), java.util.Map.of(),
        List.of(owing)));

    assertThat(after.server.activeRegroup(RG1)).as("in effect nowhere").isEmpty();
    Outcome resumed = after.server.resumeDeliveries();
    assertThat(resumed.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.client()).isEqualTo(ff1);
      assertThat(d.isCancel()).isTrue();
    });
    assertThat(resumed.deliveries()).noneMatch(d -> d.client().equals(pol1));
    assertThat(after.server.resumeDeliveries().deliveries()).as("sent once; retries follow the usual way").isEmpty();
    // fire is free: the cancelled regroup holds nothing
    assertThat(after.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE).accepted()).isTrue();
  }

  /** {@code r} as the store gives it back after a cancel that {@code owing} had not answered. */
  private static RegroupRecord owing(RegroupRecord r, McServiceClient... owing) {
    return new RegroupRecord(r.service(), r.requester(), r.regroupGroup(), r.configurationGroup(), r.targets(), r.broadcast(),
        r.formedAt(), java.util.Set.of(owing), r.outcomes(), r.partners(), r.primarySystem());
  }

  @Test
  void issue14_afterARestartTheCancelOfARegroupGroupRegroupedAgainGoesToItsClientsThatAreNotInTheNewRegroup() {
    RegroupTestContext before = RegroupTestContext.create();
    before.registered(DISP1);
    McServiceClient ff1 = before.affiliated(FF1, FIRE);
    McServiceClient pol1 = before.affiliated(POL1, POLICE);
    before.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);
    RegroupRecord first = RegroupRecord.of(before.server.regroup(RG1).orElseThrow());
    before.cancel(DISP1, RG1);
    before.clock.advance(java.time.Duration.ofSeconds(1));
    assertThat(before.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE).accepted()).isTrue();
    // the stop came before either client answered the cancel of the first one
    Snapshot stored = snapshotOf(before);
    RegroupTestContext after = RegroupTestContext.create();
    after.server.restore(new Snapshot(stored.registrations(), stored.affiliations(), stored.regroups(), List.of(), java.util.Map.of(),
        List.of(owing(first, ff1, pol1))));

    Outcome resumed = after.server.resumeDeliveries();
    // pol1 is in no regroup of RG1 now: it gets the cancel; ff1 is in the new one: the old cancel would take it out
    assertThat(resumed.deliveries()).filteredOn(d -> d.isCancel()).extracting(d -> d.client()).containsExactly(pol1);
    assertThat(resumed.deliveries()).filteredOn(d -> !d.isCancel()).extracting(d -> d.client()).containsExactly(ff1);
  }

  @Test
  void issue14_afterARestartTheCancelsOfTwoEarlierRegroupsOfOneRegroupGroupBothGoOut() {
    RegroupTestContext before = RegroupTestContext.create();
    before.registered(DISP1);
    McServiceClient ff1 = before.affiliated(FF1, FIRE);
    McServiceClient pol1 = before.affiliated(POL1, POLICE);
    before.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);
    RegroupRecord first = RegroupRecord.of(before.server.regroup(RG1).orElseThrow());
    before.cancel(DISP1, RG1);
    before.clock.advance(java.time.Duration.ofSeconds(1));
    before.groupRegroup(DISP1, RG1, TMPL_INCIDENT, POLICE);
    RegroupRecord second = RegroupRecord.of(before.server.regroup(RG1).orElseThrow());
    before.cancel(DISP1, RG1);
    Snapshot stored = snapshotOf(before);
    RegroupTestContext after = RegroupTestContext.create();
    after.server.restore(new Snapshot(stored.registrations(), stored.affiliations(), stored.regroups(), List.of(), java.util.Map.of(),
        List.of(owing(first, ff1), owing(second, pol1))));

    assertThat(after.server.resumeDeliveries().deliveries()).allMatch(d -> d.isCancel()).extracting(d -> d.client())
        .containsExactlyInAnyOrder(ff1, pol1);
  }

  @Test
  void participantsServedByAnotherInstanceOnTheSameStoreAreNotTakenOverOnRestart() {
    RegroupTestContext before = RegroupTestContext.create();
    before.registered(DISP1);
    McServiceClient ff1 = before.affiliated(FF1, FIRE);
    before.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);
    Snapshot stored = snapshotOf(before);
    // this instance serves none of those clients: the store gives it no registration of theirs
    RegroupTestContext after = RegroupTestContext.create();
    after.server.restore(new Snapshot(List.of(), List.of(), stored.regroups()));
    assertThat(after.server.regroup(RG1).orElseThrow().participants()).doesNotContain(ff1).isEmpty();
    assertThat(after.server.resumeDeliveries().deliveries()).isEmpty();
  }
}
