package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.START;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.cancels;
import static org.muster.core.RegroupTestContext.groupRequest;
import static org.muster.core.RegroupTestContext.recipients;
import static org.muster.core.RegroupTestContext.requests;
import static org.muster.core.RegroupTestContext.userRequest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.server.McServiceServer;

/**
 * TS 23.280 10.xx.3.3.1 to 10.xx.3.3.4 end to end across three {@link McServiceServer}s: metro
 * (the primary), north and south (its partners). The server-to-server requests are carried as the
 * adapter carries them (WIRE.md interconnection): a partner's accepted outcome is {@code 200 OK}
 * ({@link PartnerAnswer.Accepted}), its rejection is passed on with its status and Warning text,
 * and a partner that is "down" does not answer ({@link PartnerAnswer.Silent}).
 */
class CrossSystemRoundTripTest {
  static final McServiceId S1 = McServiceId.of("sip:s1@south.example");
  static final McServiceGroupId MOUNTAIN = McServiceGroupId.of("sip:mountain@south.example");
  static final McServiceGroupId RESCUE = PartnerRegroupAcrossSystemsTest.RESCUE;
  static final McServiceGroupId TMPL_NORTH = PartnerRegroupAcrossSystemsTest.TMPL_NORTH;
  static final McServiceId N1 = PartnerRegroupAcrossSystemsTest.N1;
  static final McServiceId N2 = PartnerRegroupAcrossSystemsTest.N2;
  static final McServiceId NDISP = PartnerRegroupAcrossSystemsTest.NDISP;

  private final ManualClock clock = new ManualClock(START);
  private final McServiceServer metro = new McServiceServer(PrimaryRegroupAcrossSystemsTest.metroConfig(), clock);
  private McServiceServer north = new McServiceServer(PartnerRegroupAcrossSystemsTest.northConfig(), clock);
  private final McServiceServer south = new McServiceServer(southConfig(), clock);
  /** Systems that are down: requests to them are not answered. */
  private final Set<String> down = new HashSet<>();
  /** Systems that handle the request but whose answer is lost on the way back. */
  private final Set<String> answerLost = new HashSet<>();
  /** What each partner server decided, per system, in the order the requests were carried. */
  private final Map<String, List<Outcome>> atPartner = new LinkedHashMap<>();
  private int nextPort = 7301;

  static McSystemConfig southConfig() {
    Set<McService> all = EnumSet.allOf(McService.class);
    List<UserConfig> users = List.of(new UserConfig(S1, Set.of()));
    List<GroupConfig> groups = List.of(
        new GroupConfig(MOUNTAIN, all, List.of(S1), false, false),
        new GroupConfig(TMPL_INCIDENT, all, List.of(RegroupTestContext.FF1, RegroupTestContext.FF2, S1), true, false));
    List<PartnerConfig> partners = List.of(
        new PartnerConfig("metro", "metro.example", new HostPort("127.0.0.1", 5060), EnumSet.allOf(Authorization.class)));
    SystemSettings system = new SystemSettings("south", "south.example", new HostPort("127.0.0.1", 5080), Optional.empty(), "./target/unused");
    return new McSystemConfig(system, users, groups, partners);
  }

  /** north, trusting metro with {@code trust} only. */
  static McSystemConfig northTrustingMetroWith(Set<Authorization> trust) {
    McSystemConfig base = PartnerRegroupAcrossSystemsTest.northConfig();
    List<PartnerConfig> partners = new ArrayList<>();
    for (PartnerConfig p : base.partners()) partners.add(p.id().equals("metro") ? new PartnerConfig(p.id(), p.domain(), p.sip(), trust) : p);
    return new McSystemConfig(base.system(), List.copyOf(base.users().values()), List.copyOf(base.groups().values()), partners);
  }

  private McServiceServer server(String id) {
    return switch (id) {
      case "metro" -> metro;
      case "north" -> north;
      case "south" -> south;
      default -> throw new IllegalArgumentException(id);
    };
  }

