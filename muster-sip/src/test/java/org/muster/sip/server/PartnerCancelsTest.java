package org.muster.sip.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.regroup.PartnerAnswer;
import org.muster.core.regroup.PartnerRequest;
import org.muster.core.server.McServiceServer;

/** Issue 5, no orphan regroups: the cancels owed to partner systems are sent until each partner confirms. */
class PartnerCancelsTest {
  static final McServiceGroupId RG = McServiceGroupId.of("sip:rg1@metro.example");
  static final McServiceId DISP = McServiceId.of("sip:disp1@metro.example");
  static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
  Instant now = Instant.parse("2026-11-25T10:00:00Z");
  final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  /** Each request sent, with the future its answer completes. */
  final List<Map.Entry<PartnerRequest, CompletableFuture<PartnerAnswer>>> sent = new ArrayList<>();
  final List<String> settled = new ArrayList<>();
  final PartnerCancels cancels = new PartnerCancels(new PartnerCancels.Port() {
    @Override
    public CompletableFuture<PartnerAnswer> send(PartnerRequest cancel) {
      CompletableFuture<PartnerAnswer> answer = new CompletableFuture<>();
      sent.add(Map.entry(cancel, answer));
      return answer;
    }

    @Override
    public void onCore(Consumer<McServiceServer> step) {
      step.accept(null); // the test is the core thread
    }

    @Override
    public void settled(McServiceServer core, McServiceGroupId regroupGroup, String partner) {
      settled.add(regroupGroup.uri() + " " + partner);
    }
  }, clock, nanos::get);

  OwedCancel owedTo(String partner) {
    return new OwedCancel(partner, McService.MCPTT, RG, DISP, now);
  }

  void answerLast(PartnerAnswer a) {
    sent.get(sent.size() - 1).getValue().complete(a);
  }

  void pass(Duration d) {
    nanos.addAndGet(d.toNanos());
    now = now.plus(d);
  }

  static final PartnerAnswer SILENT = new PartnerAnswer.Silent("no answer in 5000 ms");
  static final PartnerAnswer UNKNOWN = new PartnerAnswer.Rejected(Rejection.passedOn(404, "north.example", "163 unknown identity: " + RG.uri()));

  @Test
  void thePartnersCancelResponseEndsTheDebtAndTheStoreForgetsIt() {
    cancels.owe(List.of(owedTo("north")));
    CompletableFuture<Map<String, PartnerAnswer>> first = cancels.sendNow(List.of(owedTo("north").request()));
    assertThat(sent).singleElement().satisfies(e -> assertThat(e.getKey()).isEqualTo(owedTo("north").request()));
    answerLast(new PartnerAnswer.Accepted());
    assertThat(first.join()).containsEntry("north", new PartnerAnswer.Accepted());
    assertThat(settled).containsExactly(RG.uri() + " north");
    assertThat(cancels.size()).isZero();
    pass(Duration.ofMinutes(5));
    cancels.tick(c -> false);
    assertThat(sent).hasSize(1);
  }

  @Test
  void aSilentPartnerIsAskedAgainAfter2_4_8_16_32AndThenEvery60Seconds() {
    cancels.owe(List.of(owedTo("north")));
    cancels.tick(c -> false);
    assertThat(sent).hasSize(1);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      answerLast(SILENT);
      long due = cancels.dueNanos(RG, "north").orElseThrow();
      waits.add((due - nanos.get()) / SECOND);
      nanos.set(due - 1);
      cancels.tick(c -> false);
      assertThat(sent).as("not before it is due").hasSize(i + 1);
      nanos.set(due);
      cancels.tick(c -> false);
      assertThat(sent).hasSize(i + 2);
    }
    assertThat(waits).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L);
    assertThat(settled).isEmpty();
  }

  @Test
  void unknownRegroupEndsTheDebtOnlyOnceAnEarlierCreateCanNoLongerArrive() {
    cancels.owe(List.of(owedTo("north")));
    cancels.tick(c -> false);
    answerLast(UNKNOWN);
    assertThat(cancels.size()).as("a create queued at a slow partner may still form it").isEqualTo(1);
    pass(OwedCancel.SETTLE);
    cancels.tick(c -> false);
    assertThat(sent).hasSize(2);
    answerLast(UNKNOWN);
    assertThat(settled).containsExactly(RG.uri() + " north");
    assertThat(cancels.size()).isZero();
  }

  @Test
  void whoAsksForTheFirstAnswerJoinsTheAttemptAlreadyInFlight() {
    cancels.owe(List.of(owedTo("north")));
    cancels.tick(c -> false); // the periodic resend took it first
    CompletableFuture<Map<String, PartnerAnswer>> first = cancels.sendNow(List.of(owedTo("north").request()));
    assertThat(sent).as("one request, not two").hasSize(1);
    answerLast(SILENT);
    assertThat(first.join()).containsEntry("north", SILENT);
  }

  @Test
  void nothingIsSentWhileARegroupOfTheSameRegroupGroupUsesThatPartner() {
    cancels.owe(List.of(owedTo("north"), owedTo("east")));
    cancels.tick(c -> c.partner().equals("north"));
    assertThat(sent).extracting(e -> e.getKey().partnerId()).containsExactly("east");
  }

  @Test
  void aNewRegroupEveryPartnerAcceptedSupersedesTheOldCancels() {
    cancels.owe(List.of(owedTo("north"), owedTo("east")));
    cancels.superseded(RG, Set.of("north"));
    cancels.tick(c -> false);
    assertThat(sent).extracting(e -> e.getKey().partnerId()).containsExactly("east");
    assertThat(cancels.size()).isEqualTo(1);
  }

  @Test
  void beforeANewCreateTheCancelsOwedItsPartnersGoFirst() {
    cancels.owe(List.of(owedTo("north"), owedTo("east")));
    CompletableFuture<Void> first = cancels.before(RG, Set.of("north"));
    assertThat(sent).extracting(e -> e.getKey().partnerId()).containsExactly("north");
    assertThat(first).isNotDone();
    answerLast(new PartnerAnswer.Accepted());
    assertThat(first).isCompleted();
    assertThat(cancels.before(McServiceGroupId.of("sip:other@metro.example"), Set.of("north"))).isCompleted();
  }

  @Test
  void anAnswerForACancelOwedAgainMeanwhileDoesNotEndTheNewDebt() {
    cancels.owe(List.of(owedTo("north")));
    cancels.tick(c -> false);
    pass(Duration.ofSeconds(1));
    cancels.owe(List.of(owedTo("north"))); // a later create of the same regroup group failed too
    answerLast(new PartnerAnswer.Accepted());
    assertThat(settled).isEmpty();
    assertThat(cancels.size()).isEqualTo(1);
  }
}
