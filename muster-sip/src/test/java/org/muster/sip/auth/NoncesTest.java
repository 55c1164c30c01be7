package org.muster.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoncesTest {
  private final StepClock clock = new StepClock();
  private final Nonces nonces = new Nonces(clock, new SecureRandom());

  @Test
  void aNonceIsFreshForFiveMinutesThenExpired() {
    String n = nonces.issue();
    assertThat(nonces.check(n)).isEqualTo(Nonces.Check.FRESH);
    clock.advance(Duration.ofMinutes(5));
    assertThat(nonces.check(n)).isEqualTo(Nonces.Check.FRESH);
    clock.advance(Duration.ofSeconds(1));
    assertThat(nonces.check(n)).isEqualTo(Nonces.Check.EXPIRED);
  }

  @Test
  void everyNonceIsNew() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) assertThat(seen.add(nonces.issue())).isTrue();
  }

  @Test
  void aNonceOfAnotherServerOrAlteredOrGarbageIsNotOurs() {
    String theirs = new Nonces(clock, new SecureRandom()).issue();
    assertThat(nonces.check(theirs)).isEqualTo(Nonces.Check.UNKNOWN);
    byte[] raw = Base64.getUrlDecoder().decode(nonces.issue());
    raw[3] ^= 1; // an issue time moved by the sender
    assertThat(nonces.check(Base64.getUrlEncoder().withoutPadding().encodeToString(raw))).isEqualTo(Nonces.Check.UNKNOWN);
    assertThat(nonces.check("not base64 !")).isEqualTo(Nonces.Check.UNKNOWN);
    assertThat(nonces.check("")).isEqualTo(Nonces.Check.UNKNOWN);
  }

  @Test
  void theNonceCountMustGrow() {
    String n = nonces.issue();
    assertThat(nonces.countGrows(n, 1)).isTrue();
    assertThat(nonces.countGrows(n, 1)).as("the same count again: a replay").isFalse();
    assertThat(nonces.countGrows(n, 3)).isTrue();
    assertThat(nonces.countGrows(n, 2)).as("a lower count").isFalse();
    assertThat(nonces.countGrows(nonces.issue(), 1)).as("another nonce counts on its own").isTrue();
  }

  @Test
  void usedNoncesAreForgottenOnceExpired() {
    for (int i = 0; i < 5000; i++) nonces.countGrows(nonces.issue(), 1);
    clock.advance(Duration.ofMinutes(6));
    nonces.countGrows(nonces.issue(), 1);
    assertThat(nonces.remembered()).isEqualTo(1);
  }
}
