package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.START;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.groupRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.ManualClock;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.server.Decision;
import org.muster.core.server.McServiceServer;

/**
 * The primary's cancels owed to partner systems (10.xx.3.3.3 step 4, 10.xx.3.3.4 step 6), driven
 * by the core's clock: owed by the decision that makes the debt, sent until the partner confirms
 * on one backoff, settled as a record for the store.
 */
class CancelsOwedToPartnersTest {
  static final McServiceGroupId RG = McServiceGroupId.of("sip:rg-owed@metro.example");
  static final McServiceGroupId RESCUE = PrimaryRegroupAcrossSystemsTest.RESCUE;
  static final PartnerAnswer SILENT = new PartnerAnswer.Silent("no answer in 5000 ms");
  static final PartnerAnswer ACCEPTED = new PartnerAnswer.Accepted();
  static final PartnerAnswer UNKNOWN = new PartnerAnswer.Rejected(Rejection.passedOn(404, "north.example", "163 unknown identity: " + RG.uri()));

  final ManualClock clock = new ManualClock(START);
  final McServiceServer metro = new McServiceServer(PrimaryRegroupAcrossSystemsTest.metroConfig(), clock);
  final CancelsOwedToPartners owed = metro.cancelsOwed();

  OwedCancel owedTo(String partner) {
    return new OwedCancel(partner, McService.MCPTT, RG, DISP1, clock.instant());
  }

