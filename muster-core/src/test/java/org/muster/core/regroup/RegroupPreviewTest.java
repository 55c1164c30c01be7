package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.AMBULANCE;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.X1;
import static org.muster.core.RegroupTestContext.groupRequest;
import static org.muster.core.RegroupTestContext.userRequest;

import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.flow.RejectReason;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/**
 * The dry run of a create ({@link McServiceServer#preview}): the answer the create would get, the
 * conflicts and what holds them, the clients the regroup would reach; and nothing changed.
 */
class RegroupPreviewTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  @Test
  void aGroupRegroupThatWouldFormListsTheAffiliatedClientsAndChangesNothing() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    McServiceClient pol1 = t.affiliated(POL1, POLICE);
    t.registered(FF2); // registered, not affiliated to a listed group: not reached

    RegroupPreview p = t.server.preview(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE));

    assertThat(p.refusal()).isEmpty();
    assertThat(p.retry()).isFalse();
    assertThat(p.conflicts()).isEmpty();
    assertThat(p.partners()).isEmpty();
    assertThat(p.notified()).containsExactlyInAnyOrder(ff1, pol1);
    assertThat(p.fanOut()).isEqualTo(2);
    assertThat(t.server.activeRegroups()).isEmpty();
    assertThat(t.server.decide(s -> s.preview(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE))).changes())
        .as("a preview is a decision that changes nothing").isEmpty();
  }

  @Test
  void aGroupRegroupThatWouldBeRefusedSaysWhyAndNamesEveryConflict() {
    t.affiliated(FF1, FIRE);
    t.affiliated(POL1, POLICE);
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE).accepted()).isTrue();

    RegroupPreview p = t.server.preview(McService.MCPTT, groupRequest(DISP1, RG2, TMPL_INCIDENT, POLICE, AMBULANCE, FIRE));

    assertThat(p.refusal()).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RejectReason.GROUP_REGROUPED));
    assertThat(p.conflicts()).extracting(RegroupPreview.Conflict::group).containsExactly(POLICE, FIRE);
    assertThat(p.conflicts()).extracting(RegroupPreview.Conflict::heldBy)
        .allSatisfy(h -> assertThat(h).endsWith("is regrouped by " + RG1.uri()));
    assertThat(p.notified()).isEmpty();
    assertThat(t.server.activeRegroups()).hasSize(1);
  }

  @Test
  void anExactRepeatOfACreateInEffectIsARetry() {
    t.affiliated(FF1, FIRE);
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE).accepted()).isTrue();

    RegroupPreview p = t.server.preview(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE));

    assertThat(p.retry()).isTrue();
    assertThat(p.refusal()).isEmpty();
    assertThat(p.notified()).isEmpty();
  }

  @Test
  void aUserRegroupListsEveryRegisteredClientOfItsUsersOrItsRefusal() {
    McServiceClient ff1 = t.registered(FF1);
    McServiceClient pol1 = t.registered(POL1);

    RegroupPreview p = t.server.preview(McService.MCPTT, userRequest(DISP1, RG1, TMPL_INCIDENT, FF1, POL1));
    assertThat(p.refusal()).isEmpty();
    assertThat(p.notified()).containsExactlyInAnyOrder(ff1, pol1);

    RegroupPreview refused = t.server.preview(McService.MCPTT, userRequest(DISP1, RG1, TMPL_INCIDENT, FF1, X1));
    assertThat(refused.refusal()).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RejectReason.CONFIGURATION_NOT_HELD));
    assertThat(refused.notified()).isEmpty();
    assertThat(t.server.activeRegroups()).isEmpty();
  }
}
