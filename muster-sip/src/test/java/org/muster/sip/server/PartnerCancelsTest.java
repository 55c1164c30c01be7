package org.muster.sip.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.OwedCancel;
import org.muster.core.regroup.PartnerAnswer;
import org.muster.core.regroup.PartnerRequest;
import org.muster.core.server.McServiceServer;

/**
 * The adapter that sends the cancels the core owes partner systems ({@code CancelsOwedToPartners},
 * whose timing the core's tests cover): one request per attempt, whoever asks for the first answer
 * joins the attempt in flight, and each answer goes back to the core.
 */
class PartnerCancelsTest {
  static final McServiceGroupId RG = McServiceGroupId.of("sip:rg1@metro.example");
  static final McServiceId DISP = McServiceId.of("sip:disp1@metro.example");
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  final McServiceServer core = new McServiceServer(new McSystemConfig(
      new SystemSettings("metro", "metro.example", new HostPort("127.0.0.1", 0), Optional.empty(), "unused"), List.of(), List.of(), List.of()),
      Clock.fixed(NOW, ZoneOffset.UTC));
  /** Each request sent, with the future its answer completes. */
  final List<Map.Entry<PartnerRequest, CompletableFuture<PartnerAnswer>>> sent = new ArrayList<>();
  final PartnerCancels cancels = new PartnerCancels(new PartnerCancels.Port() {
    @Override
    public CompletableFuture<PartnerAnswer> send(PartnerRequest cancel) {
      CompletableFuture<PartnerAnswer> answer = new CompletableFuture<>();
      sent.add(Map.entry(cancel, answer));
      return answer;
    }

    @Override
    public void onCore(Consumer<McServiceServer> step) {
      step.accept(core); // the test is the core thread
    }
  });

  OwedCancel owedTo(String partner) {
    return new OwedCancel(partner, McService.MCPTT, RG, DISP, NOW);
  }

  void answerLast(PartnerAnswer a) {
    sent.get(sent.size() - 1).getValue().complete(a);
  }

  @Test
  void thePartnersCancelResponseEndsTheDebtInTheCore() {
    core.oweCancels(List.of(owedTo("north")));
    CompletableFuture<Map<String, PartnerAnswer>> first = cancels.firstAnswers(core, RG, Set.of("north"));
    assertThat(sent).singleElement().satisfies(e -> assertThat(e.getKey()).isEqualTo(owedTo("north").request()));
    answerLast(new PartnerAnswer.Accepted());
    assertThat(first.join()).containsEntry("north", new PartnerAnswer.Accepted());
    assertThat(core.cancelsOwed().size()).isZero();
    cancels.tick(core);
    assertThat(sent).hasSize(1);
  }

  @Test
  void whoAsksForTheFirstAnswerJoinsTheAttemptAlreadyInFlight() {
    core.oweCancels(List.of(owedTo("north")));
    cancels.tick(core); // the periodic resend took it first
    CompletableFuture<Map<String, PartnerAnswer>> first = cancels.firstAnswers(core, RG, Set.of("north"));
    assertThat(sent).as("one request, not two").hasSize(1);
    PartnerAnswer silent = new PartnerAnswer.Silent("no answer in 5000 ms");
    answerLast(silent);
    assertThat(first.join()).containsEntry("north", silent);
    assertThat(core.cancelsOwed().owes(RG, "north")).as("still owed, asked again later").isTrue();
  }

  @Test
  void beforeANewCreateOnlyTheCancelsOwedItsPartnersGo() {
    core.oweCancels(List.of(owedTo("north"), owedTo("east")));
    CompletableFuture<Map<String, PartnerAnswer>> first = cancels.firstAnswers(core, RG, Set.of("north"));
    assertThat(sent).extracting(e -> e.getKey().partnerId()).containsExactly("north");
    assertThat(first).isNotDone();
    answerLast(new PartnerAnswer.Accepted());
    assertThat(first).isCompleted();
    assertThat(cancels.firstAnswers(core, McServiceGroupId.of("sip:other@metro.example"), Set.of("north"))).isCompleted();
  }
}
