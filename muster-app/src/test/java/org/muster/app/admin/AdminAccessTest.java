package org.muster.app.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.muster.app.admin.AdminAccess.Verdict;
import org.muster.core.config.HostPort;

class AdminAccessTest {
  static final String TOKEN = "s3cret-admin-token-0123";
  static final HostPort LOOPBACK = new HostPort("127.0.0.1", 8080);

  @Test
  void withATokenEveryMethodNeedsTheRightBearerToken() {
    AdminAccess a = AdminAccess.of(LOOPBACK, Optional.of(TOKEN));
    for (String method : new String[] {"GET", "HEAD", "POST", "PUT", "DELETE"}) {
      assertThat(a.check(method, null)).as(method).isEqualTo(Verdict.NO_TOKEN);
      assertThat(a.check(method, "")).as(method).isEqualTo(Verdict.NO_TOKEN);
      assertThat(a.check(method, "Bearer " + TOKEN)).as(method).isEqualTo(Verdict.ALLOWED);
      assertThat(a.check(method, "bearer  " + TOKEN + " ")).as(method).isEqualTo(Verdict.ALLOWED);
      assertThat(a.check(method, "Bearer " + TOKEN + "x")).as(method).isEqualTo(Verdict.WRONG_TOKEN);
      assertThat(a.check(method, "Bearer " + TOKEN.substring(1))).as(method).isEqualTo(Verdict.WRONG_TOKEN);
      assertThat(a.check(method, "Bearer")).as(method).isEqualTo(Verdict.WRONG_TOKEN);
      assertThat(a.check(method, "Basic " + TOKEN)).as(method).isEqualTo(Verdict.WRONG_TOKEN);
      assertThat(a.check(method, TOKEN)).as(method).isEqualTo(Verdict.WRONG_TOKEN);
    }
    assertThat(a.hasToken()).isTrue();
  }

  @Test
  void withoutATokenOnLoopbackOnlyReadingIsAllowed() {
    AdminAccess a = AdminAccess.of(LOOPBACK, Optional.empty());
    assertThat(a.check("GET", null)).isEqualTo(Verdict.ALLOWED);
    assertThat(a.check("HEAD", null)).isEqualTo(Verdict.ALLOWED);
    assertThat(a.check("GET", "Bearer anything-at-all-here")).isEqualTo(Verdict.ALLOWED);
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
      assertThat(a.check(method, null)).as(method).isEqualTo(Verdict.READ_ONLY);
      assertThat(a.check(method, "Bearer anything-at-all-here")).as(method).isEqualTo(Verdict.READ_ONLY);
    }
    assertThat(a.hasToken()).isFalse();
  }

  @Test
  void beyondLoopbackWithoutATokenIsRefusedNamingTheKeys() {
    assertThatThrownBy(() -> AdminAccess.of(new HostPort("0.0.0.0", 8080), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("system.http: 0.0.0.0:8080 is not a loopback address")
        .hasMessageContaining("system.admin-token").hasMessageContaining("MUSTER_ADMIN_TOKEN");
    assertThat(AdminAccess.of(new HostPort("0.0.0.0", 8080), Optional.of(TOKEN)).hasToken()).isTrue();
  }

  @Test
  void loopbackIsTheLoopbackNetworkAndNothingElse() {
    assertThat(AdminAccess.isLoopback("127.0.0.1")).isTrue();
    assertThat(AdminAccess.isLoopback("127.3.4.5")).isTrue();
    assertThat(AdminAccess.isLoopback("::1")).isTrue();
    assertThat(AdminAccess.isLoopback("localhost")).isTrue();
    assertThat(AdminAccess.isLoopback("0.0.0.0")).isFalse();
    assertThat(AdminAccess.isLoopback("::")).isFalse();
    assertThat(AdminAccess.isLoopback("192.0.2.10")).isFalse();
    assertThat(AdminAccess.isLoopback("10.0.0.1")).isFalse();
  }
}
