package org.muster.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.config.UserConfig;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.CrossSystem;
import org.muster.core.regroup.MemberReport;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.core.regroup.PartnerAnswer;
import org.muster.core.server.McServiceServer;

/**
 * The admin API's view of a regroup spanning MC systems: the clients served here, then those a
 * partner serves as it reported them, with {@code servedBy} and their affiliation as reported.
 */
class RegroupViewsTest {
  static final Instant T0 = Instant.parse("2025-01-01T08:00:00Z");
  static final McServiceId DISP1 = McServiceId.of("sip:disp1@metro.example");
  static final McServiceId FF1 = McServiceId.of("sip:ff1@metro.example");
  static final McServiceId NF1 = McServiceId.of("sip:nf1@north.example");
  static final McServiceId NF2 = McServiceId.of("sip:nf2@north.example");
  static final McServiceGroupId TMPL = McServiceGroupId.of("sip:tmpl-incident@metro.example");
  static final McServiceGroupId RG = McServiceGroupId.of("sip:rg-joint@metro.example");

  static McSystemConfig metro() {
    Set<McService> all = EnumSet.allOf(McService.class);
    return new McSystemConfig(
        new SystemSettings("metro", "metro.example", new HostPort("127.0.0.1", 5060), Optional.empty(), "./target/unused"),
        List.of(new UserConfig(DISP1, EnumSet.allOf(Authorization.class)), new UserConfig(FF1, Set.of())),
        List.of(new GroupConfig(TMPL, all, List.of(FF1), true, false)),
        List.of(new PartnerConfig("north", "north.example", new HostPort("127.0.0.1", 5070), EnumSet.allOf(Authorization.class))));
  }

  static MemberReport.Entry step(McServiceId user, MemberState s, int second) {
    return new MemberReport.Entry(new McServiceClient(user, "sip:" + user.uri().substring(4, 7) + "@192.0.2.7:5070"),
        new MemberStep(s, T0.plusSeconds(second), s.name().toLowerCase()));
  }

  @Test
  void partnerServedMembersFollowTheLocalOnesWithServedByAndTheirReportedAffiliation() {
    McServiceServer core = new McServiceServer(metro(), Clock.fixed(T0, ZoneOffset.UTC));
    McServiceClient ff1 = new McServiceClient(FF1, "sip:ff1@127.0.0.1:7001");
    core.register(ff1, McServiceServer.allServices(), 3600);
    CrossSystem begun = core.regroupAcrossSystems(McService.MCPTT, new PreconfiguredRegroupRequest.FromClient(DISP1, RG, TMPL,
        new RegroupTargets.Users(List.of(FF1, NF1, NF2))));
    core.partnersAnswered(RG, begun.instance(), Map.of("north", new PartnerAnswer.Accepted()));
    core.partnerMembersReported("north", new MemberReport(RG, McService.MCPTT, "north.example", "s1", 1, List.of(
        step(NF1, MemberState.NOTIFIED, 1), step(NF1, MemberState.AFFILIATED, 1), step(NF1, MemberState.ACKNOWLEDGED, 2),
        step(NF2, MemberState.AFFILIATED, 1), step(NF2, MemberState.LEFT, 5))));
    ActiveRegroup r = core.regroup(RG).orElseThrow();

    Map<String, Object> view = RegroupViews.of(r, true);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members = (List<Map<String, Object>>) view.get("members");
    assertThat(members).extracting(m -> m.get("user")).containsExactly(FF1.uri(), NF1.uri(), NF2.uri());
    assertThat(members.get(0)).doesNotContainKey("servedBy").containsEntry("affiliated", true);
    assertThat(members.get(1)).containsEntry("servedBy", "north").containsEntry("state", "ACKNOWLEDGED")
        .containsEntry("at", T0.plusSeconds(2).toString()).containsEntry("affiliated", true)
        .containsEntry("client", "sip:nf1@192.0.2.7:5070");
    assertThat(members.get(2)).containsEntry("servedBy", "north").containsEntry("state", "LEFT").containsEntry("affiliated", false);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> history = (List<Map<String, Object>>) members.get(1).get("history");
    assertThat(history).extracting(h -> h.get("state")).containsExactly("NOTIFIED", "AFFILIATED", "ACKNOWLEDGED");
    assertThat(view).containsEntry("participants", 1).containsEntry("partnerParticipants", 1);
  }

  @Test
  void aRegroupOfThisSystemAloneHasNoPartnerCount() {
    McServiceServer core = new McServiceServer(metro(), Clock.fixed(T0, ZoneOffset.UTC));
    core.regroup(McService.MCPTT, new PreconfiguredRegroupRequest.FromClient(DISP1, RG, TMPL, new RegroupTargets.Users(List.of(FF1))));

    assertThat(RegroupViews.of(core.regroup(RG).orElseThrow(), true)).doesNotContainKey("partnerParticipants");
  }
}
