package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.MIXED;
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.RG3;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.VIDEO_ONLY;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.server.McServiceServer;

/**
 * TS 23.280 10.xx.3.2.1, last paragraphs: the regroup is in effect until cancelled; a client's
 * participation persists while it is affiliated to any regrouped group, and its affiliation to
 * the regroup group ceases with its MC service (log-off, registration expiry).
 */
class RegroupLifecycleTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  @Test
  void participationPersistsWhileAffiliatedToAtLeastOneRegroupedGroup() {
    McServiceClient ff1 = t.affiliated(FF1, McService.MCVIDEO, FIRE, VIDEO_ONLY);
    t.groupRegroup(McService.MCVIDEO, DISP1, RG1, TMPL_INCIDENT, FIRE, VIDEO_ONLY);

    Outcome o = t.affiliate(ff1, McService.MCVIDEO, VIDEO_ONLY); // de-affiliates from fire

    assertThat(o.deliveries()).isEmpty();
    assertThat(o.events()).isEmpty();
    assertThat(t.active(RG1).hasParticipant(ff1)).isTrue();
    assertThat(t.states(RG1, ff1)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED);
  }

  @Test
  void participationEndsWhenAffiliatedToNoneOfTheRegroupedGroups() {
    McServiceClient ff1 = t.affiliated(FF1, McService.MCVIDEO, FIRE, VIDEO_ONLY);
    t.groupRegroup(McService.MCVIDEO, DISP1, RG1, TMPL_INCIDENT, FIRE, VIDEO_ONLY);
    t.affiliate(ff1, McService.MCVIDEO, VIDEO_ONLY);

    Outcome o = t.affiliate(ff1, McService.MCVIDEO, MIXED); // neither fire nor video-only any more

    assertThat(t.active(RG1).hasParticipant(ff1)).isFalse();
    assertThat(t.states(RG1, ff1)).last().isEqualTo(MemberState.LEFT);
    assertThat(RegroupTestContext.memberEvents(o)).singleElement()
        .satisfies(e -> assertThat(e.memberState()).contains(MemberState.LEFT));
    assertThat(o.deliveries()).as("leaving is not a cancel: nothing is sent").isEmpty();
  }

  @Test
  void deaffiliatingFromAnotherServiceDoesNotEndTheParticipation() {
    McServiceClient ff1 = t.affiliated(FF1, McService.MCPTT, FIRE);
    t.affiliate(ff1, McService.MCVIDEO, FIRE);
    t.groupRegroup(McService.MCPTT, DISP1, RG1, TMPL_INCIDENT, FIRE);

    t.affiliate(ff1, McService.MCVIDEO);

    assertThat(t.active(RG1).hasParticipant(ff1)).isTrue();
  }

  @Test
  void deaffiliationDoesNotEndAUserRegroupParticipation() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1);

    t.affiliate(ff1, McService.MCPTT);

    assertThat(t.active(RG1).hasParticipant(ff1)).isTrue();
  }

  @Test
  void logOffEndsAllAffiliationsAndAllParticipations() {
    McServiceClient ff1 = t.affiliated(FF1, McService.MCPTT, FIRE);
    t.affiliate(ff1, McService.MCVIDEO, FIRE, VIDEO_ONLY);
    McServiceClient ff2 = t.affiliated(FF2, McService.MCPTT, FIRE);
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);
    t.userRegroup(DISP1, RG2, TMPL_INCIDENT, FF1);
    t.groupRegroup(McService.MCVIDEO, DISP1, RG3, TMPL_INCIDENT, VIDEO_ONLY);

    Outcome o = t.server.logOff(ff1);

    assertThat(t.server.registration(ff1)).isEmpty();
    for (McService s : McService.values()) assertThat(t.server.affiliationsOf(ff1, s)).isEmpty();
    assertThat(t.server.affiliatedTo(FIRE, McService.MCPTT)).containsExactly(ff2);
    for (var rg : Set.of(RG1, RG2, RG3)) {
      assertThat(t.active(rg).hasParticipant(ff1)).as("%s", rg).isFalse();
      assertThat(t.states(rg, ff1)).as("%s", rg).last().isEqualTo(MemberState.LEFT);
    }
    assertThat(RegroupTestContext.memberEvents(o)).hasSize(3);
    assertThat(o.deliveries()).isEmpty();
    assertThat(t.active(RG1).participants()).containsExactly(ff2);
  }

  @Test
  void logOffOfOneClientLeavesTheUsersOtherClientsInPlace() {
    McServiceClient ff1a = t.affiliated(FF1, FIRE);
    McServiceClient ff1b = t.affiliated(FF1, FIRE);
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);

    t.server.logOff(ff1a);

    assertThat(t.active(RG1).participants()).containsExactly(ff1b);
    assertThat(t.server.affiliationsOf(ff1b, McService.MCPTT)).containsExactly(FIRE);
  }

  @Test
  void logOffOfAnUnregisteredClientChangesNothing() {
    assertThat(t.server.logOff(t.client(FF1))).isEqualTo(Outcome.none());
  }

  @Test
  void registrationExpiryEndsAllAffiliationsAndParticipations() {
    McServiceClient ff1 = t.client(FF1);
    assertThat(t.server.register(ff1, McServiceServer.allServices(), 60).grantedExpires()).isEqualTo(60);
    t.affiliate(ff1, McService.MCPTT, FIRE);
    McServiceClient pol1 = t.affiliated(POL1, POLICE); // registered for an hour
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    t.advance(Duration.ofSeconds(59));
    assertThat(t.server.expireRegistrations()).isEqualTo(Outcome.none());
    assertThat(t.active(RG1).hasParticipant(ff1)).isTrue();

    t.advance(Duration.ofSeconds(2));
    Outcome o = t.server.expireRegistrations();

    assertThat(t.server.registration(ff1)).isEmpty();
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).isEmpty();
    assertThat(t.active(RG1).participants()).containsExactly(pol1);
    assertThat(t.states(RG1, ff1)).last().isEqualTo(MemberState.LEFT);
    assertThat(RegroupTestContext.memberEvents(o)).singleElement()
        .satisfies(e -> assertThat(e.client()).contains(ff1));
  }

  @Test
  void theRegroupStaysActiveUntilCancelledEvenWithZeroParticipants() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    McServiceClient pol1 = t.affiliated(POL1, POLICE);
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);

    t.affiliate(ff1, McService.MCPTT);
    t.server.logOff(pol1);

    assertThat(t.active(RG1).participants()).isEmpty();
    assertThat(t.server.activeRegroups()).hasSize(1);
    // the groups are still regrouped: an overlapping create is refused
    assertThat(t.groupRegroup(DISP1, RG2, TMPL_INCIDENT, POLICE).rejection()).map(Rejection::reason)
        .contains(RejectReason.GROUP_REGROUPED);
    // and a client affiliating again joins the regroup that is still in effect
    assertThat(RegroupTestContext.recipients(t.affiliate(ff1, McService.MCPTT, FIRE))).containsExactly(ff1);
    // only the cancel ends it
    assertThat(t.cancel(DISP1, RG1).accepted()).isTrue();
    assertThat(t.server.activeRegroups()).isEmpty();
  }

  @Test
  void aUserRegroupStaysActiveAfterAllItsClientsLoggedOff() {
    McServiceClient ff1 = t.registered(FF1);
    t.userRegroup(DISP1, RG1, TMPL_INCIDENT, FF1);

    t.server.logOff(ff1);

    assertThat(t.active(RG1).participants()).isEmpty();
    // a client that registers again joins the regroup that is still in effect
    McServiceClient back = t.client(FF1);
    assertThat(RegroupTestContext.recipients(t.register(back).outcome())).containsExactly(back);
  }
}
