package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.deliveryTo;

import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/** Delivery that converges: unanswered requests and cancels are sent again, bounded, and on re-registration. */
class RedeliveryTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  @Test
  void anUnansweredRequestIsSentAgainWhileStillDue() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    Delivery first = deliveryTo(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE), ff1);
    t.server.deliveryAnswered(first, Delivery.Answer.UNREACHABLE, "408");
    Outcome retry = t.server.retryDelivery(first, 1);
    assertThat(retry.deliveries()).hasSize(1);
    assertThat(t.states(RG1, ff1)).endsWith(MemberState.UNREACHABLE, MemberState.NOTIFIED);
    // acknowledged now: nothing more to send
    t.server.deliveryAnswered(retry.deliveries().get(0), Delivery.Answer.ACKNOWLEDGED, "200");
    assertThat(t.server.retryDelivery(retry.deliveries().get(0), 2).deliveries()).isEmpty();
  }

  @Test
  void anErrorAnswerReachedTheClientAndIsNotResent() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    Delivery first = deliveryTo(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE), ff1);
    t.server.deliveryAnswered(first, Delivery.Answer.FAILED, "480");
    assertThat(t.server.retryDelivery(first, 1).deliveries()).isEmpty();
  }

  @Test
  void aRequestOfARegroupCancelledMeanwhileIsNotResent() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    Delivery first = deliveryTo(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE), ff1);
    t.server.deliveryAnswered(first, Delivery.Answer.UNREACHABLE, "408");
    t.cancel(DISP1, RG1);
    assertThat(t.server.retryDelivery(first, 1).deliveries()).isEmpty();
  }

  @Test
  void aMissedCancelIsSentAgainWhenTheClientRegistersAgain() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);
    Delivery cancel = deliveryTo(t.cancel(DISP1, RG1), ff1);
    t.server.deliveryAnswered(cancel, Delivery.Answer.UNREACHABLE, "408");
    Outcome again = t.register(ff1, McService.MCPTT).outcome();
    assertThat(again.deliveries()).singleElement().satisfies(d -> assertThat(d.isCancel()).isTrue());
    t.server.deliveryAnswered(again.deliveries().get(0), Delivery.Answer.ACKNOWLEDGED, "200");
    assertThat(t.register(ff1, McService.MCPTT).outcome().deliveries()).isEmpty();
  }

  @Test
  void anOldCancelIsNotSentToAClientInANewerRegroupOfTheSameGroup() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE);
    Delivery cancel = deliveryTo(t.cancel(DISP1, RG1), ff1);
    t.server.deliveryAnswered(cancel, Delivery.Answer.UNREACHABLE, "408");
    // RG1 formed again, with ff1 in it, before the old cancel was retried or ff1 registered again
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE).accepted()).isTrue();

    assertThat(t.server.retryDelivery(cancel, 1).deliveries()).as("retry of the old cancel").isEmpty();
    assertThat(t.register(ff1, McService.MCPTT).outcome().deliveries()).as("after registering again")
        .noneSatisfy(d -> assertThat(d.isCancel()).isTrue());
    assertThat(t.server.activeRegroup(RG1).orElseThrow().hasParticipant(ff1)).isTrue();
  }

  @Test
  void anUnansweredRequestIsSentAgainOnRegistrationRefresh() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    Delivery first = deliveryTo(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE), ff1);
    t.server.deliveryAnswered(first, Delivery.Answer.UNREACHABLE, "408");
    Outcome refresh = t.register(ff1, McService.MCPTT).outcome();
    assertThat(refresh.deliveries()).singleElement().satisfies(d -> assertThat(d.isCancel()).isFalse());
  }

  @Test
  void aRequestInFlightWhenTheRegistrationExpiredLeavesTheMemberLeftNotUnreachable() {
    McServiceClient ff1 = t.client(FF1);
    t.server.register(ff1, org.muster.core.server.McServiceServer.allServices(), 60);
    t.affiliate(ff1, McService.MCPTT, FIRE);
    Delivery first = deliveryTo(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE, POLICE), ff1);
    t.advance(java.time.Duration.ofSeconds(61));
    t.server.expireRegistrations(); // the radio was switched off: no refresh, no log-off
    assertThat(t.states(RG1, ff1)).last().isEqualTo(MemberState.LEFT);
    // the attempt sent before the expiry times out afterwards: no news, and nothing to send again
    assertThat(t.server.deliveryAnswered(first, Delivery.Answer.UNREACHABLE, "408")).isEqualTo(Outcome.none());
    assertThat(t.states(RG1, ff1)).last().isEqualTo(MemberState.LEFT);
    assertThat(t.server.retryDelivery(first, 1).deliveries()).isEmpty();
  }
}
