package org.muster.core.regroup;

import org.muster.core.GmsMarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.ManualClock;
import org.muster.core.RegroupTestContext;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.config.UserConfig;
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
 * The partner MC service server's side of TS 23.280 10.xx.3.3.1 (steps 5 to 10), 10.xx.3.3.2
 * (steps 5 to 10), 10.xx.3.3.3 (steps 5 to 9) and 10.xx.3.3.4 (steps 5 and 6), and 10.xx.3.4.1 at
 * the partner: north.example receiving server-to-server requests from its partner metro (the
 * primary), and from its other partner south.
 *
 * <p>north: users n1, n2, n3 and the dispatcher ndisp (all authorizations); groups rescue [n1, n2]
 * and harbour [n3], the preconfigured group tmpl-north [n1, n2, n3]; shared by metro's group
 * management server: fire@metro [ff1, ff2, n2], the preconfigured groups tmpl-incident@metro
 * [ff1, ff2, pol1, amb1, n1, n2, n3] and tmpl-fire@metro [ff1, ff2].
 */
class PartnerRegroupAcrossSystemsTest {
  static final String NORTH = "north.example";
  static final McServiceId N1 = north("n1");
  static final McServiceId N2 = north("n2");
  static final McServiceId N3 = north("n3");
  static final McServiceId NDISP = north("ndisp");
  static final McServiceGroupId RESCUE = northGroup("rescue");
  static final McServiceGroupId HARBOUR = northGroup("harbour");
  static final McServiceGroupId TMPL_NORTH = northGroup("tmpl-north");
  static final McServiceGroupId NO_SUCH_NORTH_GROUP = northGroup("no-such-group");
  static final McServiceGroupId RG_NORTH = northGroup("rg-north");

  /** metro's identities, as they come in the server-to-server requests. */
  static final McServiceId DISP1 = RegroupTestContext.DISP1;
  static final McServiceId SUP1 = RegroupTestContext.user("sup1");
  static final McServiceId FF1 = RegroupTestContext.FF1;
  static final McServiceId FF2 = RegroupTestContext.FF2;
  static final McServiceGroupId FIRE = RegroupTestContext.FIRE;
  static final McServiceGroupId POLICE = RegroupTestContext.POLICE; // not shared with north
  static final McServiceGroupId TMPL_INCIDENT = RegroupTestContext.TMPL_INCIDENT;
  static final McServiceGroupId TMPL_FIRE = RegroupTestContext.group("tmpl-fire");
  static final McServiceGroupId TMPL_SECRET = RegroupTestContext.group("tmpl-secret"); // not shared
  static final McServiceGroupId RG1 = RegroupTestContext.RG1;
  static final McServiceGroupId RG2 = RegroupTestContext.RG2;

  private static final HostPort METRO_SIP = new HostPort("127.0.0.1", 5060);
  private static final HostPort SOUTH_SIP = new HostPort("127.0.0.1", 5080);

  private final McSystemConfig config = northConfig();
  private final McServiceServer north = new McServiceServer(config, new ManualClock(RegroupTestContext.START));
  private final PartnerConfig metro = config.partner("metro").orElseThrow();
  private final PartnerConfig south = config.partner("south").orElseThrow();
  private int nextPort = 7201;

  static McServiceId north(String name) {
    return McServiceId.of("sip:" + name + "@" + NORTH);
  }

  static McServiceGroupId northGroup(String name) {
    return McServiceGroupId.of("sip:" + name + "@" + NORTH);
  }

