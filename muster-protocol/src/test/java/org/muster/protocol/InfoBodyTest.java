package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.protocol.Bodies.utf8;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceId;

class InfoBodyTest {
  static final McServiceId FF1 = McServiceId.of("sip:ff1@metro.example");
  static final McServiceId FF2 = McServiceId.of("sip:ff2@metro.example");

  @ParameterizedTest
  @EnumSource(McService.class)
  void roundTripsForEachService(McService s) {
    for (InfoDocument doc : new InfoDocument[] {
        new InfoDocument(s, Optional.of(FF1), Optional.of(FF2), true),
        new InfoDocument(s, Optional.of(FF1), Optional.empty(), false),
        new InfoDocument(s, Optional.empty(), Optional.empty(), false)}) {
      assertThat(InfoBody.decode(InfoBody.encode(doc))).isEqualTo(Decoded.ok(doc));
    }
  }

  @Test
  void extensionsAreTolerated() {
    assertThat(InfoBody.decode(TestFiles.vector("info/mcptt-info-with-extensions.xml")))
        .isEqualTo(Decoded.ok(new InfoDocument(McService.MCPTT, Optional.of(FF1), Optional.of(FF2), true)));
  }

  @Test
  void videoAndDataAcceptTheMcpttSpellingOfTheUri() {
    String video = Bodies.info("mcvideo", "sip:ff1@metro.example").replace("mcvideoURI", "mcpttURI");
    assertThat(InfoBody.decode(utf8(video))).isEqualTo(Decoded.ok(new InfoDocument(McService.MCVIDEO, Optional.of(FF1), Optional.empty(), false)));
    String data = Bodies.info("mcdata", "sip:ff1@metro.example").replace("mcdataURI", "mcpttURI");
    assertThat(InfoBody.decode(utf8(data)).isOk()).isTrue();
  }

  @Test
  void bothSpellingsAtOnceAreBad() {
    String both = Bodies.info("mcvideo", "sip:ff1@metro.example")
        .replace("</mcvideo-calling-user-id>", "<mcpttURI>sip:ff2@metro.example</mcpttURI></mcvideo-calling-user-id>");
    assertThat(InfoBody.decode(utf8(both))).isEqualTo(Decoded.bad("mcvideo-calling-user-id", "has both <mcvideoURI> and <mcpttURI>"));
  }

  @Test
  void aUserElementWithoutUriIsBad() {
    String empty = "<mcdatainfo xmlns=\"urn:3gpp:ns:mcdataInfo:1.0\"><mcdata-Params><mcdata-request-uri/></mcdata-Params></mcdatainfo>";
    assertThat(InfoBody.decode(utf8(empty))).isEqualTo(Decoded.bad("mcdata-request-uri", "<mcdataURI> missing"));
  }

  @Test
  void anUnknownRootIsBad() {
    assertThat(InfoBody.decode(utf8("<mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:2.0\"/>"))).isInstanceOf(Decoded.Bad.class);
    assertThat(InfoBody.decode(utf8("<mcpttinfo/>"))).isInstanceOf(Decoded.Bad.class);
  }
}