  /** Carries metro's server-to-server requests to its partners and brings their answers back. */
  private Map<String, PartnerAnswer> carry(List<PartnerRequest> requests) {
    Map<String, PartnerAnswer> answers = new LinkedHashMap<>();
    for (PartnerRequest r : requests) {
      if (down.contains(r.partnerId())) {
        answers.put(r.partnerId(), new PartnerAnswer.Silent("no answer in 2000 ms"));
        continue;
      }
      McServiceServer to = server(r.partnerId());
      PartnerConfig primary = to.config().partner("metro").orElseThrow();
      Outcome o = r.isCancel()
          ? to.cancelFromPartner(primary, r.service(), (PreconfiguredRegroupCancelRequest.BetweenServers) r.flow())
          : to.regroupFromPartner(primary, r.service(), (PreconfiguredRegroupRequest.BetweenServers) r.flow());
      atPartner.computeIfAbsent(r.partnerId(), k -> new ArrayList<>()).add(o);
      if (answerLost.contains(r.partnerId())) {
        answers.put(r.partnerId(), new PartnerAnswer.Silent("408 Request Timeout"));
      } else if (o.accepted()) {
        answers.put(r.partnerId(), new PartnerAnswer.Accepted());
      } else {
        Rejection rej = o.rejection().get();
        answers.put(r.partnerId(), new PartnerAnswer.Rejected(Rejection.passedOn(rej.sipStatus(), rej.warningText())));
      }
    }
    return answers;
  }

