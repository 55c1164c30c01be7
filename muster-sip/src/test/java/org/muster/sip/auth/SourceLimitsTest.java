package org.muster.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceLimitsTest {
  private final StepClock clock = new StepClock();
  private final SourceLimits limits = new SourceLimits(clock);

  private int admitted(String source, int tries) {
    int n = 0;
    for (int i = 0; i < tries; i++) if (limits.admitUnauthenticated(source, "test")) n++;
    return n;
  }

  @Test
  void aBurstIsAnsweredThenTheRestIsDroppedUntilTheBucketRefills() {
    assertThat(admitted("10.0.0.1", 100)).isEqualTo(SourceLimits.BURST);
    clock.advance(Duration.ofMillis(500));
    assertThat(admitted("10.0.0.1", 100)).isEqualTo(SourceLimits.PER_SECOND / 2);
  }

  @Test
  void oneFloodingSourceDoesNotTakeAnotherSourcesTokens() {
    admitted("10.0.0.1", 10_000);
    assertThat(limits.admitUnauthenticated("10.0.0.2", "test")).isTrue();
  }

  @Test
  void repeatedFailuresBlockTheSourceLongerEachTimeAndSuccessForgives() {
    for (int i = 0; i < SourceLimits.FREE_FAILURES - 1; i++) limits.failed("10.0.0.1", "sip:ff1@metro.example");
    assertThat(limits.mayTry("10.0.0.1")).isTrue();
    limits.failed("10.0.0.1", "sip:ff1@metro.example");
    assertThat(limits.mayTry("10.0.0.1")).isFalse();
    assertThat(limits.admitUnauthenticated("10.0.0.1", "test")).as("no challenge while blocked").isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(limits.mayTry("10.0.0.1")).isTrue();
    limits.failed("10.0.0.1", "sip:ff1@metro.example");
    clock.advance(Duration.ofSeconds(1));
    assertThat(limits.mayTry("10.0.0.1")).as("the second block lasts 2 s").isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(limits.mayTry("10.0.0.1")).isTrue();
    limits.succeeded("10.0.0.1");
    limits.failed("10.0.0.1", "sip:ff1@metro.example");
    assertThat(limits.mayTry("10.0.0.1")).as("counting starts again after a success").isTrue();
    assertThat(limits.mayTry("10.0.0.2")).isTrue();
  }

  @Test
  void blocksAreCappedAtOneMinute() {
    for (int i = 0; i < 100; i++) limits.failed("10.0.0.1", "sip:ff1@metro.example");
    clock.advance(Duration.ofSeconds(SourceLimits.MAX_BLOCK_SECONDS));
    assertThat(limits.mayTry("10.0.0.1")).isTrue();
  }
}
