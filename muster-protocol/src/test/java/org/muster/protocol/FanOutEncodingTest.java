package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** The fan-out encoder gives, per target, a body that decodes to the same document as encode(). */
class FanOutEncodingTest {
  @Test
  void eachTargetGetsItsOwnRequestUriAndTheSameRest() {
    for (McService s : McService.values()) {
      RegroupDocument doc = new RegroupDocument(s, RegroupAction.CREATE, Optional.of(McServiceId.of("sip:disp1@metro.example")),
          Optional.empty(), true, Optional.of(McServiceGroupId.of("sip:tmpl@metro.example")), McServiceGroupId.of("sip:rg@metro.example"),
          Optional.of(new RegroupTargets.Groups(List.of(McServiceGroupId.of("sip:fire@metro.example")))));
      RegroupBody.FanOut fan = new RegroupBody.FanOut(doc);
      for (String t : List.of("sip:ff1@metro.example", "sip:a&b@metro.example")) {
        EncodedBody body = fan.forTarget(McServiceId.of(t));
        Decoded<RegroupDocument> back = RegroupBody.decode(body.contentType(), body.body());
        assertThat(back).isInstanceOf(Decoded.Ok.class);
        RegroupDocument d = ((Decoded.Ok<RegroupDocument>) back).value();
        assertThat(d.requestUri()).contains(McServiceId.of(t));
        assertThat(d).usingRecursiveComparison().ignoringFields("requestUri").isEqualTo(doc);
      }
    }
  }
}
