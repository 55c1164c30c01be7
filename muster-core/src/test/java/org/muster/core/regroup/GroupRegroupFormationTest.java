package org.muster.core.regroup;

import org.muster.core.GmsMarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.AMB1;
import static org.muster.core.RegroupTestContext.AMBULANCE;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.DISP2;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.GHOST;
import static org.muster.core.RegroupTestContext.MIXED;
import static org.muster.core.RegroupTestContext.NO_SUCH_GROUP;
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.RG3;
import static org.muster.core.RegroupTestContext.TMPL_BROADCAST;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.VIDEO_ONLY;
import static org.muster.core.RegroupTestContext.X1;
import static org.muster.core.RegroupTestContext.recipients;
import static org.muster.core.RegroupTestContext.requests;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/** TS 23.280 10.xx.3.2.1 Preconfigured group regroup formation in a single MC system. */
class GroupRegroupFormationTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  private static Rejection rejection(Outcome o) {
    assertThat(o.accepted()).as("outcome is a rejection").isFalse();
    assertThat(o.deliveries()).as("a rejection sends nothing").isEmpty();
    return o.rejection().orElseThrow();
  }

  private void assertNothingFormed() {
    assertThat(t.server.activeRegroups()).isEmpty();
  }

  // ---- step 3: authorization

  @Test
  void step3_rejectsRequesterWithoutGroupRegroupAuthorization() {
    McServiceClient ff2 = t.affiliated(FF2, FIRE);

    Rejection r = rejection(t.groupRegroup(FF1, RG1, TMPL_INCIDENT, FIRE, POLICE));

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).startsWith("not authorized: ").contains(FF1.uri());
    assertNothingFormed();
    assertThat(t.server.regroup(RG1)).isEmpty();
    assertThat(t.server.affiliationsOf(ff2, McService.MCPTT)).containsExactly(FIRE);
  }

  @Test
  void step3_rejectsRequesterWhoIsNotAUserOfThisSystem() {
    Rejection r = rejection(t.groupRegroup(GHOST, RG1, TMPL_INCIDENT, FIRE));

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertNothingFormed();
  }

  @Test
  void step3_acceptsRequesterWithOnlyTheGroupRegroupAuthorization() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);

    Outcome o = t.groupRegroup(DISP2, RG1, TMPL_INCIDENT, FIRE, POLICE);

    assertThat(o.accepted()).isTrue();
    assertThat(t.active(RG1).requester()).isEqualTo(DISP2);
    assertThat(recipients(o)).containsExactly(ff1);
  }

  // ---- step 3: resolve the group identities

  @Test
  void step3_rejectsUnknownListedGroupWith404AndTheUri() {
    t.affiliated(FF1, FIRE);

    Rejection r = rejection(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, NO_SUCH_GROUP));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + NO_SUCH_GROUP.uri());
    assertNothingFormed();
  }

  @Test
  void step3_rejectsUnknownConfigurationGroupWith404AndTheUri() {
    Rejection r = rejection(t.groupRegroup(DISP1, RG1, NO_SUCH_GROUP, FIRE, POLICE));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + NO_SUCH_GROUP.uri());
    assertNothingFormed();
  }

  @Test
  void step3_rejectsAPreconfiguredGroupInTheListOfGroupsToRegroup() {
    // 10.xx.3.1: a preconfigured group is a source of configuration only, never regrouped itself.
    // (The reason code chosen for this case is not in the WIRE.md table: see the report.)
    Rejection r = rejection(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, TMPL_BROADCAST));

    assertThat(r.warningText()).contains(TMPL_BROADCAST.uri());
    assertNothingFormed();
  }

  @Test
  void step3_configurationMayComeFromAnOrdinaryGroupHeldByAllRegroupedUsers() {
    // 10.xx.3.1 NOTE 2: the configuration may be taken from any group in the users' profiles
    McServiceClient ff1 = t.affiliated(FF1, FIRE);

    Outcome o = t.groupRegroup(DISP1, RG1, FIRE, FIRE);

    assertThat(o.accepted()).isTrue();
    assertThat(recipients(o)).containsExactly(ff1);
  }

  @Test
  void note1_requesterNeedNotBeAMemberNorAffiliatedNorEvenRegistered() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    McServiceClient pol1 = t.affiliated(POL1, POLICE);

    Outcome o = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    assertThat(o.accepted()).isTrue();
    assertThat(t.server.registrationsOf(DISP1)).isEmpty();
    assertThat(recipients(o)).containsExactly(ff1, pol1);
  }

  // ---- step 4: already regrouped (148) and regroup group ID in use (165)

  @Test
  void step4_rejectsWhenAListedGroupIsAlreadyRegrouped() {
    McServiceClient pol1 = t.affiliated(POL1, POLICE);
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE).accepted()).isTrue();

    Rejection r = rejection(t.groupRegroup(DISP1, RG2, TMPL_INCIDENT, POLICE, AMBULANCE));

    assertThat(r.reason()).isEqualTo(RejectReason.GROUP_REGROUPED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
    assertThat(r.detail()).as("names the group and the regroup holding it").isEqualTo(POLICE.uri() + " is regrouped by " + RG1.uri());
    assertThat(t.isActive(RG2)).isFalse();
    assertThat(t.active(RG1).participants()).containsExactly(pol1);
  }

  @Test
  void step4_rejectsWhenTheGmsReportedAListedGroupAsRegrouped() {
    assertThat(GmsMarks.of(t.server).mark(AMBULANCE)).isTrue();

    Rejection r = rejection(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, AMBULANCE));

    assertThat(r.reason()).isEqualTo(RejectReason.GROUP_REGROUPED);
    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
    assertThat(r.detail()).isEqualTo(AMBULANCE.uri() + " is regrouped by another mechanism (marked at the group management server)");
    assertNothingFormed();
  }

  @Test
  void step4_acceptsAgainOnceTheGmsNoLongerReportsTheGroupRegrouped() {
    GmsMarks gms = GmsMarks.of(t.server);
    gms.mark(AMBULANCE);
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, AMBULANCE).accepted()).isFalse();
    assertThat(gms.unmark(AMBULANCE)).isTrue();

    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, AMBULANCE).accepted()).isTrue();
  }

  @Test
  void step4_rejectsWhenTheGmsReportedTheRegroupGroupItselfAsRegrouped() {
    // step 4: "any of the groups requested for regrouping, including the regroup group"
    GmsMarks.of(t.server).mark(RG1);

    Rejection r = rejection(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE));

    assertThat(r.reason()).isEqualTo(RejectReason.GROUP_REGROUPED);
    assertThat(r.detail()).isEqualTo(RG1.uri() + " is regrouped by another mechanism (marked at the group management server)");
    assertNothingFormed();
  }

  @Test
  void step4_rejectsARegroupGroupIdThatIsAConfiguredGroupWith165() {
    Rejection r = rejection(t.groupRegroup(DISP1, AMBULANCE, TMPL_INCIDENT, FIRE, POLICE));

    assertThat(r.reason()).isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).isEqualTo("165 group ID for regroup already in use");
    assertNothingFormed();
  }

  @Test
  void rejectsARegroupGroupIdInADomainNoSystemHereServes() {
    McServiceGroupId elsewhere = McServiceGroupId.of("sip:rg-1@elsewhere.example");

    Rejection r = rejection(t.groupRegroup(DISP1, elsewhere, TMPL_INCIDENT, FIRE));

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).startsWith("not authorized: regroup group sip:rg-1@elsewhere.example is in elsewhere.example")
        .contains("neither this system's domain (metro.example) nor a partner system's");
    assertNothingFormed();
  }

  @Test
  void step4_rejectsARegroupGroupIdOfAnActiveRegroupWith165() {
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE).accepted()).isTrue();

    Rejection r = rejection(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, AMBULANCE));

    assertThat(r.reason()).isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(t.active(RG1).regroupedGroups()).containsExactly(FIRE);
  }

  @Test
  void step4_rejectsARegroupGroupIdOfAnActiveUserRegroupWith165() {
    assertThat(t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1).accepted()).isTrue();

    Rejection r = rejection(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, AMBULANCE));

    assertThat(r.reason()).isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(t.active(RG1).isGroupRegroup()).isFalse();
  }

  @Test
  void step4_rejectsARegroupGroupIdEqualToTheConfigurationGroupWith165() {
    // 10.xx.3.1: the preconfigured group is not used as the regroup group itself
    Rejection r = rejection(t.groupRegroup(DISP1, TMPL_INCIDENT, TMPL_INCIDENT, FIRE, POLICE));

    assertThat(r.reason()).isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(r.warningText()).isEqualTo("165 group ID for regroup already in use");
    assertNothingFormed();
  }

  // ---- step 5: preconfigured regroup requests to the affiliated members only

  @Test
  void step5_sendsTheRequestToTheAffiliatedMembersOfEveryListedGroup() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    McServiceClient ff2 = t.affiliated(FF2, FIRE);
    McServiceClient pol1 = t.affiliated(POL1, POLICE);
    McServiceClient amb1 = t.affiliated(AMB1, AMBULANCE); // not a listed group

    Outcome o = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    assertThat(o.accepted()).isTrue();
    assertThat(recipients(o)).containsExactlyInAnyOrder(ff1, ff2, pol1).doesNotContain(amb1);
    assertThat(o.deliveries()).hasSize(3).allMatch(d -> !d.isCancel() && d.service() == McService.MCPTT);
    assertThat(o.deliveries()).extracting(Delivery::id).doesNotHaveDuplicates();
  }

  @Test
  void step5_sendsToEveryAffiliatedClientOfAUserWithSeveralClients() {
    McServiceClient ff1a = t.affiliated(FF1, FIRE);
    McServiceClient ff1b = t.affiliated(FF1, FIRE);

    Outcome o = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);

    assertThat(recipients(o)).containsExactlyInAnyOrder(ff1a, ff1b);
  }

  @Test
  void note3_aRegisteredMemberThatIsNotAffiliatedGetsNothing() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    McServiceClient ff2 = t.registered(FF2); // member of fire, registered, not affiliated

    Outcome o = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    assertThat(recipients(o)).containsExactly(ff1).doesNotContain(ff2);
    assertThat(t.active(RG1).outcomes()).doesNotContainKey(ff2);
    assertThat(t.active(RG1).hasParticipant(ff2)).isFalse();
  }

  @Test
  void note3_aMemberAffiliatedOnlyForAnotherMcServiceGetsNothing() {
    McServiceClient ff1 = t.affiliated(FF1, McService.MCPTT, FIRE);
    McServiceClient ff2 = t.affiliated(FF2, McService.MCVIDEO, FIRE);

    Outcome o = t.groupRegroup(McService.MCPTT, DISP1, RG1, TMPL_INCIDENT, FIRE);

    assertThat(recipients(o)).containsExactly(ff1);
    assertThat(t.active(RG1).hasParticipant(ff2)).isFalse();
  }

  @Test
  void step5_theRequestCarriesTargetRequesterRegroupGroupConfigurationGroupAndList() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);

    Outcome o = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    Delivery d = RegroupTestContext.deliveryTo(o, ff1);
    assertThat(d.service()).isEqualTo(McService.MCPTT);
    assertThat(d.regroupGroup()).isEqualTo(RG1);
    assertThat(d.flow()).isEqualTo(new PreconfiguredRegroupRequest.ToClient(
        FF1, RG1, TMPL_INCIDENT, new RegroupTargets.Groups(List.of(FIRE, POLICE)), DISP1, false));
  }

  @Test
  void step5_theBroadcastIndicationComesFromTheConfigurationGroup() {
    t.affiliated(FF1, FIRE);
    t.affiliated(POL1, POLICE);

    Outcome broadcast = t.groupRegroup(DISP1, RG1, TMPL_BROADCAST, FIRE);
    Outcome twoWay = t.groupRegroup(DISP1, RG2, TMPL_INCIDENT, POLICE);

    assertThat(requests(broadcast)).isNotEmpty().allMatch(PreconfiguredRegroupRequest.ToClient::broadcast);
    assertThat(requests(twoWay)).isNotEmpty().noneMatch(PreconfiguredRegroupRequest.ToClient::broadcast);
    assertThat(t.active(RG1).broadcast()).isTrue();
    assertThat(t.active(RG2).broadcast()).isFalse();
  }

  @Test
  void step5_formsTheRegroupEvenWithNoAffiliatedMember() {
    Outcome o = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    assertThat(o.accepted()).isTrue();
    assertThat(o.deliveries()).isEmpty();
    assertThat(t.active(RG1).participants()).isEmpty();
    assertThat(o.events()).extracting(RegroupEvent::kind).containsExactly(RegroupEvent.Kind.FORMED);
  }

  // ---- step 8: affiliate the regrouped clients to the regroup group

  @Test
  void step8_theParticipantsAreExactlyTheNotifiedClients() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    McServiceClient ff2 = t.affiliated(FF2, FIRE);
    McServiceClient pol1 = t.affiliated(POL1, POLICE);
    t.registered(AMB1);

    Outcome o = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    ActiveRegroup r = t.active(RG1);
    assertThat(r.participants()).isEqualTo(recipients(o)).containsExactlyInAnyOrder(ff1, ff2, pol1);
    for (McServiceClient c : Set.of(ff1, ff2, pol1)) {
      assertThat(t.states(RG1, c)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED);
    }
  }

  @Test
  void step8_memberEventsAreEmittedForEveryStepOfEveryMember() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);

    Outcome o = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);

    assertThat(o.events()).extracting(RegroupEvent::kind)
        .containsExactly(RegroupEvent.Kind.FORMED, RegroupEvent.Kind.MEMBER, RegroupEvent.Kind.MEMBER);
    assertThat(RegroupTestContext.memberEvents(o))
        .allMatch(e -> e.client().orElseThrow().equals(ff1) && e.regroupGroup().equals(RG1) && e.service() == McService.MCPTT)
        .extracting(e -> e.memberState().orElseThrow())
        .containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED);
  }

  @Test
  void step8_theRegroupRecordsWhatWasAskedAndWhen() {
    t.advance(java.time.Duration.ofMinutes(5));

    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    ActiveRegroup r = t.active(RG1);
    assertThat(r.service()).isEqualTo(McService.MCPTT);
    assertThat(r.requester()).isEqualTo(DISP1);
    assertThat(r.configurationGroup()).isEqualTo(TMPL_INCIDENT);
    assertThat(r.isGroupRegroup()).isTrue();
    assertThat(r.regroupedGroups()).containsExactly(FIRE, POLICE);
    assertThat(r.formedAt()).isEqualTo(RegroupTestContext.START.plusSeconds(300));
  }

  // ---- 10.xx.3.1 / PROVISIONING.md: the regrouped users must hold the preconfigured group

  @Test
  void configurationNotHeld_rejectsNamingTheUsersWhoDoNotHoldIt() {
    t.affiliated(FF1, MIXED);

    Rejection r = rejection(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, MIXED));

    assertThat(r.reason()).isEqualTo(RejectReason.CONFIGURATION_NOT_HELD);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).contains(X1.uri()).contains(TMPL_INCIDENT.uri()).doesNotContain(FF1.uri());
    assertNothingFormed();
  }

  @Test
  void configurationNotHeld_theSameGroupsAreAcceptedWithATemplateThatAllHold() {
    Outcome o = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE, AMBULANCE);

    assertThat(o.accepted()).isTrue();
  }

  // ---- WIRE.md: retry

  @Test
  void retry_anExactRepeatIsAcceptedWithNoDeliveriesAndNoChange() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);
    Map<McServiceClient, List<MemberStep>> before = t.active(RG1).outcomes();

    Outcome again = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    assertThat(again.accepted()).isTrue();
    assertThat(again.deliveries()).isEmpty();
    assertThat(again.events()).isEmpty();
    assertThat(t.server.activeRegroups()).hasSize(1);
    assertThat(t.active(RG1).participants()).containsExactly(ff1);
    assertThat(t.active(RG1).outcomes()).isEqualTo(before);
  }

  @Test
  void retry_aDifferentRequestWithTheSameRegroupGroupIs165() {
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    assertThat(rejection(t.groupRegroup(DISP1, RG1, TMPL_BROADCAST, FIRE, POLICE)).reason())
        .as("other configuration group").isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(rejection(t.groupRegroup(DISP2, RG1, TMPL_INCIDENT, FIRE, POLICE)).reason())
        .as("other requester").isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(rejection(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE)).reason())
        .as("other list").isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(rejection(t.groupRegroup(McService.MCVIDEO, DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE)).reason())
        .as("other MC service").isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(t.active(RG1).configurationGroup()).isEqualTo(TMPL_INCIDENT);
  }

  // ---- one MC service per regroup (10.xx.1)

  @Test
  void service_aRegroupForMcvideoOnlyTouchesMcvideoAffiliations() {
    McServiceClient ff1 = t.affiliated(FF1, McService.MCPTT, FIRE);
    McServiceClient ff2 = t.affiliated(FF2, McService.MCVIDEO, FIRE, VIDEO_ONLY);

    Outcome o = t.groupRegroup(McService.MCVIDEO, DISP1, RG1, TMPL_INCIDENT, FIRE, VIDEO_ONLY);

    assertThat(o.accepted()).isTrue();
    assertThat(recipients(o)).containsExactly(ff2);
    assertThat(o.deliveries()).allMatch(d -> d.service() == McService.MCVIDEO);
    assertThat(t.active(RG1).service()).isEqualTo(McService.MCVIDEO);
    assertThat(t.active(RG1).participants()).containsExactly(ff2).doesNotContain(ff1);
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
  }

  // ---- STYLE.md 3.3: overlapping creates are decided one after the other

  @Test
  void concurrency_ofTwoOverlappingCreatesOnlyTheFirstSucceeds() {
    McServiceClient pol1 = t.affiliated(POL1, POLICE);
    McServiceClient amb1 = t.affiliated(AMB1, AMBULANCE);
    PreconfiguredRegroupRequest.FromClient a = RegroupTestContext.groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);
    PreconfiguredRegroupRequest.FromClient b = RegroupTestContext.groupRequest(DISP2, RG2, TMPL_INCIDENT, POLICE, AMBULANCE);

    Outcome first = t.server.regroup(McService.MCPTT, a);
    Outcome second = t.server.regroup(McService.MCPTT, b);

    assertThat(first.accepted()).isTrue();
    assertThat(second.rejection()).map(Rejection::reason).contains(RejectReason.GROUP_REGROUPED);
    assertThat(second.deliveries()).isEmpty();
    assertThat(t.server.activeRegroups()).extracting(ActiveRegroup::regroupGroup).containsExactly(RG1);
    assertThat(t.active(RG1).participants()).containsExactly(pol1).doesNotContain(amb1);
    // a create that shares no group still succeeds
    assertThat(t.groupRegroup(DISP2, RG3, TMPL_INCIDENT, AMBULANCE).accepted()).isTrue();
  }
}
