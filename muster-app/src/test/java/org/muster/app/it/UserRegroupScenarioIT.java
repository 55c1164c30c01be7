package org.muster.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.it.LoopbackSystem.get;
import static org.muster.app.it.LoopbackSystem.group;
import static org.muster.app.it.LoopbackSystem.user;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.regroup.MemberState;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;

/** Figure 10.xx.3.2.2-1 (user regroup) and the lifecycle rules, over real SIP on loopback. */
class UserRegroupScenarioIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @ParameterizedTest
  @EnumSource(McService.class)
  void userRegroupReachesEveryRegisteredClientOfEachListedUser(McService service) throws Exception {
    try (LoopbackSystem sys = new LoopbackSystem()) {
      McClient disp = sys.registered("disp1");
      McClient ff1a = sys.registered("ff1");
      McClient ff1b = sys.registered("ff1"); // a second client of the same user
      McClient amb1 = sys.registered("amb1");
      // 2. request with a list of users; 3. authorized; 4. sent to every registered client
      RegroupTargets users = new RegroupTargets.Users(List.of(user("ff1"), user("amb1")));
      assertThat(get(disp.regroup(service, group("rg-u"), group("tmpl-broadcast"), users)).status()).isEqualTo(200);
      for (McClient c : List.of(ff1a, ff1b, amb1)) {
        RegroupNotification n = c.awaitNotification(x -> !x.cancel(), WAIT).orElseThrow();
        assertThat(n.targets()).contains(users);
        // the configuration group is of the broadcast type: clients are told
        assertThat(n.broadcast()).isTrue();
      }
      // 7. affiliated to the regroup group
      assertThat(sys.participants("rg-u")).isEqualTo(3);
      // NOTE 1: a client may be in several user regroups at once
      assertThat(get(disp.regroup(service, group("rg-u2"), group("tmpl-incident"),
          new RegroupTargets.Users(List.of(user("ff1"))))).status()).isEqualTo(200);
      ff1a.awaitNotification(x -> x.regroupGroup().equals(group("rg-u2")), WAIT).orElseThrow();
      // log-off ends the client's participation
      assertThat(get(amb1.logOff()).status()).isEqualTo(200);
      sys.awaitEvent(e -> e.memberState().filter(s -> s == MemberState.LEFT).isPresent() && e.client().get().user().equals(user("amb1")));
      assertThat(sys.participants("rg-u")).isEqualTo(2);
    }
  }

  @Test
  void participationEndsWhenNoLongerAffiliatedToAnyRegroupedGroup() throws Exception {
    try (LoopbackSystem sys = new LoopbackSystem()) {
      McClient disp = sys.registered("disp1");
      McClient ff1 = sys.affiliated("ff1", McService.MCPTT, "fire", "mixed");
      assertThat(get(disp.regroup(McService.MCPTT, group("rg-1"), group("tmpl-incident"),
          new RegroupTargets.Groups(List.of(group("fire"), group("police"))))).status()).isEqualTo(200);
      ff1.awaitNotification(x -> !x.cancel(), WAIT).orElseThrow();
      // still affiliated to fire: participation persists
      assertThat(get(ff1.affiliate(McService.MCPTT, List.of(group("fire")))).status()).isEqualTo(200);
      assertThat(sys.participants("rg-1")).isEqualTo(1);
      // affiliated to none of the regrouped groups: de-affiliated from the regroup group
      assertThat(get(ff1.affiliate(McService.MCPTT, List.of(group("mixed")))).status()).isEqualTo(200);
      assertThat(sys.participants("rg-1")).isZero();
      // the regroup stays in effect until cancelled
      assertThat(sys.activeRegroups()).isEqualTo(1);
    }
  }
}
