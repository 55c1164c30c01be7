package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.DISP2;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.MIXED;
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.TMPL_BROADCAST;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.VIDEO_ONLY;
import static org.muster.core.RegroupTestContext.recipients;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/** TS 23.280 10.xx.3.4.1 Adding a newly affiliated user to a preconfigured group regroup. */
class NewlyAffiliatedUserRegroupTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  @Test
  void step3_aClientAffiliatingToARegroupedGroupGetsTheRequestAtOnceFromTheOriginalRequester() {
    t.affiliated(POL1, POLICE);
    assertThat(t.groupRegroup(DISP2, RG1, TMPL_INCIDENT, FIRE, POLICE).accepted()).isTrue();
    McServiceClient ff1 = t.registered(FF1);

    // 1. the client affiliates to a group that is part of the in-progress regroup
    Outcome o = t.affiliate(ff1, McService.MCPTT, FIRE);

    // 2./3. the server sends it the preconfigured regroup request, with the original requester
    Delivery d = RegroupTestContext.deliveryTo(o, ff1);
    assertThat(o.deliveries()).hasSize(1);
    assertThat(d.service()).isEqualTo(McService.MCPTT);
    assertThat(d.flow()).isEqualTo(new PreconfiguredRegroupRequest.ToClient(
        FF1, RG1, TMPL_INCIDENT, new RegroupTargets.Groups(List.of(FIRE, POLICE)), DISP2, false));
  }

  @Test
  void step3_aLateJoinerGetsTheBroadcastIndicationOfTheRegroup() {
    t.groupRegroup(DISP1, RG1, TMPL_BROADCAST, FIRE);
    McServiceClient ff1 = t.registered(FF1);

    Outcome o = t.affiliate(ff1, McService.MCPTT, FIRE);

    assertThat(RegroupTestContext.requests(o)).singleElement().matches(PreconfiguredRegroupRequest.ToClient::broadcast);
  }

  @Test
  void step6_theLateClientBecomesAParticipantJoinedLate() {
    McServiceClient pol1 = t.affiliated(POL1, POLICE);
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);
    McServiceClient ff1 = t.registered(FF1);
    t.advance(Duration.ofMinutes(2));

    Outcome o = t.affiliate(ff1, McService.MCPTT, FIRE);

    assertThat(t.active(RG1).participants()).containsExactlyInAnyOrder(pol1, ff1);
    assertThat(t.states(RG1, ff1)).containsExactly(MemberState.NOTIFIED, MemberState.JOINED_LATE);
    assertThat(t.active(RG1).outcomes().get(ff1)).allMatch(s -> s.at().equals(t.clock.instant()));
    assertThat(RegroupTestContext.memberEvents(o)).extracting(e -> e.memberState().orElseThrow())
        .containsExactly(MemberState.NOTIFIED, MemberState.JOINED_LATE);
  }

  @Test
  void affiliatingAgainWithTheSameSetDoesNotResend() {
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);
    McServiceClient ff1 = t.registered(FF1);
    t.affiliate(ff1, McService.MCPTT, FIRE);

    Outcome again = t.affiliate(ff1, McService.MCPTT, FIRE);

    assertThat(again.deliveries()).isEmpty();
    assertThat(t.states(RG1, ff1)).containsExactly(MemberState.NOTIFIED, MemberState.JOINED_LATE);
  }

  @Test
  void addingAnUnregroupedGroupToTheSetDoesNotResend() {
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);
    McServiceClient ff1 = t.affiliated(FF1, FIRE);

    Outcome more = t.affiliate(ff1, McService.MCPTT, FIRE, MIXED);

    assertThat(more.deliveries()).isEmpty();
    assertThat(t.active(RG1).participants()).containsExactly(ff1);
  }

  @Test
  void aClientAlreadyParticipatingViaOneRegroupedGroupIsNotResentForAnother() {
    t.groupRegroup(McService.MCVIDEO, DISP1, RG1, TMPL_INCIDENT, FIRE, VIDEO_ONLY);
    McServiceClient ff1 = t.registered(FF1);
    assertThat(recipients(t.affiliate(ff1, McService.MCVIDEO, FIRE))).containsExactly(ff1);

    Outcome second = t.affiliate(ff1, McService.MCVIDEO, FIRE, VIDEO_ONLY);

    assertThat(second.deliveries()).isEmpty();
    assertThat(t.states(RG1, ff1)).containsExactly(MemberState.NOTIFIED, MemberState.JOINED_LATE);
  }

  @Test
  void affiliatingToTwoGroupsOfTheSameRegroupAtOnceSendsOneRequest() {
    t.groupRegroup(McService.MCVIDEO, DISP1, RG1, TMPL_INCIDENT, FIRE, VIDEO_ONLY);
    McServiceClient ff1 = t.registered(FF1);

    Outcome o = t.affiliate(ff1, McService.MCVIDEO, FIRE, VIDEO_ONLY);

    assertThat(o.deliveries()).hasSize(1);
  }

  @Test
  void affiliatingToAGroupRegroupedForAnotherMcServiceDoesNotJoin() {
    t.groupRegroup(McService.MCVIDEO, DISP1, RG1, TMPL_INCIDENT, FIRE);
    McServiceClient ff1 = t.registered(FF1);

    Outcome o = t.affiliate(ff1, McService.MCPTT, FIRE);

    assertThat(o.deliveries()).isEmpty();
    assertThat(t.active(RG1).participants()).isEmpty();
    assertThat(t.active(RG1).outcomes()).isEmpty();
  }

  @Test
  void affiliatingToAGroupThatIsNotRegroupedJoinsNothing() {
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, POLICE);
    McServiceClient ff2 = t.registered(FF2);

    Outcome o = t.affiliate(ff2, McService.MCPTT, FIRE);

    assertThat(o.deliveries()).isEmpty();
    assertThat(t.active(RG1).participants()).isEmpty();
  }

  @Test
  void aClientThatLeftAndAffiliatesAgainRejoins() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);
    t.affiliate(ff1, McService.MCPTT);
    assertThat(t.active(RG1).hasParticipant(ff1)).isFalse();

    Outcome back = t.affiliate(ff1, McService.MCPTT, FIRE);

    assertThat(recipients(back)).containsExactly(ff1);
    assertThat(t.states(RG1, ff1)).containsExactly(
        MemberState.NOTIFIED, MemberState.AFFILIATED, MemberState.LEFT, MemberState.NOTIFIED, MemberState.JOINED_LATE);
  }
}
