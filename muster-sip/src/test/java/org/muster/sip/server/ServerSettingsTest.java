package org.muster.sip.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {
  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
    return p;
  }

  @Test
  void unsetKeysKeepTheirDefaults() {
    assertThat(ServerSettings.from(props())).isEqualTo(ServerSettings.defaults());
    ServerSettings s = ServerSettings.from(props("muster.partner.timeout.ms", "3000"));
    assertThat(s.partnerTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.deliveryTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(s.reportInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.sendThreads()).isEqualTo(2);
    assertThat(ServerSettings.from(props("muster.send.threads", "4")).sendThreads()).isEqualTo(4);
    assertThat(s.coreBacklog()).isEqualTo(20_000);
    assertThat(ServerSettings.from(props("muster.core.backlog", "500")).coreBacklog()).isEqualTo(500);
  }

  @Test
  void aBadValueIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> ServerSettings.from(props("muster.delivery.timeout.ms", "8s")))
        .hasMessage("muster.delivery.timeout.ms must be a number of milliseconds, was '8s'");
    assertThatThrownBy(() -> ServerSettings.from(props("muster.partner.timeout.ms", "60000")))
        .hasMessage("muster.partner.timeout.ms must be 100 to 32000 ms, was 60000");
    assertThatThrownBy(() -> ServerSettings.from(props("muster.report.interval.ms", "0")))
        .hasMessage("muster.report.interval.ms must be 10 to 60000 ms, was 0");
    assertThatThrownBy(() -> ServerSettings.from(props("muster.send.threads", "0")))
        .hasMessage("muster.send.threads must be 1 to 64, was 0");
    assertThatThrownBy(() -> ServerSettings.from(props("muster.send.threads", "two")))
        .hasMessage("muster.send.threads must be a whole number, was 'two'");
    assertThatThrownBy(() -> ServerSettings.from(props("muster.core.backlog", "5")))
        .hasMessage("muster.core.backlog must be 10 to 1000000, was 5");
    assertThatThrownBy(() -> ServerSettings.from(props("muster.lease.expiry.ms", "5000")))
        .hasMessage("muster.lease.expiry.ms must be 6000 to 600000 ms, was 5000");
  }

  @Test
  void theLeaseTimesDefaultTo3And10SecondsAndAreReadFromTheirKeys() {
    assertThat(ServerSettings.defaults().leaseRenew()).hasSeconds(3);
    assertThat(ServerSettings.defaults().leaseExpiry()).hasSeconds(10);
    ServerSettings quick = ServerSettings.from(props("muster.lease.renew.ms", "500", "muster.lease.expiry.ms", "1500"));
    assertThat(quick.leaseRenew()).hasMillis(500);
    assertThat(quick.leaseExpiry()).hasMillis(1500);
  }
}
