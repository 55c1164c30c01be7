package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * Bodies go out compact, without indentation or line breaks between elements: every byte of a
 * fan-out counts over a radio access network, and RFC 3261 18.1.1 asks for a congestion-controlled
 * transport above 1,300 bytes. This ten-group notification was 1,863 bytes indented, 1,521 compact.
 */
class CompactBodyTest {
  static RegroupDocument tenGroupNotification() {
    RegroupTargets groups = new RegroupTargets.Groups(
        IntStream.range(0, 10).mapToObj(i -> McServiceGroupId.of("sip:fire-station-" + i + "@metro.example")).toList());
    return RegroupDocument.create(McService.MCPTT, McServiceId.of("sip:disp1@metro.example"),
            McServiceGroupId.of("sip:tmpl-incident@metro.example"), McServiceGroupId.of("sip:rg-incident-1@metro.example"), groups)
        .toClient(McServiceId.of("sip:ff1@metro.example"), false);
  }

  @Test
  void aTenGroupNotificationHasNoIndentationAndStillDecodes() {
    EncodedBody body = RegroupBody.encode(tenGroupNotification());
    String text = new String(body.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).as("no whitespace between elements").doesNotContainPattern(">\\s+<");
    assertThat(RegroupBody.decode(body.contentType(), body.body())).isInstanceOf(Decoded.Ok.class);
  }
}
