package org.muster.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceId;

class SourceRegistrationsTest {
  private final StepClock clock = new StepClock();
  private final SourceRegistrations sources = new SourceRegistrations(clock);

  private static McServiceClient client(String name) {
    return new McServiceClient(McServiceId.of("sip:" + name + "@metro.example"), "sip:" + name + "@10.0.0.1:5070");
  }

  @Test
  void countsTheClientsOfOneAddressWhateverTheirUsers() {
    sources.registered("10.0.0.1", client("a"), 600);
    sources.registered("10.0.0.1", client("b"), 600);
    sources.registered("10.0.0.2", client("c"), 600);
    SourceRegistrations.Count n = sources.countAfter("10.0.0.1", List.of(client("d")), List.of());
    assertThat(n).isEqualTo(new SourceRegistrations.Count(2, 3));
    assertThat(n.exceeds(2)).isTrue();
    assertThat(n.exceeds(3)).isFalse();
  }

  @Test
  void aRefreshOrALogOffNeverExceeds() {
    sources.registered("10.0.0.1", client("a"), 600);
    sources.registered("10.0.0.1", client("b"), 600);
    assertThat(sources.countAfter("10.0.0.1", List.of(client("a")), List.of()).exceeds(1)).isFalse();
    assertThat(sources.countAfter("10.0.0.1", List.of(), List.of(client("b"))).exceeds(0)).isFalse();
  }

  @Test
  void aClientCountsForTheAddressOfItsLastRegisterOnly() {
    sources.registered("10.0.0.1", client("a"), 600);
    sources.registered("10.0.0.2", client("a"), 600);
    assertThat(sources.countAfter("10.0.0.1", List.of(), List.of()).after()).isZero();
    assertThat(sources.countAfter("10.0.0.2", List.of(), List.of()).after()).isEqualTo(1);
    assertThat(sources.size()).isEqualTo(1);
  }

  @Test
  void endedAndExpiredRegistrationsNoLongerCount() {
    sources.registered("10.0.0.1", client("a"), 600);
    sources.registered("10.0.0.1", client("b"), 60);
    sources.ended(client("a"));
    assertThat(sources.countAfter("10.0.0.1", List.of(), List.of()).after()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(61));
    assertThat(sources.countAfter("10.0.0.1", List.of(), List.of()).after()).isZero();
    assertThat(sources.size()).as("forgotten, not only skipped").isZero();
  }

  @Test
  void expiredClientsOfIdleAddressesAreSweptAsGrantsGoOn() {
    sources.registered("10.0.0.9", client("idle"), 1);
    clock.advance(Duration.ofSeconds(2));
    for (int i = 0; i < SourceRegistrations.SWEEP_EVERY; i++) sources.registered("10.0.0.1", client("c" + i), 600);
    assertThat(sources.size()).isEqualTo(SourceRegistrations.SWEEP_EVERY);
  }
}
