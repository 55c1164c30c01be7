package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.DISP2;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.GHOST;
import static org.muster.core.RegroupTestContext.NO_SUCH_GROUP;
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.RG3;
import static org.muster.core.RegroupTestContext.TMPL_BROADCAST;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.X1;
import static org.muster.core.RegroupTestContext.recipients;
import static org.muster.core.RegroupTestContext.requests;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.server.RegisterResult;

/** TS 23.280 10.xx.3.2.2 Preconfigured user regroup formation in a single MC system. */
class UserRegroupFormationTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  private static Rejection rejection(Outcome o) {
    assertThat(o.accepted()).as("outcome is a rejection").isFalse();
    assertThat(o.deliveries()).as("a rejection sends nothing").isEmpty();
    return o.rejection().orElseThrow();
  }

  // ---- step 3: authorization

  @Test
  void step3_rejectsRequesterWithoutUserRegroupAuthorization() {
    McServiceClient ff1 = t.registered(FF1);

    Rejection r = rejection(t.userRegroup(DISP2, RG1, TMPL_INCIDENT, FF1)); // disp2 may only group-regroup

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).startsWith("not authorized: ").contains(DISP2.uri());
    assertThat(t.server.activeRegroups()).isEmpty();
    assertThat(t.server.regroup(RG1)).isEmpty();
    assertThat(t.server.activeRegroups()).noneMatch(r0 -> r0.hasParticipant(ff1));
  }

  @Test
  void step3_rejectsAUserWithoutAnyAuthorization() {
    assertThat(rejection(t.userRegroup(FF1, RG1, TMPL_INCIDENT, FF2)).reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
  }

  @Test
  void step3_acceptsAnAuthorizedRequester() {
    McServiceClient ff1 = t.registered(FF1);

    Outcome o = t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1);

    assertThat(o.accepted()).isTrue();
    assertThat(recipients(o)).containsExactly(ff1);
    assertThat(t.active(RG1).isGroupRegroup()).isFalse();
    assertThat(t.active(RG1).regroupedGroups()).isEmpty();
  }

  // ---- identities

  @Test
  void rejectsAnUnknownListedUserWith404AndTheUri() {
    t.registered(FF1);

    Rejection r = rejection(t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, GHOST));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + GHOST.uri());
    assertThat(t.server.activeRegroups()).isEmpty();
  }

  @Test
  void rejectsAnUnknownConfigurationGroupWith404() {
    Rejection r = rejection(t.userRegroup(DISP1, RG1, NO_SUCH_GROUP, FF1));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + NO_SUCH_GROUP.uri());
  }

  @Test
  void rejectsARegroupGroupIdThatIsAConfiguredGroupWith165() {
    Rejection r = rejection(t.userRegroup(DISP1, POLICE, TMPL_INCIDENT, FF1));

    assertThat(r.reason()).isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(r.warningText()).isEqualTo("165 group ID for regroup already in use");
  }

  @Test
  void rejectsARegroupGroupIdOfAnActiveRegroupWith165() {
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);

    assertThat(rejection(t.userRegroup(DISP1, RG1, TMPL_INCIDENT, POL1)).reason())
        .isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
  }

  @Test
  void configurationNotHeld_rejectsNamingTheUsersWhoDoNotHoldIt() {
    t.registered(X1);

    Rejection r = rejection(t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, X1, POL1));

    assertThat(r.reason()).isEqualTo(RejectReason.CONFIGURATION_NOT_HELD);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).contains(X1.uri()).doesNotContain(FF1.uri()).doesNotContain(POL1.uri());
    assertThat(t.server.activeRegroups()).isEmpty();
  }

  // ---- step 4: the request goes to every registered client of each listed user

  @Test
  void step4_sendsToEveryRegisteredClientOfEachListedUser() {
    McServiceClient ff1a = t.registered(FF1);
    McServiceClient ff1b = t.registered(FF1);
    McServiceClient pol1 = t.registered(POL1);
    McServiceClient ff2 = t.registered(FF2); // not listed

    Outcome o = t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, POL1);

    assertThat(recipients(o)).containsExactlyInAnyOrder(ff1a, ff1b, pol1).doesNotContain(ff2);
    assertThat(RegroupTestContext.deliveryTo(o, ff1a).flow()).isEqualTo(new PreconfiguredRegroupRequest.ToClient(
        FF1, RG1, TMPL_INCIDENT, new RegroupTargets.Users(List.of(FF1, POL1)), DISP1, false));
    assertThat(((PreconfiguredRegroupRequest.ToClient) RegroupTestContext.deliveryTo(o, pol1).flow()).target())
        .isEqualTo(POL1);
  }

  @Test
  void step4_clientsRegisteredOnlyForAnotherServiceGetNothing() {
    McServiceClient ff1Ptt = t.client(FF1);
    t.register(ff1Ptt, McService.MCPTT);
    McServiceClient ff1Video = t.client(FF1);
    t.register(ff1Video, McService.MCVIDEO, McService.MCDATA);

    Outcome o = t.userRegroup(McService.MCPTT, DISP1, RG1, TMPL_INCIDENT, FF1);

    assertThat(recipients(o)).containsExactly(ff1Ptt);
    assertThat(o.deliveries()).allMatch(d -> d.service() == McService.MCPTT);
  }

  @Test
  void step4_aListedUserWithNoRegisteredClientGetsNothingAndTheRegroupStillForms() {
    Outcome o = t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, FF2);

    assertThat(o.accepted()).isTrue();
    assertThat(o.deliveries()).isEmpty();
    assertThat(t.active(RG1).participants()).isEmpty();
  }

  @Test
  void step4_affiliationToGroupsPlaysNoRoleInAUserRegroup() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    McServiceClient ff2 = t.registered(FF2);

    Outcome o = t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, FF2);

    assertThat(recipients(o)).containsExactlyInAnyOrder(ff1, ff2);
  }

  @Test
  void step4_theBroadcastIndicationComesFromTheConfigurationGroup() {
    t.registered(FF1);

    Outcome o = t.userRegroup(DISP1, RG1, TMPL_BROADCAST, FF1);

    assertThat(requests(o)).singleElement().matches(PreconfiguredRegroupRequest.ToClient::broadcast);
  }

  // ---- step 7: affiliate the regrouped clients to the regroup group

  @Test
  void step7_theParticipantsAreExactlyTheNotifiedClients() {
    McServiceClient ff1 = t.registered(FF1);
    McServiceClient pol1 = t.registered(POL1);

    Outcome o = t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, POL1, FF2);

    assertThat(t.active(RG1).participants()).isEqualTo(recipients(o)).containsExactlyInAnyOrder(ff1, pol1);
    assertThat(t.states(RG1, ff1)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED);
    assertThat(t.states(RG1, pol1)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED);
    assertThat(o.events()).first().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(RegroupEvent.Kind.FORMED);
      assertThat(e.regroupGroup()).isEqualTo(RG1);
    });
  }

  // ---- NOTE 1: clients can be in several user and group regroups at once

  @Test
  void note1_aClientMayBeInSeveralUserRegroupsAndAGroupRegroupAtOnce() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    t.registered(FF2);

    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE).accepted()).isTrue();
    Outcome u1 = t.userRegroup(DISP1, RG2, TMPL_INCIDENT, FF1);
    Outcome u2 = t.userRegroup(DISP1, RG3, TMPL_BROADCAST, FF1, FF2);

    assertThat(u1.accepted()).isTrue();
    assertThat(u2.accepted()).isTrue();
    assertThat(recipients(u1)).contains(ff1);
    assertThat(recipients(u2)).contains(ff1);
    assertThat(List.of(RG1, RG2, RG3)).allMatch(rg -> t.active(rg).hasParticipant(ff1));
  }

  // ---- WIRE.md: retry

  @Test
  void retry_anExactRepeatIsAcceptedWithNoDeliveriesAndNoChange() {
    McServiceClient ff1 = t.registered(FF1);
    t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, FF2);
    var before = t.active(RG1).outcomes();

    Outcome again = t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, FF2);

    assertThat(again.accepted()).isTrue();
    assertThat(again.deliveries()).isEmpty();
    assertThat(again.events()).isEmpty();
    assertThat(t.active(RG1).outcomes()).isEqualTo(before);
    assertThat(t.active(RG1).participants()).containsExactly(ff1);
  }

  @Test
  void retry_aDifferentListWithTheSameRegroupGroupIs165() {
    t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, FF2);

    assertThat(rejection(t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1)).reason())
        .isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
  }

  // ---- a listed user whose client registers during the regroup (10.xx.3.4.1 by the same rule)

  @Test
  void lateRegistration_aClientOfAListedUserThatRegistersLaterJoins() {
    t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1, FF2);
    t.advance(java.time.Duration.ofSeconds(30));
    McServiceClient ff2 = t.client(FF2);

    RegisterResult reg = t.register(ff2, McService.MCPTT);

    Delivery d = RegroupTestContext.deliveryTo(reg.outcome(), ff2);
    assertThat(d.flow()).isEqualTo(new PreconfiguredRegroupRequest.ToClient(
        FF2, RG1, TMPL_INCIDENT, new RegroupTargets.Users(List.of(FF1, FF2)), DISP1, false));
    assertThat(t.active(RG1).participants()).containsExactly(ff2);
    assertThat(t.states(RG1, ff2)).containsExactly(MemberState.NOTIFIED, MemberState.JOINED_LATE);
  }

  @Test
  void lateRegistration_aSecondClientOfAnAlreadyRegroupedUserJoinsToo() {
    McServiceClient ff1a = t.registered(FF1);
    t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1);

    McServiceClient ff1b = t.client(FF1);
    RegisterResult reg = t.register(ff1b);

    assertThat(recipients(reg.outcome())).containsExactly(ff1b);
    assertThat(t.active(RG1).participants()).containsExactlyInAnyOrder(ff1a, ff1b);
  }

  @Test
  void lateRegistration_aClientRegisteringForAnotherServiceDoesNotJoin() {
    t.userRegroup(McService.MCPTT, DISP1, RG1, TMPL_INCIDENT, FF1);
    McServiceClient ff1 = t.client(FF1);

    RegisterResult reg = t.register(ff1, McService.MCVIDEO);

    assertThat(reg.outcome().deliveries()).isEmpty();
    assertThat(t.active(RG1).participants()).isEmpty();
  }

  @Test
  void lateRegistration_anUnlistedUserDoesNotJoin() {
    t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1);
    McServiceClient ff2 = t.client(FF2);

    RegisterResult reg = t.register(ff2);

    assertThat(reg.outcome().deliveries()).isEmpty();
    assertThat(t.active(RG1).participants()).isEmpty();
  }

  @Test
  void lateRegistration_refreshingARegistrationDoesNotResend() {
    McServiceClient ff1 = t.registered(FF1);
    t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1);

    RegisterResult refresh = t.register(ff1);

    assertThat(refresh.outcome().deliveries()).isEmpty();
    assertThat(t.states(RG1, ff1)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED);
  }
}
