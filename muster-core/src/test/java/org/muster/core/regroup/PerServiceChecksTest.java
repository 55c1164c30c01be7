package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.VIDEO_ONLY;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.ManualClock;
import org.muster.core.RegroupTestContext;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.McSystemConfig;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.server.McServiceServer;

/**
 * 10.xx.3.1: a regroup takes its configuration from the preconfigured group for the request's MC
 * service, so the preconfigured group and every listed group homed here must be configured for
 * that service; otherwise 403 with a Warning naming the group (issue 16, item 4). Driven through
 * {@code regroupAcrossSystems}, the path production takes.
 */
class PerServiceChecksTest {
  static final McServiceGroupId TMPL_VIDEO = RegroupTestContext.group("tmpl-video");
  private final RegroupTestContext t = RegroupTestContext.builder()
      .group(new GroupConfig(TMPL_VIDEO, Set.of(McService.MCVIDEO), List.of(RegroupTestContext.FF1, RegroupTestContext.FF2), true, false))
      .build();

  private Rejection refused(CrossSystem c) {
    assertThat(c.outcome().accepted()).as("a rejection").isFalse();
    assertThat(c.toPartners()).isEmpty();
    assertThat(t.server.activeRegroups()).isEmpty();
    return c.outcome().rejection().orElseThrow();
  }

  private CrossSystem groups(McService service, McServiceGroupId template, McServiceGroupId... groups) {
    return t.server.regroupAcrossSystems(service, new PreconfiguredRegroupRequest.FromClient(DISP1, RG1, template,
        new RegroupTargets.Groups(List.of(groups))));
  }

  @Test
  void aListedGroupWithoutTheServiceIsNamed() {
    Rejection r = refused(groups(McService.MCDATA, TMPL_INCIDENT, FIRE, VIDEO_ONLY));
    assertThat(r.reason()).isEqualTo(RejectReason.SERVICE_NOT_CONFIGURED);
    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).isEqualTo("service not configured: " + VIDEO_ONLY.uri() + " is not configured for mcdata");
  }

  @Test
  void aPreconfiguredGroupWithoutTheServiceIsNamedForGroupAndUserRegroups() {
    assertThat(refused(groups(McService.MCPTT, TMPL_VIDEO, FIRE)).warningText()).contains(TMPL_VIDEO.uri() + " is not configured for mcptt");
    Rejection users = refused(t.server.regroupAcrossSystems(McService.MCDATA, new PreconfiguredRegroupRequest.FromClient(DISP1, RG1,
        TMPL_VIDEO, new RegroupTargets.Users(List.of(FF1)))));
    assertThat(users.warningText()).contains(TMPL_VIDEO.uri() + " is not configured for mcdata");
  }

  @Test
  void theServiceTheGroupsOfferIsAccepted() {
    assertThat(groups(McService.MCVIDEO, TMPL_VIDEO, FIRE, VIDEO_ONLY).outcome().accepted()).isTrue();
  }

  @Test
  void aPartnerChecksItsOwnGroupsAndItsCopyOfThePreconfiguredGroup() {
    McSystemConfig north = PartnerRegroupAcrossSystemsTest.northConfig();
    List<GroupConfig> groups = new ArrayList<>(north.groups().values());
    McServiceGroupId pttOnly = PartnerRegroupAcrossSystemsTest.northGroup("ptt-only");
    groups.add(new GroupConfig(pttOnly, EnumSet.of(McService.MCPTT), List.of(PartnerRegroupAcrossSystemsTest.N1), false, false));
    McServiceServer server = new McServiceServer(new McSystemConfig(north.system(), List.copyOf(north.users().values()), groups,
        north.partners()), new ManualClock(RegroupTestContext.START));
    Outcome o = server.regroupFromPartner(north.partner("metro").orElseThrow(), McService.MCDATA,
        new PreconfiguredRegroupRequest.BetweenServers(DISP1, RG1, TMPL_INCIDENT, new RegroupTargets.Groups(List.of(FIRE, pttOnly))));
    assertThat(o.rejection().orElseThrow().warningText()).isEqualTo("service not configured: " + pttOnly.uri() + " is not configured for mcdata");
    assertThat(server.activeRegroups()).isEmpty();
  }
}
