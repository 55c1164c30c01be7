package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.AMBULANCE;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.DISP2;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.cancels;
import static org.muster.core.RegroupTestContext.recipients;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/** TS 23.280 10.xx.3.2.3 Preconfigured regroup cancellation in a single MC system. */
class RegroupCancellationTest {
  private final RegroupTestContext t = RegroupTestContext.create();
  private McServiceClient ff1;
  private McServiceClient ff2;
  private McServiceClient pol1;

  /** Pre-condition: clients 2 and 3 have been regrouped (ff1, ff2 via fire; pol1 via police). */
  @BeforeEach
  void regrouped() {
    ff1 = t.affiliated(FF1, FIRE);
    ff2 = t.affiliated(FF2, FIRE);
    pol1 = t.affiliated(POL1, POLICE);
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE).accepted()).isTrue();
  }

  private static Rejection rejection(Outcome o) {
    assertThat(o.accepted()).isFalse();
    assertThat(o.deliveries()).isEmpty();
    return o.rejection().orElseThrow();
  }

  // ---- step 3: authorization

  @Test
  void step3_rejectsRequesterWithoutCancelAuthorization() {
    Rejection r = rejection(t.cancel(DISP2, RG1)); // disp2 may only group-regroup

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).startsWith("not authorized: ").contains(DISP2.uri());
    assertThat(t.isActive(RG1)).isTrue();
    assertThat(t.active(RG1).participants()).containsExactlyInAnyOrder(ff1, ff2, pol1);
  }

  @Test
  void step3_evenTheOriginalRequesterNeedsTheCancelAuthorization() {
    assertThat(t.groupRegroup(DISP2, RG2, TMPL_INCIDENT, AMBULANCE).accepted()).isTrue();

    assertThat(rejection(t.cancel(DISP2, RG2)).reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(t.cancel(DISP1, RG2).accepted()).isTrue();
  }

  @Test
  void rejectsAnUnknownRegroupWith404AndTheUri() {
    Rejection r = rejection(t.cancel(DISP1, RG2));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + RG2.uri());
  }

  @Test
  void rejectsACancelForAnotherMcServiceThanTheRegroupsWith404() {
    Rejection r = rejection(t.cancel(McService.MCVIDEO, DISP1, RG1));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(t.isActive(RG1)).isTrue();
    assertThat(t.active(RG1).participants()).hasSize(3);
  }

  @Test
  void rejectsASecondCancelOfTheSameRegroupWith404() {
    assertThat(t.cancel(DISP1, RG1).accepted()).isTrue();

    assertThat(rejection(t.cancel(DISP1, RG1)).reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
  }

  // ---- step 4: cancel requests to the regrouped clients

  @Test
  void step4_sendsTheCancelRequestToEveryParticipantNamingTheRequester() {
    Outcome o = t.cancel(DISP1, RG1);

    assertThat(o.accepted()).isTrue();
    assertThat(recipients(o)).containsExactlyInAnyOrder(ff1, ff2, pol1);
    assertThat(o.deliveries()).allMatch(Delivery::isCancel).allMatch(d -> d.service() == McService.MCPTT);
    assertThat(RegroupTestContext.deliveryTo(o, pol1).flow())
        .isEqualTo(new PreconfiguredRegroupCancelRequest.ToClient(POL1, RG1, DISP1));
    assertThat(cancels(o)).allMatch(c -> c.regroupGroup().equals(RG1) && c.requester().equals(DISP1));
  }

  @Test
  void step4_aClientThatAlreadyLeftGetsNoCancel() {
    t.affiliate(ff2, McService.MCPTT); // ff2 leaves: no longer affiliated to any regrouped group

    Outcome o = t.cancel(DISP1, RG1);

    assertThat(recipients(o)).containsExactlyInAnyOrder(ff1, pol1).doesNotContain(ff2);
  }

  @Test
  void step4_aRegroupWithNoParticipantIsCancelledWithoutDeliveries() {
    assertThat(t.groupRegroup(DISP1, RG2, TMPL_INCIDENT, AMBULANCE).accepted()).isTrue();

    Outcome o = t.cancel(DISP1, RG2);

    assertThat(o.accepted()).isTrue();
    assertThat(o.deliveries()).isEmpty();
    assertThat(t.isActive(RG2)).isFalse();
  }

  // ---- step 7: de-affiliate the regrouped clients from the regroup group

  @Test
  void step7_deaffiliatesEveryParticipantAndEndsTheRegroup() {
    Outcome o = t.cancel(DISP1, RG1);

    assertThat(t.isActive(RG1)).isFalse();
    assertThat(t.server.activeRegroups()).isEmpty();
    ActiveRegroup cancelled = t.server.regroup(RG1).orElseThrow();
    assertThat(cancelled.participants()).isEmpty();
    assertThat(t.server.recentlyCancelled()).contains(cancelled);
    assertThat(o.events()).extracting(RegroupEvent::kind).contains(RegroupEvent.Kind.CANCELLED);
    // the clients stay affiliated to their own groups (only the regroup group is left)
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
  }

  @Test
  void step7_memberOutcomeShowsCancelNotifiedThenDeaffiliated() {
    t.cancel(DISP1, RG1);

    for (McServiceClient c : new McServiceClient[] {ff1, ff2, pol1}) {
      assertThat(t.states(RG1, c)).containsExactly(
          MemberState.NOTIFIED, MemberState.AFFILIATED, MemberState.CANCEL_NOTIFIED, MemberState.DEAFFILIATED);
    }
  }

  @Test
  void step7_theGroupsAreFreeAgainAfterCancel() {
    assertThat(t.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE).rejection()).map(Rejection::reason)
        .contains(RejectReason.GROUP_REGROUPED);

    t.cancel(DISP1, RG1);

    Outcome again = t.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE, POLICE);
    assertThat(again.accepted()).isTrue();
    assertThat(recipients(again)).containsExactlyInAnyOrder(ff1, ff2, pol1);
  }

  @Test
  void step7_theRegroupGroupIdIsFreeAgainAfterCancel() {
    t.cancel(DISP1, RG1);

    Outcome again = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, AMBULANCE);

    assertThat(again.accepted()).isTrue();
    assertThat(t.active(RG1).regroupedGroups()).containsExactly(AMBULANCE);
  }

  @Test
  void step7_afterCancelALateAffiliationJoinsNothing() {
    t.cancel(DISP1, RG1);
    McServiceClient late = t.registered(FF2);

    Outcome o = t.affiliate(late, McService.MCPTT, FIRE);

    assertThat(o.deliveries()).isEmpty();
  }

  @Test
  void step6_aCancelAcknowledgedAfterCancelIsRecorded() {
    Outcome o = t.cancel(DISP1, RG1);
    Delivery toFf1 = RegroupTestContext.deliveryTo(o, ff1);

    Outcome answered = t.server.deliveryAnswered(toFf1, Delivery.Answer.ACKNOWLEDGED, "200 OK");

    assertThat(t.states(RG1, ff1)).last().isEqualTo(MemberState.CANCEL_ACKNOWLEDGED);
    assertThat(RegroupTestContext.memberEvents(answered)).singleElement()
        .satisfies(e -> assertThat(e.memberState()).contains(MemberState.CANCEL_ACKNOWLEDGED));
  }

  @Test
  void step6_cancelFailuresAreRecordedAsCancelOutcomes() {
    Outcome o = t.cancel(DISP1, RG1);

    t.server.deliveryAnswered(RegroupTestContext.deliveryTo(o, ff2), Delivery.Answer.FAILED, "486 Busy Here");
    t.server.deliveryAnswered(RegroupTestContext.deliveryTo(o, pol1), Delivery.Answer.UNREACHABLE, "timeout");

    assertThat(t.states(RG1, ff2)).last().isEqualTo(MemberState.CANCEL_FAILED);
    assertThat(t.states(RG1, pol1)).last().isEqualTo(MemberState.CANCEL_UNREACHABLE);
  }

  // ---- a user regroup is cancelled the same way

  @Test
  void cancelsAUserRegroup() {
    assertThat(t.userRegroup(DISP1, RG2, TMPL_INCIDENT, FF1, POL1).accepted()).isTrue();

    Outcome o = t.cancel(DISP1, RG2);

    assertThat(recipients(o)).containsExactlyInAnyOrder(ff1, pol1);
    assertThat(t.isActive(RG2)).isFalse();
    assertThat(t.isActive(RG1)).as("the group regroup is not touched").isTrue();
    assertThat(t.active(RG1).participants()).contains(ff1, pol1);
  }
}
