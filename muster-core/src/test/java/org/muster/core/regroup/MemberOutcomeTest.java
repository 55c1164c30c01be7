package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.AMBULANCE;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.muster.core.RegroupTestContext;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/**
 * Per-member outcome (beyond the seed; WIRE.md "No answer or an error is not an
 * acknowledgement: the server records it per client and goes on; the regroup is in effect
 * regardless"): how each client answered its delivery.
 */
class MemberOutcomeTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  @ParameterizedTest
  @CsvSource({"ACKNOWLEDGED, ACKNOWLEDGED", "FAILED, FAILED", "UNREACHABLE, UNREACHABLE"})
  void theAnswerToARequestIsRecordedAndEmitted(Delivery.Answer answer, MemberState expected) {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    Outcome formed = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);
    Delivery d = RegroupTestContext.deliveryTo(formed, ff1);
    Instant at = t.advance(Duration.ofSeconds(3));

    Outcome o = t.server.deliveryAnswered(d, answer, "detail of " + answer);

    assertThat(o.accepted()).isTrue();
    assertThat(o.deliveries()).isEmpty();
    MemberStep last = t.active(RG1).outcomes().get(ff1).get(2);
    assertThat(last).isEqualTo(new MemberStep(expected, at, "detail of " + answer));
    assertThat(o.events()).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(RegroupEvent.Kind.MEMBER);
      assertThat(e.regroupGroup()).isEqualTo(RG1);
      assertThat(e.service()).isEqualTo(McService.MCPTT);
      assertThat(e.client()).contains(ff1);
      assertThat(e.memberState()).contains(expected);
      assertThat(e.at()).isEqualTo(at);
    });
  }

  @Test
  void anAnswerChangesNothingButTheOutcome() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    Delivery d = RegroupTestContext.deliveryTo(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE), ff1);

    t.server.deliveryAnswered(d, Delivery.Answer.FAILED, "500");

    // the regroup is in effect regardless (acknowledgements are optional, step 7)
    assertThat(t.active(RG1).hasParticipant(ff1)).isTrue();
  }

  @Test
  void outcomesAreKeptPerClientInTheOrderTheyWereFirstTargeted() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    McServiceClient ff2 = t.affiliated(FF2, FIRE);
    Outcome formed = t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);

    t.server.deliveryAnswered(RegroupTestContext.deliveryTo(formed, ff2), Delivery.Answer.ACKNOWLEDGED, "200");

    assertThat(t.active(RG1).outcomes()).containsOnlyKeys(ff1, ff2);
    assertThat(t.states(RG1, ff1)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED);
    assertThat(t.states(RG1, ff2)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED, MemberState.ACKNOWLEDGED);
  }

  @Test
  void anAnswerForARegroupThatIsNotKnownIsIgnored() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    Delivery d = RegroupTestContext.deliveryTo(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE), ff1);
    RegroupTestContext other = RegroupTestContext.create();

    assertThat(other.server.deliveryAnswered(d, Delivery.Answer.ACKNOWLEDGED, "200")).isEqualTo(Outcome.none());
  }

  @Test
  void aLateAnswerToACancelledRegroupIsNotRecordedInANewRegroupReusingItsId() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE);
    Delivery oldCancel = RegroupTestContext.deliveryTo(t.cancel(DISP1, RG1), ff1);
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, AMBULANCE).accepted()).isTrue(); // ff1 is not in it

    t.server.deliveryAnswered(oldCancel, Delivery.Answer.ACKNOWLEDGED, "200 OK (late)");

    assertThat(t.active(RG1).outcomes()).as("the new regroup never targeted ff1").doesNotContainKey(ff1);
  }

  @Test
  void answersToTwoRegroupsOfOneClientAreRecordedInEachRegroup() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    Delivery g = RegroupTestContext.deliveryTo(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE), ff1);
    Delivery u = RegroupTestContext.deliveryTo(t.userRegroup(DISP1, RG2, TMPL_INCIDENT, FF1), ff1);

    t.server.deliveryAnswered(g, Delivery.Answer.ACKNOWLEDGED, "200");
    t.server.deliveryAnswered(u, Delivery.Answer.UNREACHABLE, "timeout");

    assertThat(t.states(RG1, ff1)).last().isEqualTo(MemberState.ACKNOWLEDGED);
    assertThat(t.states(RG2, ff1)).last().isEqualTo(MemberState.UNREACHABLE);
  }
}
