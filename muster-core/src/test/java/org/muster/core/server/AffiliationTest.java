package org.muster.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.AMBULANCE;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.MIXED;
import static org.muster.core.RegroupTestContext.NO_SUCH_GROUP;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.VIDEO_ONLY;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * MC service group affiliation (TS 23.280 10.8.3.1, WIRE.md PUBLISH): the client's whole wanted
 * set for one MC service; every listed group must be one the user may affiliate to (a member,
 * the service enabled for the group), else 403 naming the first refused group and no change.
 */
class AffiliationTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  private McServiceServer.AffiliationOutcome affiliate(McServiceClient c, McService s, McServiceGroupId... groups) {
    return t.server.affiliate(c, s, List.of(groups));
  }

  private void assertRefused(McServiceServer.AffiliationOutcome a, McServiceGroupId group, String reasonPart) {
    assertThat(a.notRegistered()).isEmpty();
    assertThat(a.refusal()).as("refusal").isPresent();
    assertThat(a.refusal().get().group()).isEqualTo(group);
    assertThat(a.refusal().get().reason()).contains(reasonPart);
    assertThat(a.refusal().get().warningText()).contains(group.uri());
    assertThat(a.outcome()).isEqualTo(org.muster.core.regroup.Outcome.none());
  }

  @Test
  void acceptsGroupsTheUserIsAMemberOf() {
    McServiceClient ff1 = t.registered(FF1);

    McServiceServer.AffiliationOutcome a = affiliate(ff1, McService.MCPTT, FIRE, MIXED);

    assertThat(a.notRegistered()).isEmpty();
    assertThat(a.refusal()).isEmpty();
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactlyInAnyOrder(FIRE, MIXED);
    assertThat(t.server.affiliatedTo(FIRE, McService.MCPTT)).containsExactly(ff1);
  }

  @Test
  void wholeSet_groupsNotListedAreDeaffiliated() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE, MIXED);

    t.affiliate(ff1, McService.MCPTT, FIRE);

    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
    assertThat(t.server.affiliatedTo(MIXED, McService.MCPTT)).isEmpty();
  }

  @Test
  void wholeSet_anEmptySetDeaffiliatesFromAll() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE, MIXED);

    t.affiliate(ff1, McService.MCPTT);

    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).isEmpty();
    assertThat(t.server.affiliatedTo(FIRE, McService.MCPTT)).isEmpty();
    assertThat(t.server.stats().affiliations()).isZero();
  }

  @Test
  void wholeSet_eachMcServiceHasItsOwnSet() {
    McServiceClient ff1 = t.affiliated(FF1, McService.MCPTT, FIRE, MIXED);
    t.affiliate(ff1, McService.MCVIDEO, VIDEO_ONLY);

    t.affiliate(ff1, McService.MCPTT);

    assertThat(t.server.affiliationsOf(ff1, McService.MCVIDEO)).containsExactly(VIDEO_ONLY);
    assertThat(t.server.affiliatedTo(FIRE, McService.MCVIDEO)).isEmpty();
  }

  @Test
  void refusal_notAMemberNamesTheGroupAndChangesNothing() {
    McServiceClient ff1 = t.affiliated(FF1, MIXED);

    McServiceServer.AffiliationOutcome a = affiliate(ff1, McService.MCPTT, FIRE, POLICE);

    assertRefused(a, POLICE, "not a member");
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(MIXED);
    assertThat(t.server.affiliatedTo(FIRE, McService.MCPTT)).isEmpty();
  }

  @Test
  void refusal_anUnknownGroup() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);

    assertRefused(affiliate(ff1, McService.MCPTT, NO_SUCH_GROUP), NO_SUCH_GROUP, "unknown group");
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
  }

  @Test
  void refusal_aPreconfiguredRegroupOnlyGroupCannotBeAffiliatedTo() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE); // ff1 is a member of tmpl-incident

    assertRefused(affiliate(ff1, McService.MCPTT, FIRE, TMPL_INCIDENT), TMPL_INCIDENT, "preconfigured");
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
  }

  @Test
  void refusal_aServiceNotEnabledForTheGroup() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE); // ff1 is a member of video-only

    assertRefused(affiliate(ff1, McService.MCPTT, VIDEO_ONLY), VIDEO_ONLY, "MCPTT");
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
    // the same group for the service it offers is fine
    assertThat(affiliate(ff1, McService.MCVIDEO, VIDEO_ONLY).refusal()).isEmpty();
  }

  @Test
  void refusal_namesTheFirstRefusedGroupOfTheList() {
    McServiceClient ff2 = t.registered(FF2);

    assertRefused(affiliate(ff2, McService.MCPTT, FIRE, AMBULANCE, NO_SUCH_GROUP), AMBULANCE, "not a member");
    assertThat(t.server.affiliationsOf(ff2, McService.MCPTT)).isEmpty();
  }

  @Test
  void notRegistered_aClientWithoutRegistrationIsRefused() {
    McServiceClient ff1 = t.client(FF1);

    McServiceServer.AffiliationOutcome a = affiliate(ff1, McService.MCPTT, FIRE);

    assertThat(a.notRegistered()).hasValueSatisfying(s -> assertThat(s).contains("MCPTT"));
    assertThat(a.refusal()).isEmpty();
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).isEmpty();
  }

  @Test
  void notRegistered_aClientRegisteredForAnotherServiceOnlyIsRefused() {
    McServiceClient ff1 = t.client(FF1);
    t.register(ff1, McService.MCPTT);

    McServiceServer.AffiliationOutcome a = affiliate(ff1, McService.MCVIDEO, FIRE);

    assertThat(a.notRegistered()).hasValueSatisfying(s -> assertThat(s).contains("MCVIDEO"));
    assertThat(t.server.affiliationsOf(ff1, McService.MCVIDEO)).isEmpty();
  }

  @Test
  void aRepeatedGroupInTheListIsOneAffiliation() {
    McServiceClient ff1 = t.registered(FF1);

    t.affiliate(ff1, McService.MCPTT, FIRE, FIRE);

    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
    assertThat(t.server.stats().affiliations()).isEqualTo(1);
  }
}