  static McSystemConfig northConfig() {
    Set<McService> all = EnumSet.allOf(McService.class);
    List<UserConfig> users = List.of(
        new UserConfig(NDISP, EnumSet.allOf(Authorization.class)),
        new UserConfig(N1, Set.of()),
        new UserConfig(N2, Set.of()),
        new UserConfig(N3, Set.of()));
    List<GroupConfig> groups = List.of(
        new GroupConfig(RESCUE, all, List.of(N1, N2), false, false),
        new GroupConfig(HARBOUR, all, List.of(N3), false, false),
        new GroupConfig(TMPL_NORTH, all, List.of(N1, N2, N3), true, false),
        new GroupConfig(FIRE, all, List.of(FF1, FF2, N2), false, false),
        new GroupConfig(TMPL_INCIDENT, all, List.of(FF1, FF2, RegroupTestContext.POL1, RegroupTestContext.AMB1, N1, N2, N3), true, false),
        new GroupConfig(TMPL_FIRE, all, List.of(FF1, FF2), true, false));
    List<PartnerConfig> partners = List.of(
        new PartnerConfig("metro", "metro.example", METRO_SIP, EnumSet.allOf(Authorization.class)),
        new PartnerConfig("south", "south.example", SOUTH_SIP, EnumSet.allOf(Authorization.class)));
    SystemSettings system = new SystemSettings("north", NORTH, new HostPort("127.0.0.1", 5070), Optional.empty(), "./target/unused");
    return new McSystemConfig(system, users, groups, partners);
  }

  // ---- helpers

  private McServiceClient registered(McServiceId user) {
    String name = user.uri().substring("sip:".length(), user.uri().indexOf('@'));
    McServiceClient c = new McServiceClient(user, "sip:" + name + "@127.0.0.1:" + nextPort++);
    assertThat(north.register(c, McServiceServer.allServices(), 3600).refusal()).isEmpty();
    return c;
  }

  private McServiceClient affiliated(McServiceId user, McServiceGroupId... groups) {
    McServiceClient c = registered(user);
    McServiceServer.AffiliationOutcome a = north.affiliate(c, McService.MCPTT, List.of(groups));
    assertThat(a.refusal()).as("affiliation of %s", c).isEmpty();
    return c;
  }

  private static PartnerConfig metroTrustedWith(Authorization... trust) {
    return new PartnerConfig("metro", "metro.example", METRO_SIP, trust.length == 0 ? Set.of() : EnumSet.of(trust[0], trust));
  }

  private static PreconfiguredRegroupRequest.BetweenServers groupsFromMetro(McServiceGroupId regroupGroup, McServiceGroupId template,
      McServiceGroupId... groups) {
    return new PreconfiguredRegroupRequest.BetweenServers(DISP1, regroupGroup, template, new RegroupTargets.Groups(List.of(groups)));
  }

  private static PreconfiguredRegroupRequest.BetweenServers usersFromMetro(McServiceGroupId regroupGroup, McServiceGroupId template,
      McServiceId... users) {
    return new PreconfiguredRegroupRequest.BetweenServers(DISP1, regroupGroup, template, new RegroupTargets.Users(List.of(users)));
  }

  private Outcome fromMetro(PreconfiguredRegroupRequest.BetweenServers req) {
    return north.regroupFromPartner(metro, McService.MCPTT, req);
  }

  private Outcome cancelFrom(PartnerConfig primary, McServiceId requester, McServiceGroupId regroupGroup) {
    return north.cancelFromPartner(primary, McService.MCPTT, new PreconfiguredRegroupCancelRequest.BetweenServers(requester, regroupGroup));
  }

  private static Rejection rejection(Outcome o) {
    assertThat(o.accepted()).as("outcome is a rejection").isFalse();
    assertThat(o.deliveries()).as("a rejection sends nothing").isEmpty();
    return o.rejection().orElseThrow();
  }

  private boolean isActive(McServiceGroupId rg) {
    return north.activeRegroups().stream().anyMatch(r -> r.regroupGroup().equals(rg));
  }

  private ActiveRegroup regroupOf(McServiceGroupId rg) {
    return north.regroup(rg).orElseThrow(() -> new AssertionError("no regroup " + rg));
  }

  private List<MemberState> states(McServiceGroupId rg, McServiceClient c) {
    return regroupOf(rg).outcomes().getOrDefault(c, List.of()).stream().map(MemberStep::state).toList();
  }

