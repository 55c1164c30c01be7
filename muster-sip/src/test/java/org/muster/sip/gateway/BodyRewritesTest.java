package org.muster.sip.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.protocol.BodyTypes;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.GroupConfigurationBody;
import org.muster.protocol.GroupConfigurationDocument;
import org.muster.protocol.SharedGroupEntry;
import org.muster.protocol.decode.Decoded;

class BodyRewritesTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static EncodedBody sharedWithKey() {
    return GroupConfigurationBody.encode(new GroupConfigurationDocument("harbor.example", List.of(new SharedGroupEntry(
        McServiceGroupId.of("sip:tmpl-storm@harbor.example"), EnumSet.of(McService.MCPTT), true, false, "v3", Optional.of("k1"),
        Optional.of(KEY)))));
  }

  @Test
  void keyMaterialGoesOnOnlyOverTls() {
    EncodedBody shared = sharedWithKey();
    BodyRewrites.Result overTls = BodyRewrites.of(RequestKind.GROUP_CONFIGURATION, shared.contentType(), shared.body(), true, new OpaqueTokens());
    assertThat(((BodyRewrites.Relay) overTls).body()).isEqualTo(shared.body());

    BodyRewrites.Relay plain = (BodyRewrites.Relay) BodyRewrites.of(RequestKind.GROUP_CONFIGURATION, shared.contentType(), shared.body(),
        false, new OpaqueTokens());
    GroupConfigurationDocument doc = ((Decoded.Ok<GroupConfigurationDocument>) GroupConfigurationBody.decode(plain.contentType(),
        plain.body())).value();
    SharedGroupEntry entry = doc.groups().get(0);
    assertThat(entry.uri().uri()).isEqualTo("sip:tmpl-storm@harbor.example");
    assertThat(entry.version()).isEqualTo("v3");
    assertThat(entry.preconfiguredRegroupOnly()).isTrue();
    assertThat(entry.keyId()).isEmpty();
    assertThat(entry.keyMaterial()).isEmpty();
  }

  @Test
  void aMalformedReportOrConfigurationIsNamed() {
    byte[] junk = "<x/>".getBytes(StandardCharsets.UTF_8);
    assertThat(BodyRewrites.of(RequestKind.MEMBER_REPORT, BodyTypes.MEMBER_REPORT, junk, false, new OpaqueTokens()))
        .isInstanceOf(BodyRewrites.Malformed.class)
        .matches(r -> ((BodyRewrites.Malformed) r).warning().startsWith("malformed member report: "));
    assertThat(BodyRewrites.of(RequestKind.GROUP_CONFIGURATION, BodyTypes.GROUP_CONFIGURATION, junk, false, new OpaqueTokens()))
        .matches(r -> ((BodyRewrites.Malformed) r).warning().startsWith("malformed group configuration: "));
  }
}
