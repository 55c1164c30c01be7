package org.muster.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.PartnerRelease;
import org.muster.protocol.decode.Decoded;

/** Muster's partner release body: what a partner sends is what the primary reads; a bad value is named. */
class PartnerReleaseBodyTest {
  static final PartnerRelease RELEASE = new PartnerRelease(McServiceGroupId.of("sip:rg-joint@metro.example"), McService.MCVIDEO,
      "north.example", "Alice Operator", "metro is gone", Instant.parse("2025-01-01T08:00:00.125Z"));

  @Test
  void roundTrip() {
    EncodedBody body = PartnerReleaseBody.encode(RELEASE);
    assertThat(body.contentType()).isEqualTo("application/vnd.muster.partner-release+xml");
    assertThat(PartnerReleaseBody.decode(body.contentType(), body.body())).isEqualTo(Decoded.ok(RELEASE));
    PartnerRelease noReason = new PartnerRelease(RELEASE.regroupGroup(), McService.MCPTT, "north.example", "expiry", "", RELEASE.at());
    EncodedBody b2 = PartnerReleaseBody.encode(noReason);
    assertThat(new String(b2.body(), StandardCharsets.UTF_8)).doesNotContain("reason");
    assertThat(PartnerReleaseBody.decode(b2.contentType(), b2.body())).isEqualTo(Decoded.ok(noReason));
  }

  @Test
  void badValuesAreNamed() {
    assertThat(bad(xml("rg-joint", "mcptt", "north.example", "alice", "2025-01-01T08:00:00Z")).message()).contains("<regroup-uri> not a SIP URI");
    assertThat(bad(xml("sip:rg@metro.example", "ptt", "north.example", "alice", "2025-01-01T08:00:00Z")).field()).isEqualTo("service");
    assertThat(bad(xml("sip:rg@metro.example", "mcptt", "sip:north.example", "alice", "2025-01-01T08:00:00Z")).field())
        .isEqualTo("reporting-system");
    assertThat(bad(xml("sip:rg@metro.example", "mcptt", "north.example", " ", "2025-01-01T08:00:00Z")).field()).isEqualTo("released-by");
    assertThat(bad(xml("sip:rg@metro.example", "mcptt", "north.example", "alice", "yesterday")).field()).isEqualTo("at");
    assertThat(((Decoded.Bad<PartnerRelease>) PartnerReleaseBody.decode("application/vnd.muster.member-report+xml", new byte[0])).field())
        .isEqualTo("Content-Type");
  }

  static String xml(String rg, String service, String system, String by, String at) {
    return "<partner-release xmlns=\"urn:muster:ns:partnerRelease:1.0\"><regroup-uri>" + rg + "</regroup-uri><service>" + service
        + "</service><reporting-system>" + system + "</reporting-system><released-by>" + by + "</released-by><at>" + at
        + "</at></partner-release>";
  }

  @SuppressWarnings("unchecked")
  static Decoded.Bad<PartnerRelease> bad(String xml) {
    Decoded<PartnerRelease> d = PartnerReleaseBody.decode(BodyTypes.PARTNER_RELEASE, xml.getBytes(StandardCharsets.UTF_8));
    assertThat(d).as("%s", d).isInstanceOf(Decoded.Bad.class);
    return (Decoded.Bad<PartnerRelease>) d;
  }
}
