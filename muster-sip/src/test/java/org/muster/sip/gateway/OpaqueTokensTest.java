package org.muster.sip.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.MemberReport;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.MemberReportBody;
import org.muster.protocol.decode.Decoded;

class OpaqueTokensTest {
  private static final McServiceId RF1 = McServiceId.of("sip:rf1@ridge.example");

  private static MemberReport report(String contact, String detail) {
    return new MemberReport(McServiceGroupId.of("sip:rg-storm@harbor.example"), McService.MCPTT, "ridge.example", "s1", 1,
        List.of(new MemberReport.Entry(new McServiceClient(RF1, contact), new MemberStep(MemberState.FAILED, Instant.EPOCH, detail))));
  }

  @Test
  void aClientGetsOneStableTokenThatNamesNoAddress() {
    OpaqueTokens tokens = new OpaqueTokens();
    String a = tokens.token("ridge.example", "sip:rf1@10.1.2.3:5070");
    assertThat(a).isEqualTo(tokens.token("ridge.example", "sip:rf1@10.1.2.3:5070"))
        .matches("sip:c-[A-Za-z0-9_-]{22}@ridge\\.example").doesNotContain("10.1.2.3").doesNotContain("5070");
    // another client, another token; another gateway (key), another token for the same client
    assertThat(tokens.token("ridge.example", "sip:rf1@10.1.2.3:5071")).isNotEqualTo(a);
    assertThat(new OpaqueTokens().token("ridge.example", "sip:rf1@10.1.2.3:5070")).isNotEqualTo(a);
  }

  @Test
  void aMemberReportLeavesWithTokensAndBlankedDetailsAndStillDecodes() {
    OpaqueTokens tokens = new OpaqueTokens();
    MemberReport hidden = tokens.hide(report("sip:rf1@10.1.2.3:5070;transport=tcp",
        "not sent: cannot reach 10.1.2.3:5070/TCP nor [2001:db8::7]:5060 nor radio7.ridge.internal:5080 (for sip:hdisp@harbor.example)"));
    EncodedBody body = MemberReportBody.encode(hidden);
    String text = new String(body.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("10.1.2.3").doesNotContain("2001:db8").doesNotContain("radio7").doesNotContain("5070")
        .contains(tokens.token("ridge.example", "sip:rf1@10.1.2.3:5070;transport=tcp"))
        .contains("for sip:hdisp@harbor.example"); // identities are not addresses: they stay
    Decoded<MemberReport> back = MemberReportBody.decode(body.contentType(), body.body());
    assertThat(back).isInstanceOf(Decoded.Ok.class);
    assertThat(((Decoded.Ok<MemberReport>) back).value().steps().get(0).client().user()).isEqualTo(RF1);
  }

  @Test
  void callIdsAreMappedStablyAndNameTheGatewayOnly() {
    OpaqueTokens tokens = new OpaqueTokens();
    String c = tokens.callId("a84b4c76e66710@192.0.2.4", "gw.harbor.example");
    assertThat(c).isEqualTo(tokens.callId("a84b4c76e66710@192.0.2.4", "gw.harbor.example")).endsWith("@gw.harbor.example")
        .doesNotContain("192.0.2.4");
    assertThat(tokens.callId("other@192.0.2.4", "gw.harbor.example")).isNotEqualTo(c);
  }
}
