package org.muster.core.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** WIRE.md reject table: every reject reason, its SIP status and its Warning text. */
class RejectionTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "MALFORMED              | 400 | both lists                   | malformed regroup request: both lists",
      "NOT_AUTHORIZED         | 403 | sip:ff1@metro.example        | not authorized: sip:ff1@metro.example",
      "GROUP_REGROUPED        | 403 | sip:fire@metro.example       | 148 group is regrouped",
      "REGROUP_GROUP_ID_IN_USE| 403 | sip:fire@metro.example       | 165 group ID for regroup already in use",
      "UNKNOWN_IDENTITY       | 404 | sip:nobody@metro.example     | 163 unknown identity: sip:nobody@metro.example",
      "CONFIGURATION_NOT_HELD | 403 | sip:x1@metro.example         | preconfigured group not held: sip:x1@metro.example",
      "PARTNER_TIMEOUT        | 504 | north did not answer         | partner north did not answer",
      "SERVICE_UNAVAILABLE    | 503 | store down                   | service unavailable: store down",
  })
  void everyReasonMapsToItsStatusAndWarningText(RejectReason reason, int status, String detail, String warning) {
    Rejection r = Rejection.of(reason, detail);

    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.sipStatus()).isEqualTo(status);
    assertThat(r.detail()).isEqualTo(detail);
    assertThat(r.warningText()).isEqualTo(warning);
  }

  @Test
  void onlyTheNumberedTextsOf148And165AreFixed() {
    for (RejectReason r : RejectReason.values()) {
      boolean fixed = r == RejectReason.GROUP_REGROUPED || r == RejectReason.REGROUP_GROUP_ID_IN_USE;
      assertThat(r.fixedText()).as("%s", r).isEqualTo(fixed);
    }
  }

  @Test
  void aPartnersRejectIsPassedOnUnchanged() {
    Rejection r = Rejection.passedOn(403, "148 group is regrouped");

    assertThat(r.sipStatus()).isEqualTo(403);
    assertThat(r.warningText()).isEqualTo("148 group is regrouped");
  }
}
