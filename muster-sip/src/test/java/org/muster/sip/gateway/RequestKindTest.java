package org.muster.sip.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.protocol.BodyTypes;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.RegroupAction;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;

class RequestKindTest {
  private static final McServiceGroupId RG = McServiceGroupId.of("sip:rg@harbor.example");
  private static final Optional<McServiceId> DISP = Optional.of(McServiceId.of("sip:hdisp@harbor.example"));

  private static RequestKind.Classified of(RegroupAction action, Optional<RegroupTargets> targets) {
    EncodedBody b = RegroupBody.encode(new RegroupDocument(McService.MCVIDEO, action, DISP, Optional.empty(), false,
        action == RegroupAction.CREATE ? Optional.of(McServiceGroupId.of("sip:tmpl@harbor.example")) : Optional.empty(), RG, targets));
    return RequestKind.classify(b.contentType(), b.body());
  }

  @Test
  void theBodySaysWhatARequestIs() {
    assertThat(of(RegroupAction.CREATE, Optional.of(new RegroupTargets.Groups(List.of(McServiceGroupId.of("sip:docks@harbor.example"))))))
        .isEqualTo(new RequestKind.Known(RequestKind.GROUP_REGROUP));
    assertThat(of(RegroupAction.CREATE, Optional.of(new RegroupTargets.Users(List.of(McServiceId.of("sip:hf1@harbor.example"))))))
        .isEqualTo(new RequestKind.Known(RequestKind.USER_REGROUP));
    assertThat(of(RegroupAction.REMOVE, Optional.empty())).isEqualTo(new RequestKind.Known(RequestKind.CANCEL_REGROUP));
    assertThat(RequestKind.classify(BodyTypes.MEMBER_REPORT, new byte[0])).isEqualTo(new RequestKind.Known(RequestKind.MEMBER_REPORT));
    assertThat(RequestKind.classify(BodyTypes.GROUP_CONFIGURATION, new byte[0]))
        .isEqualTo(new RequestKind.Known(RequestKind.GROUP_CONFIGURATION));
    assertThat(RequestKind.classify(BodyTypes.PARTNER_RELEASE, new byte[0])).isEqualTo(new RequestKind.Known(RequestKind.PARTNER_RELEASE));
  }

  @Test
  void anythingElseIsRefusedWithTheReason() {
    assertThat(RequestKind.classify("text/plain", "hello".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new RequestKind.Refused(415, "Unsupported Media Type", ""));
    RequestKind.Classified bad = RequestKind.classify(BodyTypes.regroup(McService.MCPTT), "<nope/>".getBytes(StandardCharsets.UTF_8));
    assertThat(bad).isInstanceOf(RequestKind.Refused.class);
    assertThat(((RequestKind.Refused) bad).status()).isEqualTo(400);
    assertThat(((RequestKind.Refused) bad).warning()).startsWith("malformed regroup request: ");
  }
}
