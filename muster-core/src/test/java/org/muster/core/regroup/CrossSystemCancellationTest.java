package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.DISP2;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.START;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.cancels;
import static org.muster.core.RegroupTestContext.groupRequest;
import static org.muster.core.RegroupTestContext.recipients;
import static org.muster.core.RegroupTestContext.user;
import static org.muster.core.RegroupTestContext.userRequest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.muster.core.ManualClock;
import org.muster.core.config.Authorization;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.UserConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.server.McServiceServer;

/**
 * The primary MC service server's side of TS 23.280 10.xx.3.3.3 Preconfigured regroup cancellation
 * in multiple MC systems (steps 3, 4 and 10): the local cancel plus one server-to-server cancel
 * request to every partner the regroup spans. metro.example is the primary, with partners north
 * and south; a supervisor sup1 may only cancel.
 */
class CrossSystemCancellationTest {
  static final McServiceId SUP1 = user("sup1");
  static final McServiceId N1 = McServiceId.of("sip:n1@north.example");
  static final McServiceGroupId RESCUE = McServiceGroupId.of("sip:rescue@north.example");
  static final McServiceGroupId MOUNTAIN = McServiceGroupId.of("sip:mountain@south.example");

  private final ManualClock clock = new ManualClock(START);
  private final McServiceServer metro = new McServiceServer(metroWithSupervisor(), clock);
  private int nextPort = 7101;

  /** The primary of {@link PrimaryRegroupAcrossSystemsTest} plus sup1 (cancel-regroup only). */
  private static McSystemConfig metroWithSupervisor() {
    McSystemConfig base = PrimaryRegroupAcrossSystemsTest.metroConfig();
    List<UserConfig> users = new ArrayList<>(base.users().values());
    users.add(new UserConfig(SUP1, EnumSet.of(Authorization.CANCEL_REGROUP)));
    return new McSystemConfig(base.system(), users, List.copyOf(base.groups().values()), base.partners());
  }

  private McServiceClient affiliated(McServiceId u, McServiceGroupId... groups) {
    String name = u.uri().substring("sip:".length(), u.uri().indexOf('@'));
    McServiceClient c = new McServiceClient(u, "sip:" + name + "@127.0.0.1:" + nextPort++);
    assertThat(metro.register(c, McServiceServer.allServices(), 3600).refusal()).isEmpty();
    assertThat(metro.affiliate(c, McService.MCPTT, List.of(groups)).refusal()).isEmpty();
    return c;
  }

