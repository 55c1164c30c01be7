package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** The recently cancelled history is bounded by the member steps it holds, not by a count of regroups. */
class RecentHistoryBoundTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final RegroupDirectory directory = new RegroupDirectory();

  @Test
  void manySmallRegroupsAreAllKeptWhileTheirStepsFit() {
    for (int i = 0; i < 5_000; i++) directory.addRecent(regroup("rg-" + i, 2, 2));
    assertThat(directory.allRecentlyCancelled()).hasSize(5_000);
    assertThat(directory.recentSteps()).isEqualTo(20_000);
  }

  @Test
  void largeRegroupsPushOutTheOldestOnceTheStepBoundIsReached() {
    int perRegroup = 200 * 4;
    for (int i = 0; i < 1_000; i++) directory.addRecent(regroup("rg-" + i, 200, 4));
    assertThat(directory.recentSteps()).isLessThanOrEqualTo(RegroupDirectory.RECENT_STEP_LIMIT);
    assertThat(directory.allRecentlyCancelled()).hasSize(RegroupDirectory.RECENT_STEP_LIMIT / perRegroup);
    assertThat(directory.recentlyCancelled(group("rg-999"))).isPresent();
    assertThat(directory.recentlyCancelled(group("rg-0"))).isEmpty();
  }

  @Test
  void theLastCancelledIsKeptEvenWhenItAloneExceedsTheBound() {
    directory.addRecent(regroup("rg-small", 10, 1));
    directory.addRecent(regroup("rg-huge", RegroupDirectory.RECENT_STEP_LIMIT / 2 + 1, 4));
    assertThat(directory.allRecentlyCancelled()).extracting(ActiveRegroup::regroupGroup).containsExactly(group("rg-huge"));
  }

  @Test
  void aRegroupGroupCancelledAgainIsCountedOnce() {
    directory.addRecent(regroup("rg-a", 10, 4));
    directory.addRecent(regroup("rg-a", 5, 4));
    directory.forgetRecent(group("rg-b"));
    assertThat(directory.recentSteps()).isEqualTo(20);
    directory.forgetRecent(group("rg-a"));
    assertThat(directory.recentSteps()).isZero();
  }

  private static ActiveRegroup regroup(String name, int members, int stepsEach) {
    McServiceGroupId fire = group("fire");
    ActiveRegroup r = new ActiveRegroup(McService.MCPTT, new McServiceId("sip:disp1@metro.example"), group(name), group("tmpl"),
        new RegroupTargets.Groups(List.of(fire)), false, T0, 1);
    for (int m = 0; m < members; m++) {
      McServiceClient c = new McServiceClient(new McServiceId("sip:u" + m + "@metro.example"), "sip:u" + m + "@127.0.0.1:5070");
      for (int s = 0; s < stepsEach; s++) r.record(c, new MemberStep(MemberState.NOTIFIED, T0, ""));
    }
    return r;
  }

  private static McServiceGroupId group(String name) {
    return new McServiceGroupId("sip:" + name + "@metro.example");
  }
}
