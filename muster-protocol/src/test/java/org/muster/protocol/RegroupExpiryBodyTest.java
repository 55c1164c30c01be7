package org.muster.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.protocol.Bodies.action;
import static org.muster.protocol.Bodies.list;
import static org.muster.protocol.Bodies.preconfig;
import static org.muster.protocol.Bodies.regroup;
import static org.muster.protocol.Bodies.regroupUri;
import static org.muster.protocol.Bodies.utf8;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupExpiry;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.protocol.decode.Decoded;

/** The Muster extension {@code <expires xmlns="urn:muster:ns:regroupExpiry:1.0">} of a create (docs/wire-profile.md). */
class RegroupExpiryBodyTest {
  static final String PTT = RegroupBodyMalformedTest.PTT;
  static final String TMPL = "sip:tmpl-incident@metro.example";
  static final String RG = "sip:rg@metro.example";
  static final String FIRE = "sip:fire@metro.example";

  static String expires(String text) {
    return "<expires xmlns=\"urn:muster:ns:regroupExpiry:1.0\">" + text + "</expires>";
  }

  static Decoded<RegroupDocument> decode(String... children) {
    return RegroupBody.decode(PTT, utf8(regroup("mcptt", children)));
  }

  @Test
  void aDurationOrAnInstantIsRead() {
    Decoded<RegroupDocument> d = decode(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"),
        expires("PT30M"));
    assertThat(((Decoded.Ok<RegroupDocument>) d).value().expires()).contains(new RegroupExpiry.After(Duration.ofMinutes(30)));
    Decoded<RegroupDocument> at = decode(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"),
        expires(" 2026-12-08T12:00:00Z "));
    assertThat(((Decoded.Ok<RegroupDocument>) at).value().expires()).contains(new RegroupExpiry.At(Instant.parse("2026-12-08T12:00:00Z")));
    Decoded<RegroupDocument> none = decode(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"));
    assertThat(((Decoded.Ok<RegroupDocument>) none).value().expires()).isEmpty();
  }

  @Test
  void badValuesAreNamed() {
    for (String text : List.of("soon", "PT0S", "-PT5M", "P400D", "")) {
      Decoded<RegroupDocument> d = decode(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"),
          expires(text));
      assertThat(d).as(text).isInstanceOfSatisfying(Decoded.Bad.class, b -> assertThat(b.field()).isEqualTo("expires"));
    }
    Decoded<RegroupDocument> twice = decode(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"),
        expires("PT5M"), expires("PT6M"));
    assertThat(twice).isInstanceOfSatisfying(Decoded.Bad.class, b -> assertThat(b.message()).contains("more than once"));
    Decoded<RegroupDocument> remove = decode("<preconfig-group-id/>", regroupUri("mcptt", RG), action("remove"), expires("PT5M"));
    assertThat(remove).isInstanceOfSatisfying(Decoded.Bad.class, b -> assertThat(b.message()).contains("not allowed in a remove"));
  }

  @Test
  void itRoundTripsAndOtherExtensionsAreSkipped() {
    RegroupDocument doc = RegroupDocument.create(McService.MCVIDEO, McServiceId.of("sip:disp1@metro.example"), McServiceGroupId.of(TMPL),
        McServiceGroupId.of(RG), new RegroupTargets.Groups(List.of(McServiceGroupId.of(FIRE)))).expiring(new RegroupExpiry.After(Duration.ofHours(2)));
    EncodedBody body = RegroupBody.encode(doc);
    assertThat(new String(body.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("urn:muster:ns:regroupExpiry:1.0").contains("PT2H");
    assertThat(((Decoded.Ok<RegroupDocument>) RegroupBody.decode(body.contentType(), body.body())).value()).isEqualTo(doc);
    Decoded<RegroupDocument> other = decode(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"),
        "<note xmlns=\"urn:example:other\">hi</note>");
    assertThat(((Decoded.Ok<RegroupDocument>) other).value().expires()).isEmpty();
  }
}