  /** A client's create from metro's client, carried through to its final answer (step 11 / 10.xx.3.3.4 step 7). */
  private CrossSystem createAcross(PreconfiguredRegroupRequest.FromClient request) {
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, request);
    if (!begun.awaiting()) return begun;
    CrossSystem done = metro.partnersAnswered(request.regroupGroup(), begun.instance(), carry(begun.toPartners()));
    if (!done.toPartners().isEmpty()) carry(done.toPartners()); // rollback cancels
    return done;
  }

  private CrossSystem cancelAcross(McServiceId requester, McServiceGroupId regroupGroup) {
    CrossSystem c = metro.cancelAcrossSystems(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(requester, regroupGroup));
    carry(c.toPartners());
    return c;
  }

  private McServiceClient affiliated(McServiceServer at, McServiceId user, McServiceGroupId... groups) {
    McServiceClient c = registered(at, user);
    assertThat(at.affiliate(c, McService.MCPTT, List.of(groups)).refusal()).isEmpty();
    return c;
  }

  private McServiceClient registered(McServiceServer at, McServiceId user) {
    String name = user.uri().substring("sip:".length(), user.uri().indexOf('@'));
    McServiceClient c = new McServiceClient(user, "sip:" + name + "@127.0.0.1:" + nextPort++);
    assertThat(at.register(c, McServiceServer.allServices(), 3600).refusal()).isEmpty();
    return c;
  }

  private static boolean isActive(McServiceServer s, McServiceGroupId rg) {
    return s.activeRegroups().stream().anyMatch(r -> r.regroupGroup().equals(rg));
  }

  private Outcome lastAt(String system) {
    List<Outcome> l = atPartner.getOrDefault(system, List.of());
    assertThat(l).as("requests carried to %s", system).isNotEmpty();
    return l.get(l.size() - 1);
  }

  // ---- 10.xx.3.3.1: formed in every system

  @Test
  void groupRegroup_allPartnersAccept_everySystemNotifiesItsOwnAffiliatedClientsWithTheOriginalRequester() {
    McServiceClient ff1 = affiliated(metro, FF1, FIRE);
    McServiceClient n1 = affiliated(north, N1, RESCUE);
    McServiceClient n2 = affiliated(north, N2, FIRE); // served by north, affiliated to metro's group
    McServiceClient s1 = affiliated(south, S1, MOUNTAIN);

    CrossSystem done = createAcross(groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN));

    assertThat(done.outcome().accepted()).isTrue();
    assertThat(recipients(done.outcome())).containsExactly(ff1);
    assertThat(recipients(lastAt("north"))).containsExactlyInAnyOrder(n1, n2);
    assertThat(recipients(lastAt("south"))).containsExactly(s1);
    for (Outcome o : List.of(done.outcome(), lastAt("north"), lastAt("south"))) {
      assertThat(requests(o)).allMatch(q -> q.requester().equals(DISP1) && q.regroupGroup().equals(RG1));
    }
    assertThat(metro.regroup(RG1).orElseThrow().partners()).containsExactlyInAnyOrder("north", "south");
    assertThat(north.regroup(RG1).orElseThrow().primarySystem()).contains("metro");
    assertThat(south.regroup(RG1).orElseThrow().primarySystem()).contains("metro");
  }

  // ---- 10.xx.3.3.4: a partner rejects; nobody keeps the regroup

  @Test
  void rejection_aGroupAlreadyRegroupedInNorthIsRefused148AndSouthRollsBack() {
    McServiceClient ff1 = affiliated(metro, FF1, FIRE);
    affiliated(north, N1, RESCUE);
    McServiceClient s1 = affiliated(south, S1, MOUNTAIN);
    McServiceGroupId rgNorth = PartnerRegroupAcrossSystemsTest.RG_NORTH;
    assertThat(north.regroup(McService.MCPTT, groupRequest(NDISP, rgNorth, TMPL_NORTH, RESCUE)).accepted()).isTrue();

    CrossSystem done = createAcross(groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN));

    Rejection r = done.outcome().rejection().orElseThrow();
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
    assertThat(done.outcome().deliveries()).isEmpty();
    assertThat(isActive(metro, RG1)).isFalse();
    assertThat(metro.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
    // south had accepted: its rollback cancel reached it, and its client was told
    assertThat(isActive(south, RG1)).isFalse();
    assertThat(cancels(lastAt("south"))).extracting(PreconfiguredRegroupCancelRequest.ToClient::target).containsExactly(S1);
    assertThat(south.regroup(RG1).orElseThrow().participants()).doesNotContain(s1);
    // north's own regroup is untouched
    assertThat(isActive(north, rgNorth)).isTrue();
    assertThat(isActive(north, RG1)).isFalse();
  }

  @Test
  void rejection_afterTheRollbackTheSameCreateSucceedsOnceTheConflictIsGone() {
    affiliated(north, N1, RESCUE);
    McServiceGroupId rgNorth = PartnerRegroupAcrossSystemsTest.RG_NORTH;
    north.regroup(McService.MCPTT, groupRequest(NDISP, rgNorth, TMPL_NORTH, RESCUE));
    assertThat(createAcross(groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN)).outcome().accepted()).isFalse();
    north.cancel(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(NDISP, rgNorth));

    CrossSystem again = createAcross(groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN));

    assertThat(again.outcome().accepted()).isTrue();
    assertThat(isActive(north, RG1)).isTrue();
    assertThat(isActive(south, RG1)).isTrue();
  }

  @Test
  void rejection_aPartnerNotTrustingThePrimaryWithUserRegroupsRefusesAndTheRefusalIsPassedOn() {
    north = new McServiceServer(northTrustingMetroWith(EnumSet.of(Authorization.GROUP_REGROUP, Authorization.CANCEL_REGROUP)), clock);
    registered(metro, FF1);
    registered(north, N1);

    CrossSystem done = createAcross(userRequest(DISP1, RG1, TMPL_INCIDENT, FF1, N1));

    Rejection r = done.outcome().rejection().orElseThrow();
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).startsWith("not authorized: ").contains("user-regroup");
    assertThat(done.outcome().deliveries()).isEmpty();
    assertThat(isActive(metro, RG1)).isFalse();
    assertThat(isActive(north, RG1)).isFalse();
  }

  // ---- WIRE.md 504: a partner does not answer

  @Test
  void silent_southDown_504AndNorthRollsBack() {
    McServiceClient n1 = affiliated(north, N1, RESCUE);
    down.add("south");

    CrossSystem done = createAcross(groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN));

    Rejection r = done.outcome().rejection().orElseThrow();
    assertThat(r.sipStatus()).isEqualTo(504);
    assertThat(r.warningText()).isEqualTo("partner south did not answer");
    assertThat(isActive(metro, RG1)).isFalse();
    assertThat(isActive(north, RG1)).isFalse();
    assertThat(cancels(lastAt("north"))).extracting(PreconfiguredRegroupCancelRequest.ToClient::target).containsExactly(N1);
    assertThat(north.regroup(RG1).orElseThrow().participants()).doesNotContain(n1);
  }

  @Test
  void silent_aPartnerWhoseAnswerWasLostDoesNotKeepTheRegroup() {
    affiliated(south, S1, MOUNTAIN);
    answerLost.add("south");

    CrossSystem done = createAcross(groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN));

    assertThat(done.outcome().rejection().orElseThrow().sipStatus()).isEqualTo(504);
    assertThat(isActive(metro, RG1)).isFalse();
    assertThat(isActive(north, RG1)).isFalse();
    assertThat(isActive(south, RG1)).as("south formed it, then nobody told it the create failed").isFalse();
  }

  // ---- 10.xx.3.3.2: user regroup across systems

  @Test
  void userRegroup_everySystemNotifiesTheRegisteredClientsOfItsOwnListedUsers() {
    McServiceClient ff1 = registered(metro, FF1);
    McServiceClient n1 = registered(north, N1);
    McServiceClient s1 = registered(south, S1);

    CrossSystem done = createAcross(userRequest(DISP1, RG1, TMPL_INCIDENT, FF1, N1, S1));

    assertThat(done.outcome().accepted()).isTrue();
    assertThat(recipients(done.outcome())).containsExactly(ff1);
    assertThat(recipients(lastAt("north"))).containsExactly(n1);
    assertThat(recipients(lastAt("south"))).containsExactly(s1);
    assertThat(requests(lastAt("north")).get(0).requester()).isEqualTo(DISP1);
  }

  // ---- 10.xx.3.3.3: cancellation across systems

  @Test
  void cancel_cancelsInEverySystemAndFreesTheGroupsEverywhere() {
    McServiceClient ff1 = affiliated(metro, FF1, FIRE);
    McServiceClient n1 = affiliated(north, N1, RESCUE);
    McServiceClient s1 = affiliated(south, S1, MOUNTAIN);
    createAcross(groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE, MOUNTAIN));

    CrossSystem c = cancelAcross(DISP1, RG1);

    assertThat(c.outcome().accepted()).isTrue();
    assertThat(c.awaiting()).isTrue();
    assertThat(recipients(c.outcome())).containsExactly(ff1);
    assertThat(lastAt("north").accepted()).isTrue();
    assertThat(lastAt("south").accepted()).isTrue();
    assertThat(recipients(lastAt("north"))).containsExactly(n1);
    assertThat(recipients(lastAt("south"))).containsExactly(s1);
    assertThat(cancels(lastAt("north"))).allMatch(x -> x.requester().equals(DISP1));
    for (McServiceServer s : List.of(metro, north, south)) assertThat(isActive(s, RG1)).isFalse();
    // every group is free again in its home system
    assertThat(north.regroup(McService.MCPTT, groupRequest(NDISP, PartnerRegroupAcrossSystemsTest.RG_NORTH, TMPL_NORTH, RESCUE)).accepted()).isTrue();
  }

  @Test
  void lateJoin_afterTheRoundTripAClientAffiliatingInNorthJoinsThereWithMetrosRequester() {
    createAcross(groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE));
    McServiceClient n2 = registered(north, N2);

    Outcome o = north.affiliate(n2, McService.MCPTT, List.of(RESCUE)).outcome();

    assertThat(recipients(o)).containsExactly(n2);
    assertThat(requests(o).get(0).requester()).isEqualTo(DISP1);
    assertThat(metro.regroup(RG1).orElseThrow().participants()).isEmpty();
  }
}
