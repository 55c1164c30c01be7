package org.muster.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.config.GroupConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.core.regroup.StateChange;

/**
 * Issue 13: the GMS changes a group while the server runs (its subscription to group
 * configuration). A member removed from a regrouped group is de-affiliated from it and leaves the
 * regroup (10.xx.3.2.1); a member added may affiliate and joins the regroup late (10.xx.3.4.1).
 */
class GroupsChangedTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  private void fireIs(List<org.muster.core.id.McServiceId> members) {
    List<GroupConfig> groups = new ArrayList<>();
    for (GroupConfig g : t.config.groups().values()) {
      groups.add(g.id().equals(FIRE) ? new GroupConfig(FIRE, g.services(), members, false, false) : g);
    }
    t.config.replaceGroups(groups);
  }

  @Test
  void aMemberRemovedFromARegroupedGroupIsDeaffiliatedAndLeavesTheRegroup() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    McServiceClient ff2 = t.affiliated(FF2, FIRE);
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE).accepted()).isTrue();
    assertThat(t.active(RG1).participants()).contains(ff1, ff2);

    fireIs(List.of(FF2));
    var changed = t.server.decide(McServiceServer::groupsChanged);

    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).doesNotContain(FIRE);
    assertThat(t.server.affiliationsOf(ff2, McService.MCPTT)).contains(FIRE);
    assertThat(t.active(RG1).participants()).doesNotContain(ff1).contains(ff2);
    assertThat(t.active(RG1).outcomes().get(ff1)).extracting(MemberStep::state).contains(MemberState.LEFT);
    assertThat(changed.changes()).filteredOn(c -> c instanceof StateChange.ClientChanged)
        .extracting(c -> ((StateChange.ClientChanged) c).client()).contains(ff1).doesNotContain(ff2);
  }

  @Test
  void nothingChangesForAffiliationsTheNewGroupsStillAllow() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);

    fireIs(List.of(FF1, FF2));
    var changed = t.server.decide(McServiceServer::groupsChanged);

    assertThat(changed.answer().deliveries()).isEmpty();
    assertThat(changed.changes()).noneMatch(c -> c instanceof StateChange.ClientChanged);
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
  }

  @Test
  void aServiceRemovedFromAGroupEndsTheAffiliationsForThatService() {
    McServiceClient ff1 = t.affiliated(FF1, McService.MCVIDEO, FIRE);
    List<GroupConfig> groups = new ArrayList<>();
    for (GroupConfig g : t.config.groups().values()) {
      groups.add(g.id().equals(FIRE) ? new GroupConfig(FIRE, EnumSet.of(McService.MCPTT), g.members(), false, false) : g);
    }
    t.config.replaceGroups(groups);

    t.server.decide(McServiceServer::groupsChanged);

    assertThat(t.server.affiliationsOf(ff1, McService.MCVIDEO)).isEmpty();
  }
}
