package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;

/** Tolerance on receipt: an MCVideo/MCData regroup document may spell its URIs mcvideoURI/mcdataURI. */
class ServiceUriSpellingTest {
  @Test
  void mcvideoDocumentWithMcvideoUriElementsDecodes() {
    String xml = """
        <mcvideoregroup xmlns="urn:3gpp:ns:preconfiguredRegroup:1.0"><mcvideoregroup-Params>
        <preconfig-group-id><preconfigured-group>sip:tmpl@metro.example</preconfigured-group></preconfig-group-id>
        <mcvideo-regroup-uri><mcvideoURI>sip:rg@metro.example</mcvideoURI></mcvideo-regroup-uri>
        <groups-for-regroup><mcvideoURI>sip:fire@metro.example</mcvideoURI><mcvideoURI>sip:police@metro.example</mcvideoURI></groups-for-regroup>
        <regroup-action>create</regroup-action></mcvideoregroup-Params></mcvideoregroup>""";
    Decoded<RegroupDocument> d = RegroupBody.decode("application/vnd.3gpp.mcvideo-regroup+xml", xml.getBytes(StandardCharsets.UTF_8));
    assertThat(d).isInstanceOf(Decoded.Ok.class);
    RegroupDocument doc = ((Decoded.Ok<RegroupDocument>) d).value();
    assertThat(doc.service()).isEqualTo(McService.MCVIDEO);
    assertThat(doc.regroupGroup().uri()).isEqualTo("sip:rg@metro.example");
    assertThat(((RegroupTargets.Groups) doc.targets().orElseThrow()).groups()).hasSize(2);
  }

  @Test
  void mcdataDocumentWithMcdataUriElementsDecodes() {
    String xml = """
        <mcdataregroup xmlns="urn:3gpp:ns:preconfiguredRegroup:1.0"><mcdataregroup-Params>
        <preconfig-group-id/>
        <mcdata-regroup-uri><mcdataURI>sip:rg@metro.example</mcdataURI></mcdata-regroup-uri>
        <regroup-action>remove</regroup-action></mcdataregroup-Params></mcdataregroup>""";
    Decoded<RegroupDocument> d = RegroupBody.decode("application/vnd.3gpp.mcdata-regroup+xml", xml.getBytes(StandardCharsets.UTF_8));
    assertThat(d).isInstanceOf(Decoded.Ok.class);
    assertThat(((Decoded.Ok<RegroupDocument>) d).value().action()).isEqualTo(RegroupAction.REMOVE);
  }
}
