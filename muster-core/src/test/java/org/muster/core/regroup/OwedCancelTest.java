package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.RegroupRecord;

/** Issue 5, all or nothing across systems: when a cancel owed to a partner is settled. */
class OwedCancelTest {
  static final McServiceGroupId RG = McServiceGroupId.of("sip:rg1@metro.example");
  static final McServiceGroupId TMPL = McServiceGroupId.of("sip:tmpl@metro.example");
  static final McServiceId DISP = McServiceId.of("sip:disp1@metro.example");
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  final OwedCancel owed = new OwedCancel("north", McService.MCPTT, RG, DISP, T0);

  @Test
  void thePartnersCancelResponseSettlesIt() {
    assertThat(owed.settledBy(new PartnerAnswer.Accepted(), T0)).isTrue();
  }

  @Test
  void noAnswerOrARefusalKeepsItOwed() {
    assertThat(owed.settledBy(new PartnerAnswer.Silent("no answer in 5000 ms"), T0.plusSeconds(3600))).isFalse();
    assertThat(owed.settledBy(new PartnerAnswer.Rejected(Rejection.passedOn(403, "not authorized: partner metro is not trusted")),
        T0.plusSeconds(3600))).isFalse();
  }

  @Test
  void unknownRegroupSettlesItOnlyOnceNoEarlierCreateCanStillArrive() {
    PartnerAnswer unknown = new PartnerAnswer.Rejected(Rejection.passedOn(404, "163 unknown identity: " + RG.uri()));
    // a create queued at a slow partner may still form the regroup after this answer
    assertThat(owed.settledBy(unknown, T0.plusSeconds(5))).isFalse();
    assertThat(owed.settledBy(unknown, T0.plus(OwedCancel.SETTLE))).isTrue();
    assertThat(owed.settledBy(new PartnerAnswer.Rejected(Rejection.of(RejectReason.UNKNOWN_IDENTITY, RG.uri())),
        T0.plus(OwedCancel.SETTLE).plusSeconds(1))).isTrue();
  }

  @Test
  void theCancelSentNamesTheRegroupAndTheRequester() {
    PartnerRequest r = owed.request();
    assertThat(r.partnerId()).isEqualTo("north");
    assertThat(r.isCancel()).isTrue();
    assertThat(r.flow()).isEqualTo(new PreconfiguredRegroupCancelRequest.BetweenServers(DISP, RG));
  }

  @Test
  void aCreateSentOrACancelToSendIsOwedACancel() {
    List<PartnerRequest> sent = List.of(
        new PartnerRequest("north", McService.MCPTT, new PreconfiguredRegroupRequest.BetweenServers(DISP, RG, TMPL,
            new RegroupTargets.Groups(List.of(McServiceGroupId.of("sip:rescue@north.example"))))),
        new PartnerRequest("east", McService.MCPTT, new PreconfiguredRegroupCancelRequest.BetweenServers(DISP, RG)));
    assertThat(OwedCancel.of(sent, T0)).containsExactly(
        new OwedCancel("north", McService.MCPTT, RG, DISP, T0), new OwedCancel("east", McService.MCPTT, RG, DISP, T0));
  }

  @Test
  void aCreateStillFormingWhenThePrimaryStoppedIsOwedToEveryPartnerAsked() {
    RegroupRecord forming = new RegroupRecord(McService.MCVIDEO, DISP, RG, TMPL,
        new RegroupTargets.Groups(List.of(McServiceGroupId.of("sip:rescue@north.example"), McServiceGroupId.of("sip:x@east.example"))),
        false, T0, Set.of(), Map.of(), Set.of("north", "east"), Optional.empty());
    assertThat(PrimaryRegroupAcrossSystems.abandoned(forming, T0.plusSeconds(9))).containsExactlyInAnyOrder(
        new OwedCancel("north", McService.MCVIDEO, RG, DISP, T0.plusSeconds(9)),
        new OwedCancel("east", McService.MCVIDEO, RG, DISP, T0.plusSeconds(9)));
  }
}
