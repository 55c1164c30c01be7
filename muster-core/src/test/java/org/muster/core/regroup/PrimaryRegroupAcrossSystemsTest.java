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
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.START;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.group;
import static org.muster.core.RegroupTestContext.groupRequest;
import static org.muster.core.RegroupTestContext.recipients;
import static org.muster.core.RegroupTestContext.requests;
import static org.muster.core.RegroupTestContext.userRequest;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.ManualClock;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.config.UserConfig;
import org.muster.core.regroup.PrimaryRegroupAcrossSystems.PartnerEvent;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.server.McServiceServer;

/**
 * The primary MC service server's side of TS 23.280 10.xx.3.3.1 (group regroup in multiple MC
 * systems, steps 3, 4, 10 and 11), 10.xx.3.3.2 (user regroup, same steps) and 10.xx.3.3.4
 * (rejection by a partner, steps 6 and 7), with WIRE.md's 504 for a partner that did not answer.
 *
 * <p>The primary is metro.example (the metro users and groups of {@link
 * org.muster.core.RegroupTestContext}) with two partners: north (north.example) and south
 * (south.example). The partner servers are not simulated here: their answers are given to
 * {@link McServiceServer#partnersAnswered}.
 */
class PrimaryRegroupAcrossSystemsTest {
  // ---- the primary system: metro.example, partners north and south

  static final McServiceId N1 = McServiceId.of("sip:n1@north.example");
  static final McServiceId N2 = McServiceId.of("sip:n2@north.example");
  static final McServiceId S1 = McServiceId.of("sip:s1@south.example");
  static final McServiceId NOWHERE_USER = McServiceId.of("sip:u1@elsewhere.example");
  /** Groups homed in the partner systems, not known to metro's configuration. */
  static final McServiceGroupId RESCUE = McServiceGroupId.of("sip:rescue@north.example");
  static final McServiceGroupId HARBOUR = McServiceGroupId.of("sip:harbour@north.example");
  static final McServiceGroupId MOUNTAIN = McServiceGroupId.of("sip:mountain@south.example");
  /** A group in a domain that is neither metro's nor a partner's. */
  static final McServiceGroupId LAKE = McServiceGroupId.of("sip:lake@elsewhere.example");
  /** A metro group with a member homed in north: [ff1, n1]. */
  static final McServiceGroupId FIRE_NORTH = group("fire-north");
  /** Preconfigured groups: tmpl-fire [ff1, ff2], tmpl-police [pol1]. */
  static final McServiceGroupId TMPL_FIRE = group("tmpl-fire");
  static final McServiceGroupId TMPL_POLICE = group("tmpl-police");
  static final McServiceGroupId NO_SUCH_TEMPLATE = group("tmpl-none");

  private final McServiceServer metro = new McServiceServer(metroConfig(), new ManualClock(START));
  private int nextPort = 7001;

  static McSystemConfig metroConfig() {
    Set<McService> all = EnumSet.allOf(McService.class);
    List<UserConfig> users = List.of(
        new UserConfig(DISP1, Set.of(Authorization.GROUP_REGROUP, Authorization.USER_REGROUP, Authorization.CANCEL_REGROUP)),
        new UserConfig(DISP2, Set.of(Authorization.GROUP_REGROUP)),
        new UserConfig(FF1, Set.of()),
        new UserConfig(FF2, Set.of()),
        new UserConfig(POL1, Set.of()),
        new UserConfig(AMB1, Set.of()));
    List<GroupConfig> groups = List.of(
        new GroupConfig(FIRE, all, List.of(FF1, FF2), false, false),
        new GroupConfig(POLICE, all, List.of(POL1), false, false),
        new GroupConfig(AMBULANCE, all, List.of(AMB1), false, false),
        new GroupConfig(FIRE_NORTH, all, List.of(FF1, N1), false, false),
        new GroupConfig(TMPL_INCIDENT, all, List.of(FF1, FF2, POL1, AMB1), true, false),
        new GroupConfig(TMPL_FIRE, all, List.of(FF1, FF2), true, false),
        new GroupConfig(TMPL_POLICE, all, List.of(POL1), true, false));
    Set<Authorization> trustAll = EnumSet.allOf(Authorization.class);
    List<PartnerConfig> partners = List.of(
        new PartnerConfig("north", "north.example", new HostPort("127.0.0.1", 5070), trustAll),
        new PartnerConfig("south", "south.example", new HostPort("127.0.0.1", 5080), trustAll));
    SystemSettings system = new SystemSettings("metro", "metro.example", new HostPort("127.0.0.1", 5060), Optional.empty(), "./target/unused");
    return new McSystemConfig(system, users, groups, partners);
  }

  // ---- helpers