  /** A group regroup across systems that every partner accepted: in effect. */
  private ActiveRegroup formedAcross(McServiceGroupId regroupGroup, McServiceGroupId... groups) {
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, regroupGroup, TMPL_INCIDENT, groups));
    assertThat(begun.awaiting()).isTrue();
    Map<String, PartnerAnswer> answers = new LinkedHashMap<>();
    for (PartnerRequest r : begun.toPartners()) answers.put(r.partnerId(), new PartnerAnswer.Accepted());
    CrossSystem done = metro.partnersAnswered(regroupGroup, begun.instance(), answers);
    assertThat(done.outcome().accepted()).isTrue();
    return metro.regroup(regroupGroup).orElseThrow();
  }

  private CrossSystem cancelAcross(McServiceId requester, McServiceGroupId regroupGroup) {
    return metro.cancelAcrossSystems(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(requester, regroupGroup));
  }

  private static Rejection rejectedAtOnce(CrossSystem c) {
    assertThat(c.awaiting()).isFalse();
    assertThat(c.toPartners()).isEmpty();
    assertThat(c.outcome().accepted()).isFalse();
    assertThat(c.outcome().deliveries()).isEmpty();
    return c.outcome().rejection().orElseThrow();
  }

  private boolean isActive(McServiceGroupId rg) {
    return metro.activeRegroups().stream().anyMatch(r -> r.regroupGroup().equals(rg));
  }

  private List<MemberState> states(McServiceGroupId rg, McServiceClient c) {
    return metro.regroup(rg).orElseThrow().outcomes().getOrDefault(c, List.of()).stream().map(MemberStep::state).toList();
  }

  // ---- step 3: authorization

  @Test
  void step3_rejectsRequesterWithoutCancelAuthorizationAndAsksNoPartner() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    formedAcross(RG1, FIRE, RESCUE);

    Rejection r = rejectedAtOnce(cancelAcross(DISP2, RG1)); // disp2: group-regroup only

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(isActive(RG1)).isTrue();
    assertThat(metro.regroup(RG1).orElseThrow().participants()).containsExactly(ff1);
  }

  // ---- step 4: the cancel request to the partner; the local cancel (10.xx.3.2.3 steps 4 and 7)

  @Test
  void step4_cancelOfARegroupSpanningNorthCancelsHereAndSendsOneCancelToNorth() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    McServiceClient ff2 = affiliated(FF2, FIRE);
    ActiveRegroup formed = formedAcross(RG1, FIRE, RESCUE);

    CrossSystem c = cancelAcross(DISP1, RG1);

    assertThat(c.outcome().accepted()).isTrue();
    assertThat(c.awaiting()).as("step 10 answers after the partner's cancel response").isTrue();
    assertThat(c.instance()).isEqualTo(formed.instance());
    assertThat(recipients(c.outcome())).containsExactlyInAnyOrder(ff1, ff2);
    assertThat(cancels(c.outcome())).hasSize(2).allMatch(x -> x.regroupGroup().equals(RG1) && x.requester().equals(DISP1));
    assertThat(c.toPartners()).hasSize(1);
    PartnerRequest toNorth = c.toPartners().get(0);
    assertThat(toNorth.partnerId()).isEqualTo("north");
    assertThat(toNorth.service()).isEqualTo(McService.MCPTT);
    assertThat(toNorth.isCancel()).isTrue();
    assertThat(((PreconfiguredRegroupCancelRequest.BetweenServers) toNorth.flow()).regroupGroup()).isEqualTo(RG1);
  }

  @Test
  void step4_theLocalMembersAreDeaffiliatedAndTheRegroupEnds() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    formedAcross(RG1, FIRE, RESCUE);

    cancelAcross(DISP1, RG1);

    assertThat(isActive(RG1)).isFalse();
    assertThat(metro.recentlyCancelled()).extracting(ActiveRegroup::regroupGroup).contains(RG1);
    assertThat(states(RG1, ff1)).containsSubsequence(MemberState.CANCEL_NOTIFIED, MemberState.DEAFFILIATED);
    assertThat(metro.regroup(RG1).orElseThrow().participants()).isEmpty();
    assertThat(metro.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
  }

  @Test
  void step4_aRegroupSpanningTwoPartnersSendsOneCancelToEach() {
    affiliated(FF1, FIRE);
    formedAcross(RG1, FIRE, RESCUE, MOUNTAIN);

    CrossSystem c = cancelAcross(DISP1, RG1);

    assertThat(c.toPartners()).extracting(PartnerRequest::partnerId).containsExactlyInAnyOrder("north", "south");
    assertThat(c.toPartners()).allMatch(PartnerRequest::isCancel);
    assertThat(c.awaiting()).isTrue();
  }

  @Test
  void step4_aCrossSystemUserRegroupIsCancelledAtItsPartnerToo() {
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, userRequest(DISP1, RG1, TMPL_INCIDENT, FF1, N1));
    metro.partnersAnswered(RG1, begun.instance(), Map.of("north", new PartnerAnswer.Accepted()));

    CrossSystem c = cancelAcross(DISP1, RG1);

    assertThat(c.outcome().accepted()).isTrue();
    assertThat(c.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north");
  }

  @Test
  void step4_aPurelyLocalRegroupHasNoPartnerRequestsAndIsNotAwaiting() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    McServiceClient pol1 = affiliated(POL1, POLICE);
    CrossSystem formed = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE));
    assertThat(formed.awaiting()).isFalse();

    CrossSystem c = cancelAcross(DISP1, RG1);

    assertThat(c.outcome().accepted()).isTrue();
    assertThat(c.toPartners()).isEmpty();
    assertThat(c.awaiting()).isFalse();
    assertThat(recipients(c.outcome())).containsExactlyInAnyOrder(ff1, pol1);
    assertThat(isActive(RG1)).isFalse();
  }

  @Test
  void step4_afterTheCancelTheGroupsAreFreeForANewCrossSystemRegroup() {
    affiliated(FF1, FIRE);
    formedAcross(RG1, FIRE, RESCUE);
    cancelAcross(DISP1, RG1);

    CrossSystem again = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG2, TMPL_INCIDENT, FIRE, RESCUE));

    assertThat(again.outcome().accepted()).isTrue();
    assertThat(again.awaiting()).isTrue();
    assertThat(again.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north");
  }

  @Test
  void step4_theCancelToThePartnerNamesTheUserWhoAskedForTheCancel() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    formedAcross(RG1, FIRE, RESCUE); // created by disp1

    CrossSystem c = cancelAcross(SUP1, RG1);

    assertThat(c.outcome().accepted()).isTrue();
    assertThat(cancels(c.outcome())).allMatch(x -> x.requester().equals(SUP1));
    assertThat(recipients(c.outcome())).containsExactly(ff1);
    PreconfiguredRegroupCancelRequest.BetweenServers f = (PreconfiguredRegroupCancelRequest.BetweenServers) c.toPartners().get(0).flow();
    assertThat(f.requester()).isEqualTo(SUP1);
  }

  // ---- what cannot be cancelled

  @Test
  void step3_cancellingARegroupThatIsStillFormingIsUnknown() {
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE));

    Rejection r = rejectedAtOnce(cancelAcross(DISP1, RG1));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + RG1.uri());
    // the forming regroup is untouched and can still complete
    assertThat(metro.regroup(RG1).orElseThrow().forming()).isTrue();
    assertThat(metro.partnersAnswered(RG1, begun.instance(), Map.of("north", new PartnerAnswer.Accepted())).outcome().accepted()).isTrue();
  }

  @Test
  void step3_aSingleSystemCancelOfAFormingRegroupIsUnknownToo() {
    metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE));

    Outcome o = metro.cancel(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(DISP1, RG1));

    assertThat(o.rejection().orElseThrow().sipStatus()).isEqualTo(404);
    assertThat(metro.regroup(RG1).orElseThrow().forming()).isTrue();
  }

  @Test
  void step3_cancellingARegroupAPartnerRejectedIsUnknown() {
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE));
    metro.partnersAnswered(RG1, begun.instance(),
        Map.of("north", new PartnerAnswer.Rejected(Rejection.passedOn(403, "148 group is regrouped"))));

    Rejection r = rejectedAtOnce(cancelAcross(DISP1, RG1));

    assertThat(r.sipStatus()).isEqualTo(404);
  }

  @Test
  void step3_cancellingAnUnknownRegroupGroupIsUnknown() {
    Rejection r = rejectedAtOnce(cancelAcross(DISP1, RG2));

    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + RG2.uri());
  }

  @Test
  void step3_aCancelForAnotherServiceIsUnknownAndLeavesTheRegroupInEffect() {
    affiliated(FF1, FIRE);
    formedAcross(RG1, FIRE, RESCUE);

    CrossSystem c = metro.cancelAcrossSystems(McService.MCVIDEO, new PreconfiguredRegroupCancelRequest.FromClient(DISP1, RG1));

    assertThat(rejectedAtOnce(c).sipStatus()).isEqualTo(404);
    assertThat(isActive(RG1)).isTrue();
  }

  @Test
  void step3_aSecondCancelIsUnknownAndSendsNothingToThePartner() {
    affiliated(FF1, FIRE);
    formedAcross(RG1, FIRE, RESCUE);
    cancelAcross(DISP1, RG1);

    Rejection r = rejectedAtOnce(cancelAcross(DISP1, RG1));

    assertThat(r.sipStatus()).isEqualTo(404);
  }

  @Test
  void step4_aReusedRegroupGroupIdDoesNotInheritThePartnersOfAnEarlierRegroup() {
    // rg1 spans north; cancelled; rg1 reused for a local-only regroup: its cancel asks no partner
    affiliated(FF1, FIRE);
    formedAcross(RG1, FIRE, RESCUE);
    cancelAcross(DISP1, RG1);
    assertThat(metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE)).awaiting()).isFalse();

    CrossSystem c = cancelAcross(DISP1, RG1);

    assertThat(c.outcome().accepted()).isTrue();
    assertThat(c.toPartners()).isEmpty();
    assertThat(metro.regroup(RG1).orElseThrow().partners()).isEmpty();
  }

  @Test
  void anExpiredRegroupAcrossSystemsOwesEachPartnerTheCancelOnceItIsStored() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, new org.muster.core.flow.PreconfiguredRegroupRequest.FromClient(DISP1, RG1,
        TMPL_INCIDENT, new org.muster.core.flow.RegroupTargets.Groups(List.of(FIRE, RESCUE)),
        java.util.Optional.of(new org.muster.core.flow.RegroupExpiry.After(java.time.Duration.ofMinutes(1)))));
    metro.partnersAnswered(RG1, begun.instance(), Map.of("north", new PartnerAnswer.Accepted()));
    assertThat(metro.activeRegroup(RG1)).isPresent();

    clock.advance(java.time.Duration.ofMinutes(1));
    org.muster.core.server.Decision<Outcome> expired = metro.decide(McServiceServer::expireRegroups);
    assertThat(recipients(expired.answer())).containsExactly(ff1);
    assertThat(expired.changes().get(0)).isInstanceOfSatisfying(StateChange.RegroupCancelled.class,
        c -> assertThat(c.owed()).extracting(OwedCancel::partner).containsExactly("north"));
    assertThat(expired.awaitsCommit()).isTrue();
    assertThat(metro.cancelsOwed().due()).as("not before the store holds the cancel").isEmpty();
    metro.committed(expired.changes());
    assertThat(metro.cancelsOwed().due()).singleElement().satisfies(a -> {
      assertThat(a.partner()).isEqualTo("north");
      assertThat(a.request().flow()).isEqualTo(new PreconfiguredRegroupCancelRequest.BetweenServers(DISP1, RG1));
    });
  }
}