  // =====================================================================================
  // 10.xx.3.3.1 / 10.xx.3.3.4 step 5: what the partner checks
  // =====================================================================================

  @Test
  void step5_rejectsAPrimaryNotTrustedWithGroupRegroup() {
    McServiceClient n1 = affiliated(N1, RESCUE);

    Rejection r = rejection(north.regroupFromPartner(metroTrustedWith(Authorization.USER_REGROUP, Authorization.CANCEL_REGROUP),
        McService.MCPTT, groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE)));

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).startsWith("not authorized: ").contains("metro", "group-regroup");
    assertThat(north.activeRegroups()).isEmpty();
    assertThat(north.affiliationsOf(n1, McService.MCPTT)).containsExactly(RESCUE);
  }

  @Test
  void step5_rejectsAPrimaryTrustedWithNothing() {
    Rejection r = rejection(north.regroupFromPartner(metroTrustedWith(), McService.MCPTT, groupsFromMetro(RG1, TMPL_INCIDENT, RESCUE)));

    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).startsWith("not authorized: ");
  }

  @Test
  void user_step5_aUserRegroupNeedsTheUserRegroupTrust() {
    registered(N1);
    PartnerConfig groupOnly = metroTrustedWith(Authorization.GROUP_REGROUP, Authorization.CANCEL_REGROUP);

    Rejection users = rejection(north.regroupFromPartner(groupOnly, McService.MCPTT, usersFromMetro(RG1, TMPL_INCIDENT, FF1, N1)));
    Outcome groups = north.regroupFromPartner(groupOnly, McService.MCPTT, groupsFromMetro(RG2, TMPL_INCIDENT, RESCUE));

    assertThat(users.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(users.sipStatus()).isEqualTo(403);
    assertThat(users.warningText()).startsWith("not authorized: ").contains("user-regroup");
    assertThat(isActive(RG1)).isFalse();
    assertThat(groups.accepted()).as("the group-regroup trust is enough for a group regroup").isTrue();
  }

  @Test
  void user_step5_aPrimaryTrustedOnlyWithUserRegroupMayNotAskForAGroupRegroup() {
    PartnerConfig userOnly = metroTrustedWith(Authorization.USER_REGROUP);

    Outcome users = north.regroupFromPartner(userOnly, McService.MCPTT, usersFromMetro(RG1, TMPL_INCIDENT, N1));
    Rejection groups = rejection(north.regroupFromPartner(userOnly, McService.MCPTT, groupsFromMetro(RG2, TMPL_INCIDENT, RESCUE)));

    assertThat(users.accepted()).isTrue();
    assertThat(groups.sipStatus()).isEqualTo(403);
  }

  @Test
  void step5_aConfigurationGroupNotKnownHereIsUnknown163() {
    Rejection r = rejection(fromMetro(groupsFromMetro(RG1, TMPL_SECRET, FIRE, RESCUE)));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + TMPL_SECRET.uri());
    assertThat(north.activeRegroups()).isEmpty();
  }

  // ---- 10.xx.3.3.1: the preconfigured group as metro's GMS shared it (nothing of it in north's provisioning)

  /** tmpl-secret@metro as metro's GMS shares it: MCPTT and MCVideo, broadcast. */
  private void metroSharesTmplSecret() {
    GroupConfig shared = new GroupConfig(TMPL_SECRET, EnumSet.of(McService.MCPTT, McService.MCVIDEO), List.of(), true, true);
    north.subscribeToGms((partner, group) -> partner.equals("metro") && group.equals(TMPL_SECRET)
        ? Optional.of(shared) : Optional.empty());
  }

  @Test
  void shared_aPreconfiguredGroupMetrosGmsSharedIsHeldByEveryUserServedHere() {
    McServiceClient n1 = affiliated(N1, RESCUE);
    McServiceClient n3 = affiliated(N3, HARBOUR);
    metroSharesTmplSecret();

    Outcome o = fromMetro(groupsFromMetro(RG1, TMPL_SECRET, FIRE, RESCUE, HARBOUR));

    assertThat(o.accepted()).isTrue();
    assertThat(o.deliveries()).extracting(Delivery::client).containsExactlyInAnyOrder(n1, n3);
    assertThat(regroupOf(RG1).broadcast()).as("broadcast, as shared").isTrue();
  }

  @Test
  void shared_onlyItsHomeSystemSharesAGroupAnotherPartnersRequestFindsItUnknown() {
    affiliated(N1, RESCUE);
    metroSharesTmplSecret();

    Rejection r = rejection(north.regroupFromPartner(south, McService.MCPTT, groupsFromMetro(RG1, TMPL_SECRET, RESCUE)));

    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + TMPL_SECRET.uri());
  }

  @Test
  void shared_aServiceTheSharedGroupDoesNotHaveIsRefused() {
    affiliated(N1, RESCUE);
    metroSharesTmplSecret();

    Rejection r = rejection(north.regroupFromPartner(metro, McService.MCDATA, groupsFromMetro(RG1, TMPL_SECRET, RESCUE)));

    assertThat(r.reason()).isEqualTo(RejectReason.SERVICE_NOT_CONFIGURED);
    assertThat(r.warningText()).contains(TMPL_SECRET.uri(), "mcdata");
  }

  @Test
  void shared_ourProvisioningsCopyNarrowsWhoHoldsIt() {
    registered(N1);
    north.subscribeToGms((partner, group) -> Optional.of(
        new GroupConfig(group, EnumSet.allOf(McService.class), List.of(), true, false)));

    // tmpl-fire@metro is in north's provisioning with metro's users only: n1 does not hold it
    Rejection r = rejection(fromMetro(usersFromMetro(RG1, TMPL_FIRE, FF1, N1)));

    assertThat(r.reason()).isEqualTo(RejectReason.CONFIGURATION_NOT_HELD);
    assertThat(r.warningText()).contains(N1.uri());
  }

  @Test
  void rejection_step5_aListedGroupHomedHereAlreadyRegroupedHereIsRefused148() {
    affiliated(N1, RESCUE);
    CrossSystem local = north.regroupAcrossSystems(McService.MCPTT,
        RegroupTestContext.groupRequest(NDISP, RG_NORTH, TMPL_NORTH, RESCUE));
    assertThat(local.outcome().accepted()).isTrue();

    Rejection r = rejection(fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE)));

    assertThat(r.reason()).isEqualTo(RejectReason.GROUP_REGROUPED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
    assertThat(isActive(RG1)).isFalse();
    assertThat(isActive(RG_NORTH)).isTrue();
  }

  @Test
  void rejection_step5_aListedGroupHomedHereRegroupedByAnotherMechanismIsRefused148() {
    GmsMarks.of(north).mark(HARBOUR);

    Rejection r = rejection(fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, RESCUE, HARBOUR)));

    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
  }

  @Test
  void rejection_step5_aListedGroupHomedHereServedForAnotherRegroupIsRefused148() {
    assertThat(fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE)).accepted()).isTrue();

    Rejection r = rejection(fromMetro(groupsFromMetro(RG2, TMPL_INCIDENT, RESCUE)));

    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
  }

  @Test
  void step5_anUnknownGroupHomedHereIsUnknown() {
    Rejection r = rejection(fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, NO_SUCH_NORTH_GROUP)));

    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + NO_SUCH_NORTH_GROUP.uri());
  }

  @Test
  void step5_groupsHomedInThePrimaryAreNotCheckedHere() {
    // police@metro is not shared with north: the primary checked it (10.xx.3.3.1 step 3)
    Outcome o = fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, POLICE, RESCUE));

    assertThat(o.accepted()).isTrue();
  }

  @Test
  void step5_aRegroupGroupIdInUseHereIsRefused165() {
    Rejection configured = rejection(fromMetro(groupsFromMetro(HARBOUR, TMPL_INCIDENT, FIRE, RESCUE)));

    assertThat(configured.reason()).isEqualTo(RejectReason.REGROUP_GROUP_ID_IN_USE);
    assertThat(configured.warningText()).isEqualTo("165 group ID for regroup already in use");
  }

  @Test
  void step5_membersHomedHereMustHoldTheConfigurationGroup() {
    Rejection r = rejection(fromMetro(groupsFromMetro(RG1, TMPL_FIRE, FIRE, RESCUE)));

    assertThat(r.reason()).isEqualTo(RejectReason.CONFIGURATION_NOT_HELD);
    assertThat(r.warningText()).contains(N1.uri(), N2.uri());
  }

  @Test
  void step5_aListedGroupHomedHereThatIsAPreconfiguredGroupIsRefused() {
    Rejection r = rejection(fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, RESCUE, TMPL_NORTH)));

    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(isActive(RG1)).isFalse();
  }

  // =====================================================================================
  // 10.xx.3.3.1 steps 6 to 10: accepted at the partner
  // =====================================================================================

  @Test
  void step6_sendsTheRequestToClientsServedHereAffiliatedToAnyListedGroup() {
    McServiceClient n1 = affiliated(N1, RESCUE); // a group homed here
    McServiceClient n2 = affiliated(N2, FIRE); // a group homed in the primary
    McServiceClient n3 = affiliated(N3, HARBOUR); // not listed
    McServiceClient ndisp = registered(NDISP); // not affiliated

    Outcome o = fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    assertThat(o.accepted()).as("step 10: the preconfigured regroup response to the primary").isTrue();
    assertThat(RegroupTestContext.recipients(o)).containsExactlyInAnyOrder(n1, n2).doesNotContain(n3, ndisp);
    for (PreconfiguredRegroupRequest.ToClient req : RegroupTestContext.requests(o)) {
      assertThat(req.requester()).as("the original requester, homed in the primary").isEqualTo(DISP1);
      assertThat(req.regroupGroup()).isEqualTo(RG1);
      assertThat(req.configurationGroup()).isEqualTo(TMPL_INCIDENT);
      assertThat(req.targets()).isEqualTo(new RegroupTargets.Groups(List.of(FIRE, RESCUE)));
    }
  }

  @Test
  void step9_theRegroupedClientsAreAffiliatedToTheRegroupGroupForThePrimary() {
    McServiceClient n1 = affiliated(N1, RESCUE);
    McServiceClient n2 = affiliated(N2, FIRE);

    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    ActiveRegroup r = regroupOf(RG1);
    assertThat(r.primarySystem()).contains("metro");
    assertThat(r.forming()).isFalse();
    assertThat(r.partners()).isEmpty();
    assertThat(r.requester()).isEqualTo(DISP1);
    assertThat(r.participants()).containsExactlyInAnyOrder(n1, n2);
    assertThat(states(RG1, n1)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED);
    assertThat(north.affiliationsOf(n1, McService.MCPTT)).containsExactly(RESCUE);
  }

  @Test
  void step6_anAcceptedRequestWithNobodyAffiliatedHereIsStillInEffect() {
    Outcome o = fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    assertThat(o.accepted()).isTrue();
    assertThat(o.deliveries()).isEmpty();
    assertThat(isActive(RG1)).isTrue();
  }

  @Test
  void lateJoin_aClientAffiliatingHereToAListedGroupJoinsWithTheOriginalRequester() {
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));
    McServiceClient n1 = registered(N1);
    McServiceClient n2 = registered(N2);

    Outcome own = north.affiliate(n1, McService.MCPTT, List.of(RESCUE)).outcome();
    Outcome primarys = north.affiliate(n2, McService.MCPTT, List.of(FIRE)).outcome();

    assertThat(RegroupTestContext.recipients(own)).containsExactly(n1);
    assertThat(RegroupTestContext.recipients(primarys)).containsExactly(n2);
    assertThat(RegroupTestContext.requests(own).get(0).requester()).isEqualTo(DISP1);
    assertThat(RegroupTestContext.requests(primarys).get(0).requester()).isEqualTo(DISP1);
    assertThat(states(RG1, n1)).containsExactly(MemberState.NOTIFIED, MemberState.JOINED_LATE);
    assertThat(regroupOf(RG1).participants()).containsExactlyInAnyOrder(n1, n2);
  }

  @Test
  void lateJoin_aClientAffiliatingToAnUnlistedGroupDoesNotJoin() {
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));
    McServiceClient n3 = registered(N3);

    Outcome o = north.affiliate(n3, McService.MCPTT, List.of(HARBOUR)).outcome();

    assertThat(o.deliveries()).isEmpty();
    assertThat(regroupOf(RG1).participants()).isEmpty();
  }

  @Test
  void participation_aClientNoLongerAffiliatedToAnyListedGroupLeavesThePartnersRegroup() {
    McServiceClient n1 = affiliated(N1, RESCUE);
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    north.affiliate(n1, McService.MCPTT, List.of());

    assertThat(regroupOf(RG1).participants()).isEmpty();
    assertThat(states(RG1, n1)).endsWith(MemberState.LEFT);
  }

  @Test
  void retry_anExactRepeatFromTheSamePrimaryIsARetryAndSendsNothing() {
    affiliated(N1, RESCUE);
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));
    long instance = regroupOf(RG1).instance();

    Outcome repeat = fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, RESCUE, FIRE));

    assertThat(repeat.accepted()).isTrue();
    assertThat(repeat.deliveries()).isEmpty();
    assertThat(regroupOf(RG1).instance()).isEqualTo(instance);
  }

  @Test
  void retry_theSameRequestFromAnotherPartnerIsNotARetry() {
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    Rejection r = rejection(north.regroupFromPartner(south, McService.MCPTT, groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE)));

    assertThat(r.warningText()).isEqualTo("165 group ID for regroup already in use");
    assertThat(regroupOf(RG1).primarySystem()).contains("metro");
  }

  @Test
  void retry_aDifferentRequestForTheSameRegroupGroupIsRefused165() {
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    Rejection r = rejection(fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, HARBOUR)));

    assertThat(r.warningText()).isEqualTo("165 group ID for regroup already in use");
  }

  @Test
  void local_aLocalCreateListingAGroupHomedHereThatIsServedForThePrimaryIsRefused148() {
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    Outcome o = north.regroup(McService.MCPTT, RegroupTestContext.groupRequest(NDISP, RG_NORTH, TMPL_NORTH, RESCUE));

    assertThat(rejection(o).warningText()).isEqualTo("148 group is regrouped");
  }

  @Test
  void local_aLocalClientCannotCancelARegroupServedForThePrimary() {
    affiliated(N1, RESCUE);
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    CrossSystem c = north.cancelAcrossSystems(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(NDISP, RG1));

    assertThat(rejection(c.outcome()).sipStatus()).isEqualTo(404);
    assertThat(c.toPartners()).isEmpty();
    assertThat(isActive(RG1)).isTrue();
  }

  // =====================================================================================
  // 10.xx.3.3.2 user regroup at the partner
  // =====================================================================================

  @Test
  void user_step6_notifiesEveryRegisteredClientOfTheListedUsersServedHere() {
    McServiceClient n1a = registered(N1);
    McServiceClient n1b = registered(N1);
    McServiceClient n3 = registered(N3);
    McServiceClient n2 = registered(N2); // not listed

    Outcome o = fromMetro(usersFromMetro(RG1, TMPL_INCIDENT, FF1, N1, N3));

    assertThat(o.accepted()).isTrue();
    assertThat(RegroupTestContext.recipients(o)).containsExactlyInAnyOrder(n1a, n1b, n3).doesNotContain(n2);
    assertThat(RegroupTestContext.requests(o)).allMatch(q -> q.requester().equals(DISP1)
        && q.targets().equals(new RegroupTargets.Users(List.of(FF1, N1, N3))));
    ActiveRegroup r = regroupOf(RG1);
    assertThat(r.primarySystem()).contains("metro");
    assertThat(r.participants()).containsExactlyInAnyOrder(n1a, n1b, n3);
  }

  @Test
  void user_step5_anUnknownUserHomedHereIsUnknown() {
    McServiceId ghost = north("ghost");

    Rejection r = rejection(fromMetro(usersFromMetro(RG1, TMPL_INCIDENT, FF1, ghost)));

    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + ghost.uri());
  }

  @Test
  void user_step5_usersHomedHereMustHoldTheConfigurationGroupUsersOfThePrimaryAreNotChecked() {
    Rejection r = rejection(fromMetro(usersFromMetro(RG1, TMPL_FIRE, FF1, N1)));
    Outcome primaryOnly = fromMetro(usersFromMetro(RG2, TMPL_FIRE, FF1, RegroupTestContext.POL1));

    assertThat(r.reason()).isEqualTo(RejectReason.CONFIGURATION_NOT_HELD);
    assertThat(r.warningText()).contains(N1.uri()).doesNotContain(FF1.uri());
    assertThat(primaryOnly.accepted()).isTrue();
  }

  @Test
  void user_lateRegistration_aClientOfAListedUserRegisteringHereJoins() {
    fromMetro(usersFromMetro(RG1, TMPL_INCIDENT, FF1, N1));
    McServiceClient n1 = new McServiceClient(N1, "sip:n1@127.0.0.1:7299");

    Outcome o = north.register(n1, McServiceServer.allServices(), 3600).outcome();

    assertThat(RegroupTestContext.recipients(o)).containsExactly(n1);
    assertThat(RegroupTestContext.requests(o).get(0).requester()).isEqualTo(DISP1);
  }

  // =====================================================================================
  // 10.xx.3.3.3 steps 5 to 9: cancel at the partner
  // =====================================================================================

  @Test
  void cancel_needsTheCancelRegroupTrust() {
    McServiceClient n1 = affiliated(N1, RESCUE);
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    Rejection r = rejection(cancelFrom(metroTrustedWith(Authorization.GROUP_REGROUP, Authorization.USER_REGROUP), DISP1, RG1));

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).startsWith("not authorized: ").contains("cancel-regroup");
    assertThat(isActive(RG1)).isTrue();
    assertThat(regroupOf(RG1).participants()).containsExactly(n1);
  }

  @Test
  void cancel_anotherPartnersCancelIsUnknownAndChangesNothing() {
    McServiceClient n1 = affiliated(N1, RESCUE);
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    Rejection r = rejection(cancelFrom(south, DISP1, RG1));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + RG1.uri());
    assertThat(isActive(RG1)).isTrue();
    assertThat(regroupOf(RG1).participants()).containsExactly(n1);
  }

  @Test
  void cancel_aPrimaryCannotCancelARegroupOfThisSystemsOwn() {
    affiliated(N1, RESCUE);
    north.regroup(McService.MCPTT, RegroupTestContext.groupRequest(NDISP, RG_NORTH, TMPL_NORTH, RESCUE));

    Rejection r = rejection(cancelFrom(metro, DISP1, RG_NORTH));

    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(isActive(RG_NORTH)).isTrue();
  }

  @Test
  void cancel_step5to8_sendsTheCancelToTheRegroupedClientsHereAndDeaffiliatesThem() {
    McServiceClient n1 = affiliated(N1, RESCUE);
    McServiceClient n2 = affiliated(N2, FIRE);
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    Outcome o = cancelFrom(metro, SUP1, RG1);

    assertThat(o.accepted()).as("step 9: the cancel response to the primary").isTrue();
    assertThat(RegroupTestContext.recipients(o)).containsExactlyInAnyOrder(n1, n2);
    assertThat(RegroupTestContext.cancels(o)).hasSize(2)
        .allMatch(c -> c.regroupGroup().equals(RG1) && c.requester().equals(SUP1));
    assertThat(o.events()).anyMatch(e -> e.kind() == RegroupEvent.Kind.CANCELLED);
    assertThat(isActive(RG1)).isFalse();
    assertThat(north.recentlyCancelled()).extracting(ActiveRegroup::regroupGroup).contains(RG1);
    assertThat(regroupOf(RG1).participants()).isEmpty();
    assertThat(states(RG1, n1)).endsWith(MemberState.CANCEL_NOTIFIED, MemberState.DEAFFILIATED);
    assertThat(north.affiliationsOf(n1, McService.MCPTT)).containsExactly(RESCUE);
  }

  @Test
  void cancel_afterTheCancelTheGroupsHomedHereAreFreeAgain() {
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));
    cancelFrom(metro, DISP1, RG1);

    Outcome again = north.regroup(McService.MCPTT, RegroupTestContext.groupRequest(NDISP, RG_NORTH, TMPL_NORTH, RESCUE));

    assertThat(again.accepted()).isTrue();
  }

  @Test
  void cancel_aSecondCancelIsUnknown() {
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));
    cancelFrom(metro, DISP1, RG1);

    assertThat(rejection(cancelFrom(metro, DISP1, RG1)).sipStatus()).isEqualTo(404);
  }

  @Test
  void cancel_aCancelForAnotherServiceIsUnknown() {
    fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, FIRE, RESCUE));

    Outcome o = north.cancelFromPartner(metro, McService.MCDATA, new PreconfiguredRegroupCancelRequest.BetweenServers(DISP1, RG1));

    assertThat(rejection(o).sipStatus()).isEqualTo(404);
    assertThat(isActive(RG1)).isTrue();
  }

  @Test
  void cancel_aUserRegroupServedForThePrimaryIsCancelledForEveryClientHere() {
    McServiceClient n1 = registered(N1);
    McServiceClient n3 = registered(N3);
    fromMetro(usersFromMetro(RG1, TMPL_INCIDENT, FF1, N1, N3));

    Outcome o = cancelFrom(metro, DISP1, RG1);

    assertThat(RegroupTestContext.recipients(o)).containsExactlyInAnyOrder(n1, n3);
    assertThat(o.deliveries()).allMatch(d -> d.isCancel());
    assertThat(isActive(RG1)).isFalse();
  }

  @Test
  void history_thePartnerRecordsWhatItFormedCancelledAndRefusedForThePrimary() {
    affiliated(N1, RESCUE);
    List<HistoryEntry> lines = new ArrayList<>();
    java.util.function.Consumer<org.muster.core.server.Decision<Outcome>> keep = d -> d.changes().stream()
        .filter(c -> c instanceof StateChange.Recorded).forEach(c -> lines.add(((StateChange.Recorded) c).entry()));
    keep.accept(north.decide(n -> fromMetro(groupsFromMetro(RG1, TMPL_INCIDENT, RESCUE))));
    keep.accept(north.decide(n -> fromMetro(groupsFromMetro(RG2, TMPL_INCIDENT, RESCUE))));
    keep.accept(north.decide(n -> cancelFrom(metro, DISP1, RG1)));
    keep.accept(north.decide(n -> cancelFrom(metro, DISP1, RG1)));

    assertThat(lines).extracting(HistoryEntry::event).containsExactly(HistoryEntry.Event.CREATE, HistoryEntry.Event.REJECT,
        HistoryEntry.Event.CANCEL, HistoryEntry.Event.REJECT);
    assertThat(lines.get(0).reason()).contains("at the request of primary system metro");
    assertThat(lines.get(1).reason()).hasValueSatisfying(w -> assertThat(w).startsWith("148").contains(RESCUE.uri()));
    assertThat(lines.get(2).cancelledBy()).contains(DISP1.uri());
    assertThat(lines.get(2).reason()).contains("via primary system metro");
    assertThat(lines.get(3).outcome()).isEqualTo("cancel rejected");
  }
}
