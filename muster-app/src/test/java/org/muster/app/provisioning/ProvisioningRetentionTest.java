package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.provisioning.ProvisioningYaml.parse;
import static org.muster.app.provisioning.ProvisioningYaml.problems;

import org.junit.jupiter.api.Test;
import org.muster.core.config.Retention;

/** {@code system.retention}: days and cancelled regroups kept in the store. */
class ProvisioningRetentionTest {
  private static final String SYSTEM = "system:\n  authentication: none\n  id: metro\n  domain: metro.example\n  sip: 127.0.0.1:0\n";

  @Test
  void absentMeansThirtyDaysOrTenThousandRegroups() throws Exception {
    assertThat(parse(SYSTEM).system().retention()).isEqualTo(new Retention(30, 10_000));
  }

  @Test
  void bothKeysAreRead() throws Exception {
    assertThat(parse(SYSTEM + "  retention: {days: 7, regroups: 500}\n").system().retention()).isEqualTo(new Retention(7, 500));
  }

  @Test
  void anAbsentKeyTakesItsDefault() throws Exception {
    assertThat(parse(SYSTEM + "  retention:\n    regroups: 2000\n").system().retention()).isEqualTo(new Retention(30, 2_000));
  }

  @Test
  void theHistoryHasItsOwnDays() throws Exception {
    assertThat(parse(SYSTEM).system().retention().historyDays()).isEqualTo(365);
    assertThat(parse(SYSTEM + "  retention: {days: 7, historyDays: 730}\n").system().retention()).isEqualTo(new Retention(7, 10_000, 730));
    assertThat(problems(SYSTEM + "  retention:\n    historyDays: a year\n")).containsExactly(
        "t.yaml:7: system.retention.historyDays: expected days a history line is kept, a whole number from 1 to 36500, got 'a year'");
  }

  @Test
  void wrongValuesAreNamedWithTheirLine() {
    assertThat(problems(SYSTEM + "  retention:\n    days: 0\n    regroups: lots\n")).containsExactly(
        "t.yaml:7: system.retention.days: expected days after the cancel, a whole number from 1 to 36500, got '0'",
        "t.yaml:8: system.retention.regroups: expected cancelled regroups kept, a whole number from 1 to 100000000, got 'lots'");
  }

  @Test
  void unknownKeysAndNonMapsAreNamed() {
    assertThat(problems(SYSTEM + "  retention: {dayz: 3}\n")).singleElement().asString()
        .startsWith("t.yaml:6: system.retention: unknown key 'dayz'; allowed: days, regroups, historyDays");
    assertThat(problems(SYSTEM + "  retention: 30\n"))
        .containsExactly("t.yaml:6: system.retention: expected a map such as {days: 30, regroups: 10000}, got the number 30");
  }
}
