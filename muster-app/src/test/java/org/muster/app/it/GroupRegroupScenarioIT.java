package org.muster.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.it.LoopbackSystem.get;
import static org.muster.app.it.LoopbackSystem.group;
import static org.muster.app.it.LoopbackSystem.user;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.RegroupEvent;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;
import org.muster.sip.stack.SipResponse;

/** Figures 10.xx.3.2.1-1, 10.xx.3.2.3-1 and 10.xx.3.4.1-1 over real SIP on loopback, per MC service. */
class GroupRegroupScenarioIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final RegroupTargets FIRE_AND_POLICE = new RegroupTargets.Groups(List.of(group("fire"), group("police")));

  @ParameterizedTest
  @EnumSource(McService.class)
  void groupRegroupFormationCancellationAndLateAffiliation(McService service) throws Exception {
    try (LoopbackSystem sys = new LoopbackSystem()) {
      // pre-conditions: client 2 affiliated to group 1 (fire), client 3 to group 2 (police)
      McClient disp = sys.registered("disp1");
      McClient ff1 = sys.affiliated("ff1", service, "fire");
      McClient pol1 = sys.affiliated("pol1", service, "police");
      McClient ff2 = sys.registered("ff2"); // member of fire, not affiliated yet (NOTE 3)

      // 1.-2. client 1 sends the preconfigured regroup request
      SipResponse answer = get(disp.regroup(service, group("rg-1"), group("tmpl-incident"), FIRE_AND_POLICE));
      // 9. the server sends the preconfigured regroup response
      assertThat(answer.status()).isEqualTo(200);

      // 5a/5b. clients 2 and 3 receive the request, with the requester as calling user
      for (McClient c : List.of(ff1, pol1)) {
        RegroupNotification n = c.awaitNotification(x -> !x.cancel(), WAIT).orElseThrow();
        assertThat(n.service()).isEqualTo(service);
        assertThat(n.regroupGroup()).isEqualTo(group("rg-1"));
        assertThat(n.configurationGroup()).contains(group("tmpl-incident"));
        assertThat(n.targets()).contains(FIRE_AND_POLICE);
        assertThat(n.requester()).contains(user("disp1"));
        assertThat(n.broadcast()).isFalse();
        assertThat(n.from()).isEqualTo(service.psi("metro.example"));
      }
      // NOTE 3: only affiliated members are sent the request
      assertThat(ff2.pending()).isEmpty();
      // 7. acknowledgements are recorded per member; 8. clients affiliated to the regroup group
      sys.awaitEvent(e -> e.memberState().filter(s -> s == MemberState.ACKNOWLEDGED).isPresent()
          && e.client().get().user().equals(user("pol1")));
      assertThat(sys.participants("rg-1")).isEqualTo(2);

      // 10.xx.3.4.1 1. a member affiliates to a regrouped group; 3. it gets the request at once
      assertThat(get(ff2.affiliate(service, List.of(group("fire")))).status()).isEqualTo(200);
      RegroupNotification late = ff2.awaitNotification(x -> !x.cancel(), WAIT).orElseThrow();
      assertThat(late.requester()).contains(user("disp1"));
      // 6. and is affiliated to the regroup group
      assertThat(sys.participants("rg-1")).isEqualTo(3);
      sys.awaitEvent(e -> e.memberState().filter(s -> s == MemberState.JOINED_LATE).isPresent());

      // 10.xx.3.2.3 2. client 1 cancels; 4. the regrouped clients receive the cancel request
      SipResponse cancelled = get(disp.cancel(service, group("rg-1")));
      assertThat(cancelled.status()).isEqualTo(200);
      for (McClient c : List.of(ff1, pol1, ff2)) {
        RegroupNotification n = c.awaitNotification(RegroupNotification::cancel, WAIT).orElseThrow();
        assertThat(n.regroupGroup()).isEqualTo(group("rg-1"));
      }
      // 7. de-affiliated; the groups can be regrouped again
      assertThat(sys.activeRegroups()).isZero();
      assertThat(get(disp.regroup(service, group("rg-2"), group("tmpl-incident"), FIRE_AND_POLICE)).status()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void rejectsWhenAGroupIsAlreadyRegrouped(McService service) throws Exception {
    try (LoopbackSystem sys = new LoopbackSystem()) {
      McClient disp = sys.registered("disp1");
      assertThat(get(disp.regroup(service, group("rg-1"), group("tmpl-incident"), FIRE_AND_POLICE)).status()).isEqualTo(200);
      // 4. a listed group is already regrouped: reject with 148
      SipResponse r = get(disp.regroup(service, group("rg-2"), group("tmpl-incident"),
          new RegroupTargets.Groups(List.of(group("fire"), group("ambulance")))));
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Warning")).hasValueSatisfying(w -> assertThat(w).startsWith("399 ").contains("\"148 group is regrouped\""));
      // the first Warning as WIRE.md's table gives it, a second naming the group and the regroup holding it
      assertThat(r.headers().stream().filter(h -> h.name().equalsIgnoreCase("Warning")).map(h -> h.value()).toList())
          .hasSize(2).last().asString().endsWith("\"sip:fire@metro.example is regrouped by sip:rg-1@metro.example\"");
      // an exact repeat of the active create is a retry: 200 and no change
      assertThat(get(disp.regroup(service, group("rg-1"), group("tmpl-incident"), FIRE_AND_POLICE)).status()).isEqualTo(200);
      assertThat(sys.activeRegroups()).isEqualTo(1);
      // the regroup group ID in use by an active regroup: 165
      SipResponse inUse = get(disp.regroup(service, group("rg-1"), group("tmpl-incident"),
          new RegroupTargets.Groups(List.of(group("ambulance")))));
      assertThat(inUse.status()).isEqualTo(403);
      assertThat(inUse.header("Warning").orElseThrow()).contains("\"165 group ID for regroup already in use\"");
      assertThat(sys.events).noneMatch(e -> e.kind() == RegroupEvent.Kind.FORMED && e.regroupGroup().equals(group("rg-2")));
    }
  }
}