  /** A regroup of metro's fire and north's rescue, in effect, then cancelled by the dispatcher. */
  Decision<CrossSystem> cancelOfARegroupInEffectWithNorth() {
    metro.register(new McServiceClient(DISP1, "sip:disp1@127.0.0.1:7001"), McServiceServer.allServices(), 3600);
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG, TMPL_INCIDENT, FIRE, RESCUE));
    metro.partnersAnswered(RG, begun.instance(), Map.of("north", ACCEPTED));
    return metro.decide(m -> m.cancelAcrossSystems(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(DISP1, RG)));
  }

  @Test
  void aCancelAcrossSystemsOwesEachPartnerACancelInTheSameDecisionAndItsConfirmationIsARecord() {
    Decision<CrossSystem> cancelled = cancelOfARegroupInEffectWithNorth();

    assertThat(owed.owes(RG, "north")).isTrue();
    assertThat(cancelled.changes().get(0)).isInstanceOfSatisfying(StateChange.RegroupCancelled.class,
        c -> assertThat(c.owed()).extracting(OwedCancel::partner).containsExactly("north"));
    assertThat(owed.due()).as("not before the store holds the cancel").isEmpty();
    assertThat(owed.stage(RG, "north")).contains(CancelsOwedToPartners.Stage.AWAITING_COMMIT);
    metro.committed(cancelled.changes());
    assertThat(owed.stage(RG, "north")).contains(CancelsOwedToPartners.Stage.OWED);
    CancelsOwedToPartners.Attempt a = metro.decide(m -> owed.due()).answer().get(0);
    assertThat(a.partner()).isEqualTo("north");
    assertThat(owed.stage(RG, "north")).contains(CancelsOwedToPartners.Stage.SENT);
    assertThat(owed.due()).as("one attempt at a time").isEmpty();
    Decision<Object> settled = metro.decide(m -> {
      owed.answered(a, ACCEPTED);
      return null;
    });
    assertThat(settled.changes()).containsExactly(new StateChange.CancelSettled(RG, "north"));
    assertThat(owed.size()).isZero();
    assertThat(owed.stage(RG, "north")).isEmpty();
  }

  @Test
  void aCancelTheStoreDidNotTakeOwesNothingAndTheRegroupIsBackWithItsPartner() {
    Decision<CrossSystem> cancelled = cancelOfARegroupInEffectWithNorth();

    metro.undo(cancelled.changes());

    assertThat(owed.size()).isZero();
    assertThat(metro.activeRegroup(RG).orElseThrow().partners()).containsExactly("north");
  }

  @Test
  void aSilentPartnerIsAskedAgainAfter2_4_8_16_32AndThenEvery60Seconds() {
    owed.owe(List.of(owedTo("north")), true);
    List<CancelsOwedToPartners.Attempt> sent = new ArrayList<>(owed.due());
    assertThat(sent).hasSize(1);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      owed.answered(sent.get(sent.size() - 1), SILENT);
      Duration wait = Duration.between(clock.instant(), owed.dueAt(RG, "north").orElseThrow());
      waits.add(wait.toSeconds());
      clock.advance(wait.minusMillis(1));
      assertThat(owed.due()).as("not before it is due").isEmpty();
      clock.advance(Duration.ofMillis(1));
      sent.addAll(owed.due());
      assertThat(sent).hasSize(i + 2);
    }
    assertThat(waits).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L);
  }

  @Test
  void unknownRegroupEndsTheDebtOnlyOnceAnEarlierCreateCanNoLongerArrive() {
    owed.owe(List.of(owedTo("north")), true);
    owed.answered(owed.due().get(0), UNKNOWN);
    assertThat(owed.size()).as("a create queued at a slow partner may still form it").isEqualTo(1);
    clock.advance(OwedCancel.SETTLE);
    owed.answered(owed.due().get(0), UNKNOWN);
    assertThat(owed.size()).isZero();
  }

  @Test
  void anAttemptInFlightIsNotSentAgainUntilItsAnswer() {
    owed.owe(List.of(owedTo("north")), true);
    assertThat(owed.due()).hasSize(1);
    clock.advance(Duration.ofMinutes(5));
    assertThat(owed.due()).isEmpty();
    assertThat(owed.sendNow(RG, "north")).as("the caller joins the attempt in flight").isEmpty();
  }

  @Test
  void nothingIsSentWhileARegroupOfTheSameRegroupGroupIsFormingOrInEffectWithThatPartner() {
    metro.register(new McServiceClient(DISP1, "sip:disp1@127.0.0.1:7001"), McServiceServer.allServices(), 3600);
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG, TMPL_INCIDENT, FIRE, RESCUE));
    owed.owe(List.of(owedTo("north"), owedTo("south")), true);
    assertThat(owed.due()).as("a create of the regroup group is waiting for its partners").isEmpty();
    metro.partnersAnswered(RG, begun.instance(), Map.of("north", new PartnerAnswer.Silent("slow")));
    owed.owe(List.of(owedTo("north"), owedTo("south")), true);
    CrossSystem again = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG, TMPL_INCIDENT, FIRE, RESCUE));
    metro.partnersAnswered(RG, again.instance(), Map.of("north", ACCEPTED));
    assertThat(owed.due()).as("in effect with north, not with south").extracting(CancelsOwedToPartners.Attempt::partner)
        .containsExactly("south");
  }

  @Test
  void aNewRegroupEveryPartnerAcceptedSupersedesTheOldCancels() {
    metro.register(new McServiceClient(DISP1, "sip:disp1@127.0.0.1:7001"), McServiceServer.allServices(), 3600);
    owed.owe(List.of(owedTo("north"), owedTo("south")), true);
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG, TMPL_INCIDENT, FIRE, RESCUE));
    metro.partnersAnswered(RG, begun.instance(), Map.of("north", ACCEPTED));
    assertThat(owed.owes(RG, "north")).isFalse();
    assertThat(owed.owes(RG, "south")).isTrue();
  }

  @Test
  void anAnswerForACancelOwedAgainMeanwhileDoesNotEndTheNewDebt() {
    owed.owe(List.of(owedTo("north")), true);
    CancelsOwedToPartners.Attempt first = owed.due().get(0);
    clock.advance(Duration.ofSeconds(1));
    owed.owe(List.of(owedTo("north")), true); // a later create of the same regroup group failed too
    CancelsOwedToPartners.Attempt second = owed.sendNow(RG, "north").orElseThrow();
    owed.answered(first, ACCEPTED);
    assertThat(owed.size()).isEqualTo(1);
    owed.answered(second, ACCEPTED);
    assertThat(owed.size()).isZero();
  }

  @Test
  void whenTheStoreCannotSayARegroupIsInEffectEveryPartnerIsOwedACancel() {
    metro.register(new McServiceClient(DISP1, "sip:disp1@127.0.0.1:7001"), McServiceServer.allServices(), 3600);
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG, TMPL_INCIDENT, FIRE, RESCUE));
    Decision<CrossSystem> inEffect = metro.decide(m -> m.partnersAnswered(RG, begun.instance(), Map.of("north", ACCEPTED)));

    metro.undo(inEffect.changes());

    assertThat(metro.activeRegroup(RG)).isEmpty();
    assertThat(owed.owes(RG, "north")).isTrue();
    assertThat(owed.due()).extracting(CancelsOwedToPartners.Attempt::partner).containsExactly("north");
    assertThat(Set.copyOf(metro.decide(m -> List.of()).changes())).isEmpty();
  }
}