  private McServiceClient registered(McServiceId user) {
    String name = user.uri().substring("sip:".length(), user.uri().indexOf('@'));
    McServiceClient c = new McServiceClient(user, "sip:" + name + "@127.0.0.1:" + nextPort++);
    assertThat(metro.register(c, McServiceServer.allServices(), 3600).refusal()).isEmpty();
    return c;
  }

  private McServiceClient affiliated(McServiceId user, McServiceGroupId... groups) {
    McServiceClient c = registered(user);
    McServiceServer.AffiliationOutcome a = metro.affiliate(c, McService.MCPTT, List.of(groups));
    assertThat(a.notRegistered()).isEmpty();
    assertThat(a.refusal()).isEmpty();
    return c;
  }

  private CrossSystem groupAcross(McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId template, McServiceGroupId... groups) {
    return metro.regroupAcrossSystems(McService.MCPTT, groupRequest(requester, regroupGroup, template, groups));
  }

  private CrossSystem userAcross(McServiceId requester, McServiceGroupId regroupGroup, McServiceGroupId template, McServiceId... users) {
    return metro.regroupAcrossSystems(McService.MCPTT, userRequest(requester, regroupGroup, template, users));
  }

  private static Map<String, PartnerAnswer> answers(Object... partnerThenAnswer) {
    Map<String, PartnerAnswer> m = new LinkedHashMap<>();
    for (int i = 0; i < partnerThenAnswer.length; i += 2) m.put((String) partnerThenAnswer[i], (PartnerAnswer) partnerThenAnswer[i + 1]);
    return m;
  }

  private static final PartnerAnswer ACCEPTED = new PartnerAnswer.Accepted();
  private static final Rejection NORTH_148 = Rejection.passedOn(403, "148 group is regrouped");

  /** A rejection decided at once: nothing sent to clients, nothing to partners. */
  private static Rejection rejectedAtOnce(CrossSystem c) {
    assertThat(c.awaiting()).as("a rejection does not wait for partners").isFalse();
    assertThat(c.toPartners()).as("a rejection sends nothing to partners").isEmpty();
    assertThat(c.outcome().accepted()).as("outcome is a rejection").isFalse();
    assertThat(c.outcome().deliveries()).as("a rejection sends nothing to clients").isEmpty();
    return c.outcome().rejection().orElseThrow();
  }

  private static PreconfiguredRegroupRequest.BetweenServers createFlow(PartnerRequest r) {
    assertThat(r.isCancel()).as("request to %s is a create", r.partnerId()).isFalse();
    return (PreconfiguredRegroupRequest.BetweenServers) r.flow();
  }

  private static PreconfiguredRegroupCancelRequest.BetweenServers cancelFlow(PartnerRequest r) {
    assertThat(r.isCancel()).as("request to %s is a cancel", r.partnerId()).isTrue();
    return (PreconfiguredRegroupCancelRequest.BetweenServers) r.flow();
  }

  private ActiveRegroup regroupOf(McServiceGroupId regroupGroup) {
    return metro.regroup(regroupGroup).orElseThrow(() -> new AssertionError("no regroup " + regroupGroup));
  }

  private boolean isActive(McServiceGroupId regroupGroup) {
    return metro.activeRegroups().stream().anyMatch(r -> r.regroupGroup().equals(regroupGroup));
  }

  // =====================================================================================
  // 10.xx.3.3.1 group regroup in multiple MC systems, primary side
  // =====================================================================================

  // ---- step 3: authorization, resolution of the groups, own-group checks

  @Test
  void step3_groupsAllHomedHereAreFormedAtOnceWithNoPartnerRequest() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    McServiceClient pol1 = affiliated(POL1, POLICE);

    CrossSystem c = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    assertThat(c.awaiting()).isFalse();
    assertThat(c.toPartners()).isEmpty();
    assertThat(c.outcome().accepted()).isTrue();
    assertThat(recipients(c.outcome())).containsExactlyInAnyOrder(ff1, pol1);
    assertThat(regroupOf(RG1).forming()).isFalse();
    assertThat(regroupOf(RG1).partners()).isEmpty();
    assertThat(regroupOf(RG1).participants()).containsExactlyInAnyOrder(ff1, pol1);
  }

  @Test
  void step3_rejectsRequesterWithoutGroupRegroupAuthorizationBeforeAskingAnyPartner() {
    Rejection r = rejectedAtOnce(groupAcross(FF1, RG1, TMPL_INCIDENT, FIRE, RESCUE));

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).startsWith("not authorized: ");
    assertThat(metro.activeRegroups()).isEmpty();
  }

  @Test
  void step3_aGroupInADomainThatIsNeitherOursNorAPartnersIsUnknown() {
    Rejection r = rejectedAtOnce(groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, LAKE));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + LAKE.uri());
    assertThat(metro.activeRegroups()).isEmpty();
  }

  @Test
  void step3_anUnknownGroupInOurOwnDomainIsUnknownNotSentToAPartner() {
    McServiceGroupId noSuch = group("no-such-group");

    Rejection r = rejectedAtOnce(groupAcross(DISP1, RG1, TMPL_INCIDENT, noSuch, RESCUE));

    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + noSuch.uri());
  }

  @Test
  void step3_anUnknownConfigurationGroupIsUnknownBeforeAskingAnyPartner() {
    Rejection r = rejectedAtOnce(groupAcross(DISP1, RG1, NO_SUCH_TEMPLATE, FIRE, RESCUE));

    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + NO_SUCH_TEMPLATE.uri());
  }

  @Test
  void step3_rejects148WhenAGroupHomedHereIsAlreadyRegroupedByAnotherMechanism() {
    GmsMarks.of(metro).mark(FIRE);

    Rejection r = rejectedAtOnce(groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE));

    assertThat(r.reason()).isEqualTo(RejectReason.GROUP_REGROUPED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
    assertThat(metro.activeRegroups()).isEmpty();
  }

  @Test
  void step3_rejects148WhenAGroupHomedHereIsRegroupedByAnActiveRegroup() {
    affiliated(FF1, FIRE);
    assertThat(groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE).outcome().accepted()).isTrue();

    Rejection r = rejectedAtOnce(groupAcross(DISP1, RG2, TMPL_INCIDENT, FIRE, RESCUE));

    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
  }

  @Test
  void step3_rejects165WhenTheRegroupGroupIdIsAConfiguredGroup() {
    Rejection r = rejectedAtOnce(groupAcross(DISP1, AMBULANCE, TMPL_INCIDENT, FIRE, RESCUE));

    assertThat(r.reason()).isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).isEqualTo("165 group ID for regroup already in use");
  }

  @Test
  void step3_refusesWhenAMemberHomedHereDoesNotHoldTheConfigurationGroup() {
    Rejection r = rejectedAtOnce(groupAcross(DISP1, RG1, TMPL_POLICE, FIRE, RESCUE));

    assertThat(r.reason()).isEqualTo(RejectReason.CONFIGURATION_NOT_HELD);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).contains(FF1.uri(), FF2.uri());
  }

  @Test
  void step3_membersHomedInAPartnerAreNotCheckedForTheConfigurationGroupHere() {
    // fire-north [ff1, n1]: n1 (north) is not in tmpl-fire; rescue's members are unknown here
    CrossSystem c = groupAcross(DISP1, RG1, TMPL_FIRE, FIRE_NORTH, RESCUE);

    assertThat(c.outcome().accepted()).isTrue();
    assertThat(c.awaiting()).isTrue();
    assertThat(c.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north");
  }

  // ---- step 4: the request to each partner system

  @Test
  void step4_sendsOneRequestToEachPartnerSystemHomingAListedGroupNotOnePerGroup() {
    CrossSystem c = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN, HARBOUR);

    assertThat(c.awaiting()).isTrue();
    assertThat(c.outcome().accepted()).isTrue();
    assertThat(c.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north", "south");
    assertThat(c.instance()).isEqualTo(regroupOf(RG1).instance()).isPositive();
  }

  @Test
  void step4_theRequestCarriesRequesterRegroupGroupConfigurationGroupAndTheFullList() {
    CrossSystem c = metro.regroupAcrossSystems(McService.MCVIDEO, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN));

    for (PartnerRequest r : c.toPartners()) {
      assertThat(r.service()).isEqualTo(McService.MCVIDEO);
      PreconfiguredRegroupRequest.BetweenServers f = createFlow(r);
      assertThat(f.requester()).isEqualTo(DISP1);
      assertThat(f.regroupGroup()).isEqualTo(RG1);
      assertThat(f.configurationGroup()).isEqualTo(TMPL_INCIDENT);
      // the full list, groups homed here and in the other partner included (10.xx.3.3.1 step 5)
      assertThat(f.targets()).isEqualTo(new RegroupTargets.Groups(List.of(FIRE, RESCUE, MOUNTAIN)));
    }
  }

  @Test
  void step4_noClientIsNotifiedBeforeThePartnersAnswer() {
    McServiceClient ff1 = affiliated(FF1, FIRE);

    CrossSystem c = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);

    assertThat(c.outcome().deliveries()).isEmpty();
    ActiveRegroup r = regroupOf(RG1);
    assertThat(r.forming()).isTrue();
    assertThat(r.participants()).isEmpty();
    assertThat(r.outcomes()).doesNotContainKey(ff1);
    assertThat(r.partners()).as("the partners asked, owed a cancel should it not take effect").containsExactly("north");
    assertThat(r.primarySystem()).isEmpty();
  }

  @Test
  void step4_whileFormingTheGroupsAreReservedAnOverlappingCreateIsRefused148() {
    assertThat(groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE).awaiting()).isTrue();

    Rejection ownOverlap = rejectedAtOnce(groupAcross(DISP1, RG2, TMPL_INCIDENT, FIRE, POLICE));
    Rejection partnerOverlap = rejectedAtOnce(groupAcross(DISP1, RG2, TMPL_INCIDENT, POLICE, RESCUE));

    assertThat(ownOverlap.warningText()).isEqualTo("148 group is regrouped");
    assertThat(partnerOverlap.warningText()).isEqualTo("148 group is regrouped");
    assertThat(isActive(RG2)).isFalse();
  }

  @Test
  void step4_whileFormingTheRegroupGroupIdIsReserved() {
    assertThat(groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE).awaiting()).isTrue();

    Rejection r = rejectedAtOnce(groupAcross(DISP1, RG1, TMPL_INCIDENT, POLICE));

    assertThat(r.warningText()).isEqualTo("165 group ID for regroup already in use");
  }

  @Test
  void step4_anExactRepeatWhileFormingIsNotAnsweredAsARetry() {
    CrossSystem first = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);

    CrossSystem repeat = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);

    // not in effect yet: success would claim a regroup that may still fail (WIRE.md all or nothing)
    Rejection r = rejectedAtOnce(repeat);
    assertThat(r.sipStatus()).isEqualTo(403);
    ActiveRegroup still = regroupOf(RG1);
    assertThat(still.instance()).isEqualTo(first.instance());
    assertThat(still.forming()).isTrue();
  }

  // ---- steps 10 and 11: every partner accepted

  @Test
  void step11_allPartnersAcceptedFormsTheRegroupHereForTheMembersAffiliatedHere() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    McServiceClient ff2 = affiliated(FF2, FIRE);
    McServiceClient pol1 = affiliated(POL1, POLICE); // police is not listed
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(), answers("north", ACCEPTED, "south", ACCEPTED));

    assertThat(done.outcome().accepted()).isTrue();
    assertThat(done.awaiting()).isFalse();
    assertThat(done.toPartners()).isEmpty();
    assertThat(recipients(done.outcome())).containsExactlyInAnyOrder(ff1, ff2).doesNotContain(pol1);
    for (PreconfiguredRegroupRequest.ToClient req : requests(done.outcome())) {
      assertThat(req.requester()).isEqualTo(DISP1);
      assertThat(req.regroupGroup()).isEqualTo(RG1);
      assertThat(req.configurationGroup()).isEqualTo(TMPL_INCIDENT);
      assertThat(req.targets()).isEqualTo(new RegroupTargets.Groups(List.of(FIRE, RESCUE, MOUNTAIN)));
    }
    ActiveRegroup r = regroupOf(RG1);
    assertThat(r.forming()).isFalse();
    assertThat(r.partners()).containsExactlyInAnyOrder("north", "south");
    assertThat(r.participants()).containsExactlyInAnyOrder(ff1, ff2);
    assertThat(r.primarySystem()).isEmpty();
    assertThat(done.outcome().events()).anyMatch(e -> e.kind() == RegroupEvent.Kind.FORMED);
  }

  @Test
  void records_formingIsStoredBeforeThePartnersAreAskedThenInEffectOrNotWithTheCancelsOwed() {
    affiliated(FF1, FIRE);
    var begun = metro.decide(m -> groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE));
    assertThat(begun.changes()).singleElement().isInstanceOfSatisfying(StateChange.RegroupForming.class,
        f -> assertThat(f.regroup().partners()).containsExactly("north"));

    var done = metro.decide(m -> m.partnersAnswered(RG1, begun.answer().instance(), answers("north", ACCEPTED)));
    assertThat(done.changes().get(0)).isEqualTo(new StateChange.RegroupInEffect(RG1, Set.of("north")));
    // the history line of the create: only now that it is in effect
    assertThat(done.changes().get(1)).isInstanceOfSatisfying(StateChange.Recorded.class,
        r -> assertThat(r.entry().event()).isEqualTo(HistoryEntry.Event.CREATE));
    assertThat(done.changes().subList(2, done.changes().size())).allMatch(c -> c instanceof StateChange.MemberStepped);

  }

  @Test
  void records_aCreateThatDidNotTakeEffectFreesItsGroupsAndOwesTheAcceptingPartnersACancel() {
    affiliated(FF1, FIRE);
    var begun = metro.decide(m -> groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN));

    var refused = metro.decide(m -> m.partnersAnswered(RG1, begun.answer().instance(),
        answers("north", new PartnerAnswer.Rejected(NORTH_148), "south", ACCEPTED)));

    assertThat(refused.promises()).isFalse();
    assertThat(refused.changes()).hasSize(2);
    assertThat(refused.changes().get(0)).isInstanceOfSatisfying(StateChange.RegroupNotInEffect.class, n -> {
      assertThat(n.regroupGroup()).isEqualTo(RG1);
      assertThat(n.owed()).extracting(OwedCancel::partner).containsExactly("south");
    });
    // the history says the create was rejected, with the partner's reason
    assertThat(refused.changes().get(1)).isInstanceOfSatisfying(StateChange.Recorded.class, r -> {
      assertThat(r.entry().event()).isEqualTo(HistoryEntry.Event.REJECT);
      assertThat(r.entry().groups()).containsExactly(FIRE, RESCUE, MOUNTAIN);
      assertThat(r.entry().reason()).isPresent();
    });
  }

  @Test
  void step11_aRetryOnceInEffectIsAnsweredAsSuccessAndChangesNothing() {
    affiliated(FF1, FIRE);
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);
    metro.partnersAnswered(RG1, begun.instance(), answers("north", ACCEPTED));

    CrossSystem retry = groupAcross(DISP1, RG1, TMPL_INCIDENT, RESCUE, FIRE);

    assertThat(retry.outcome().accepted()).isTrue();
    assertThat(retry.outcome().deliveries()).isEmpty();
    assertThat(retry.toPartners()).isEmpty();
    assertThat(retry.awaiting()).isFalse();
    assertThat(regroupOf(RG1).instance()).isEqualTo(begun.instance());
  }

  @Test
  void step11_aLateAffiliationAfterTheRegroupIsInEffectJoinsIt() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);
    metro.partnersAnswered(RG1, begun.instance(), answers("north", ACCEPTED));
    McServiceClient ff2 = registered(FF2);

    Outcome o = metro.affiliate(ff2, McService.MCPTT, List.of(FIRE)).outcome();

    assertThat(recipients(o)).containsExactly(ff2);
    assertThat(requests(o).get(0).requester()).isEqualTo(DISP1);
    assertThat(regroupOf(RG1).participants()).containsExactly(ff2);
  }

  @Test
  void step10_answersForAnotherInstanceChangeNothingAndLeaveTheRegroupForming() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);

    CrossSystem stale = metro.partnersAnswered(RG1, begun.instance() + 100, answers("north", ACCEPTED));

    assertThat(stale.awaiting()).as("nothing to answer").isTrue();
    assertThat(stale.outcome().rejection()).isEmpty();
    assertThat(stale.outcome().deliveries()).isEmpty();
    assertThat(stale.toPartners()).isEmpty();
    assertThat(regroupOf(RG1).forming()).isTrue();
  }

  @Test
  void step10_answersForARegroupAlreadyInEffectChangeNothingAndSendNothing() {
    affiliated(FF1, FIRE);
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);
    metro.partnersAnswered(RG1, begun.instance(), answers("north", ACCEPTED));

    CrossSystem again = metro.partnersAnswered(RG1, begun.instance(), answers("north", ACCEPTED));

    assertThat(again.awaiting()).as("answered once, at the decision").isTrue();
    assertThat(again.outcome().rejection()).isEmpty();
    assertThat(again.outcome().deliveries()).isEmpty();
    assertThat(again.toPartners()).isEmpty();
    assertThat(regroupOf(RG1).forming()).isFalse();
  }

  // ---- 10.xx.3.3.4: a partner rejects (steps 6 and 7)

  @Test
  void rejection_step7_thePartnersRejectionIsTheAnswerAndTheRegroupIsDiscarded() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(),
        answers("north", new PartnerAnswer.Rejected(NORTH_148), "south", ACCEPTED));

    Rejection r = done.outcome().rejection().orElseThrow();
    assertThat(r).isEqualTo(NORTH_148);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
    assertThat(done.awaiting()).isFalse();
    assertThat(done.outcome().deliveries()).isEmpty();
    assertThat(done.outcome().events()).anyMatch(e -> e.kind() == RegroupEvent.Kind.REJECTED);
    assertThat(isActive(RG1)).isFalse();
    assertThat(metro.regroup(RG1)).as("not kept as a recently cancelled regroup either").isEmpty();
    assertThat(metro.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
  }

  @Test
  void rejection_step6_partnersThatHadAcceptedAreSentACancelTheRejectingOneIsNot() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(),
        answers("north", new PartnerAnswer.Rejected(NORTH_148), "south", ACCEPTED));

    assertThat(done.toPartners()).hasSize(1);
    PartnerRequest cancel = done.toPartners().get(0);
    assertThat(cancel.partnerId()).isEqualTo("south");
    assertThat(cancel.service()).isEqualTo(McService.MCPTT);
    PreconfiguredRegroupCancelRequest.BetweenServers f = cancelFlow(cancel);
    assertThat(f.regroupGroup()).isEqualTo(RG1);
    assertThat(f.requester()).isEqualTo(DISP1);
  }

  @Test
  void rejection_step6_noCancelWhenEveryPartnerRejected() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);
    Rejection south404 = Rejection.passedOn(404, "163 unknown identity: " + MOUNTAIN.uri());

    CrossSystem still = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerAnswered("south", new PartnerAnswer.Rejected(south404)));
    assertThat(still.awaiting()).as("the first reject decides").isFalse();
    assertThat(still.outcome().rejection()).contains(south404);
    assertThat(still.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north");
  }

  @Test
  void rejection_theFirstRejectDecidesAtOnceAndThePartnersNotYetAnsweredAreOwedACancel() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);

    CrossSystem accepted = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerAnswered("south", ACCEPTED));
    assertThat(accepted.awaiting()).as("north has not answered").isTrue();
    assertThat(regroupOf(RG1).forming()).isTrue();

    CrossSystem done = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerAnswered("north", new PartnerAnswer.Rejected(NORTH_148)));
    assertThat(done.awaiting()).isFalse();
    assertThat(done.outcome().rejection()).contains(NORTH_148);
    assertThat(done.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("south");
    assertThat(metro.cancelsOwed().owes(RG1, "south")).isTrue();
    assertThat(metro.cancelsOwed().owes(RG1, "north")).isFalse();
  }

  @Test
  void rejection_aPartnerStillAskedWhenAnotherRejectsIsOwedACancelAndItsLateAnswerChangesNothing() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);

    CrossSystem done = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerAnswered("north", new PartnerAnswer.Rejected(NORTH_148)));
    assertThat(done.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("south");

    CrossSystem late = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerAnswered("south", ACCEPTED));
    assertThat(late.awaiting()).isTrue();
    assertThat(late.outcome().deliveries()).isEmpty();
    assertThat(late.toPartners()).isEmpty();
    assertThat(isActive(RG1)).isFalse();
    assertThat(metro.cancelsOwed().owes(RG1, "south")).as("it may hold the regroup now").isTrue();
  }

  @Test
  void everyPartnerMustAcceptEachAnswerIsTakenOnce() {
    affiliated(FF1, FIRE);
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);

    CrossSystem first = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerAnswered("north", ACCEPTED));
    CrossSystem repeated = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerAnswered("north", ACCEPTED));
    assertThat(first.awaiting()).isTrue();
    assertThat(repeated.awaiting()).as("south has not answered").isTrue();
    assertThat(regroupOf(RG1).forming()).isTrue();

    CrossSystem last = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerAnswered("south", ACCEPTED));
    assertThat(last.awaiting()).isFalse();
    assertThat(last.outcome().accepted()).isTrue();
    assertThat(regroupOf(RG1).forming()).isFalse();
    assertThat(regroupOf(RG1).partners()).containsExactly("north", "south");
  }

  @Test
  void rejection_afterARejectionTheGroupsAndTheRegroupGroupIdAreFreeAgain() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);
    metro.partnersAnswered(RG1, begun.instance(), answers("north", new PartnerAnswer.Rejected(NORTH_148)));

    CrossSystem again = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE);

    assertThat(again.outcome().accepted()).isTrue();
    assertThat(again.awaiting()).isFalse();
    assertThat(recipients(again.outcome())).containsExactly(ff1);
    assertThat(regroupOf(RG1).instance()).isNotEqualTo(begun.instance());
  }

  @Test
  void silent_aTimeOutDecidesAndALaterRejectChangesNothing() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);

    CrossSystem done = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerTimedOut("south", "no answer in 2000 ms"));
    CrossSystem late = metro.partnerEvent(RG1, begun.instance(), new PartnerEvent.PartnerAnswered("north", new PartnerAnswer.Rejected(NORTH_148)));

    assertThat(done.outcome().rejection().orElseThrow().sipStatus()).isEqualTo(504);
    assertThat(done.outcome().rejection().orElseThrow().warningText()).contains("south");
    assertThat(done.toPartners()).extracting(PartnerRequest::partnerId).containsExactlyInAnyOrder("north", "south");
    assertThat(late.awaiting()).isTrue();
    assertThat(late.toPartners()).isEmpty();
  }

  // ---- WIRE.md: a partner did not answer in time

  @Test
  void silent_aPartnerThatDidNotAnswerGives504NamingThePartner() {
    McServiceClient ff1 = affiliated(FF1, FIRE);
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(),
        answers("north", ACCEPTED, "south", new PartnerAnswer.Silent("no answer in 2000 ms")));

    Rejection r = done.outcome().rejection().orElseThrow();
    assertThat(r.reason()).isEqualTo(RejectReason.PARTNER_TIMEOUT);
    assertThat(r.sipStatus()).isEqualTo(504);
    assertThat(r.warningText()).isEqualTo("partner south did not answer");
    assertThat(done.outcome().deliveries()).isEmpty();
    assertThat(isActive(RG1)).isFalse();
    assertThat(metro.regroup(RG1)).isEmpty();
    assertThat(metro.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
    // the partner that accepted is told to drop its part
    assertThat(done.toPartners()).extracting(PartnerRequest::partnerId).contains("north");
    assertThat(done.toPartners()).allMatch(PartnerRequest::isCancel);
  }

  @Test
  void silent_aPartnerThatDidNotAnswerIsAlsoSentACancelSinceItMayHaveFormedTheRegroup() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN);

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(),
        answers("north", ACCEPTED, "south", new PartnerAnswer.Silent("no answer in 2000 ms")));

    assertThat(done.toPartners()).extracting(PartnerRequest::partnerId).containsExactlyInAnyOrder("north", "south");
    assertThat(done.toPartners()).allMatch(PartnerRequest::isCancel);
  }

  // ---- 10.xx.3.4.1 does not apply to a regroup that is not yet in effect

  @Test
  void step4_aClientAffiliatingWhileFormingIsNotifiedOnlyOnceTheRegroupIsInEffect() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);
    McServiceClient ff2 = registered(FF2);

    Outcome affiliation = metro.affiliate(ff2, McService.MCPTT, List.of(FIRE)).outcome();

    assertThat(affiliation.deliveries()).as("nothing to send while the partners have not answered").isEmpty();
    assertThat(regroupOf(RG1).participants()).isEmpty();

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(), answers("north", ACCEPTED));

    assertThat(done.outcome().deliveries()).filteredOn(d -> d.client().equals(ff2)).hasSize(1);
    assertThat(regroupOf(RG1).participants()).containsExactly(ff2);
  }

  @Test
  void rejection_aClientThatAffiliatedWhileFormingIsNeverToldOfTheRejectedRegroup() {
    CrossSystem begun = groupAcross(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE);
    McServiceClient ff2 = registered(FF2);
    Outcome affiliation = metro.affiliate(ff2, McService.MCPTT, List.of(FIRE)).outcome();

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(), answers("north", new PartnerAnswer.Rejected(NORTH_148)));

    assertThat(done.outcome().accepted()).isFalse();
    // either never told of it, or told of its cancellation
    boolean told = !affiliation.deliveries().isEmpty();
    boolean cancelled = done.outcome().deliveries().stream().anyMatch(d -> d.isCancel() && d.client().equals(ff2));
    assertThat(!told || cancelled).as("ff2 was sent a create for a regroup that never took effect, and no cancel").isTrue();
  }

  // =====================================================================================
  // 10.xx.3.3.2 user regroup in multiple MC systems, primary side
  // =====================================================================================

  @Test
  void user_step3_rejectsRequesterWithoutUserRegroupAuthorization() {
    Rejection r = rejectedAtOnce(userAcross(DISP2, RG1, TMPL_INCIDENT, FF1, N1)); // disp2: group-regroup only

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(metro.activeRegroups()).isEmpty();
  }

  @Test
  void user_step3_aUserInADomainThatIsNeitherOursNorAPartnersIsUnknown() {
    Rejection r = rejectedAtOnce(userAcross(DISP1, RG1, TMPL_INCIDENT, FF1, N1, NOWHERE_USER));

    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + NOWHERE_USER.uri());
  }

  @Test
  void user_step3_onlyUsersHomedHereAreCheckedForTheConfigurationGroup() {
    Rejection ownMissing = rejectedAtOnce(userAcross(DISP1, RG1, TMPL_FIRE, FF1, POL1, N1));
    CrossSystem partnerNotChecked = userAcross(DISP1, RG2, TMPL_FIRE, FF1, N1);

    assertThat(ownMissing.reason()).isEqualTo(RejectReason.CONFIGURATION_NOT_HELD);
    assertThat(ownMissing.warningText()).contains(POL1.uri()).doesNotContain(N1.uri());
    assertThat(partnerNotChecked.outcome().accepted()).isTrue();
    assertThat(partnerNotChecked.awaiting()).isTrue();
  }

  @Test
  void user_step3_rejects165WhenTheRegroupGroupIdIsAConfiguredGroup() {
    Rejection r = rejectedAtOnce(userAcross(DISP1, FIRE, TMPL_INCIDENT, FF1, N1));

    assertThat(r.warningText()).isEqualTo("165 group ID for regroup already in use");
  }

  @Test
  void user_step4_sendsOneRequestToEachPartnerHomingAListedUserWithTheFullList() {
    McServiceClient ff1 = registered(FF1);

    CrossSystem c = userAcross(DISP1, RG1, TMPL_INCIDENT, FF1, N1, S1, N2);

    assertThat(c.awaiting()).isTrue();
    assertThat(c.outcome().deliveries()).as("nobody notified before the partners accept").isEmpty();
    assertThat(c.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north", "south");
    for (PartnerRequest r : c.toPartners()) {
      PreconfiguredRegroupRequest.BetweenServers f = createFlow(r);
      assertThat(f.requester()).isEqualTo(DISP1);
      assertThat(f.regroupGroup()).isEqualTo(RG1);
      assertThat(f.configurationGroup()).isEqualTo(TMPL_INCIDENT);
      assertThat(f.targets()).isEqualTo(new RegroupTargets.Users(List.of(FF1, N1, S1, N2)));
    }
    ActiveRegroup r = regroupOf(RG1);
    assertThat(r.forming()).isTrue();
    assertThat(r.participants()).doesNotContain(ff1);
  }

  @Test
  void user_step4_usersAllHomedHereAreFormedAtOnce() {
    McServiceClient ff1 = registered(FF1);

    CrossSystem c = userAcross(DISP1, RG1, TMPL_INCIDENT, FF1, FF2);

    assertThat(c.awaiting()).isFalse();
    assertThat(c.toPartners()).isEmpty();
    assertThat(recipients(c.outcome())).containsExactly(ff1);
  }

  @Test
  void user_step4_anExactRepeatWhileFormingIsNotAnsweredAsARetry() {
    userAcross(DISP1, RG1, TMPL_INCIDENT, FF1, N1);

    Rejection r = rejectedAtOnce(userAcross(DISP1, RG1, TMPL_INCIDENT, FF1, N1));

    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(regroupOf(RG1).forming()).isTrue();
  }

  @Test
  void user_step11_allAcceptedNotifiesEveryRegisteredClientOfTheUsersHomedHere() {
    McServiceClient ff1a = registered(FF1);
    McServiceClient ff1b = registered(FF1);
    registered(FF2); // not listed
    CrossSystem begun = userAcross(DISP1, RG1, TMPL_INCIDENT, FF1, N1);

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(), answers("north", ACCEPTED));

    assertThat(done.outcome().accepted()).isTrue();
    assertThat(recipients(done.outcome())).containsExactlyInAnyOrder(ff1a, ff1b);
    assertThat(requests(done.outcome())).allMatch(q -> q.requester().equals(DISP1)
        && q.targets().equals(new RegroupTargets.Users(List.of(FF1, N1))));
    ActiveRegroup r = regroupOf(RG1);
    assertThat(r.forming()).isFalse();
    assertThat(r.partners()).containsExactly("north");
    assertThat(r.participants()).containsExactlyInAnyOrder(ff1a, ff1b);
  }

  @Test
  void user_rejection_thePartnersRejectionIsTheAnswerAndNoClientIsNotified() {
    registered(FF1);
    CrossSystem begun = userAcross(DISP1, RG1, TMPL_INCIDENT, FF1, N1, S1);
    Rejection northRefuses = Rejection.passedOn(403, "not authorized: partner metro is not trusted with user-regroup");

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(),
        answers("north", new PartnerAnswer.Rejected(northRefuses), "south", ACCEPTED));

    assertThat(done.outcome().rejection()).contains(northRefuses);
    assertThat(done.outcome().deliveries()).isEmpty();
    assertThat(done.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("south");
    assertThat(cancelFlow(done.toPartners().get(0)).regroupGroup()).isEqualTo(RG1);
    assertThat(metro.regroup(RG1)).isEmpty();
  }

  @Test
  void user_silent_aPartnerThatDidNotAnswerGives504() {
    registered(FF1);
    CrossSystem begun = userAcross(DISP1, RG1, TMPL_INCIDENT, FF1, N1);

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(), answers("north", new PartnerAnswer.Silent("408 Request Timeout")));

    Rejection r = done.outcome().rejection().orElseThrow();
    assertThat(r.sipStatus()).isEqualTo(504);
    assertThat(r.warningText()).isEqualTo("partner north did not answer");
    assertThat(done.outcome().deliveries()).isEmpty();
    assertThat(metro.regroup(RG1)).isEmpty();
  }

  @Test
  void user_step4_aClientRegisteringWhileFormingIsNotifiedOnlyOnceTheRegroupIsInEffect() {
    CrossSystem begun = userAcross(DISP1, RG1, TMPL_INCIDENT, FF1, N1);
    McServiceClient ff1 = new McServiceClient(FF1, "sip:ff1@127.0.0.1:7999");

    Outcome registration = metro.register(ff1, McServiceServer.allServices(), 3600).outcome();

    assertThat(registration.deliveries()).isEmpty();

    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(), answers("north", ACCEPTED));

    assertThat(done.outcome().deliveries()).filteredOn(d -> d.client().equals(ff1)).hasSize(1);
  }
}
