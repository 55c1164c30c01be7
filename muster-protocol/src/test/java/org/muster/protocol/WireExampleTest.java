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

/** The bodies shown in WIRE.md, verbatim (vectors/regroup/wire-md-mcptt-create.xml is a copy). */
class WireExampleTest {
  static final RegroupDocument EXPECTED =
      new RegroupDocument(
          McService.MCPTT,
          RegroupAction.CREATE,
          Optional.empty(),
          Optional.empty(),
          false,
          Optional.of(McServiceGroupId.of("sip:tmpl-incident@metro.example")),
          McServiceGroupId.of("sip:rg-fire-police@metro.example"),
          Optional.of(new RegroupTargets.Groups(
              List.of(McServiceGroupId.of("sip:fire@metro.example"), McServiceGroupId.of("sip:police@metro.example")))));

  @Test
  void theAnnexF7ExampleDecodesAsASinglePart() {
    byte[] body = TestFiles.vector("regroup/wire-md-mcptt-create.xml");
    assertThat(RegroupBody.decode("application/vnd.3gpp.mcptt-regroup+xml", body)).isEqualTo(Decoded.ok(EXPECTED));
  }

  @Test
  void theExampleDecodesInsideTheTwoPartBodyWithCrlfAndWithBareLf() {
    String info = TestFiles.vectorText("info/wire-md-mcptt-info.xml");
    String regroup = TestFiles.vectorText("regroup/wire-md-mcptt-create.xml");
    RegroupDocument withRequester =
        new RegroupDocument(
            McService.MCPTT, RegroupAction.CREATE, Optional.of(McServiceId.of("sip:ff1@metro.example")), Optional.empty(), false,
            EXPECTED.configurationGroup(), EXPECTED.regroupGroup(), EXPECTED.targets());
    for (String eol : List.of("\r\n", "\n")) {
      byte[] body =
          Bodies.multipart(eol, "application/vnd.3gpp.mcptt-info+xml", info, "application/vnd.3gpp.mcptt-regroup+xml", regroup);
      assertThat(RegroupBody.decode(Bodies.MULTIPART, body)).isEqualTo(Decoded.ok(withRequester));
    }
  }

  @Test
  void quotedBoundaryCaseAndPartParametersAreAccepted() {
    String info = TestFiles.vectorText("info/wire-md-mcptt-info.xml");
    String regroup = TestFiles.vectorText("regroup/wire-md-mcptt-create.xml");
    byte[] body =
        Bodies.multipart("\r\n", "Application/Vnd.3gpp.MCPTT-info+xml; charset=UTF-8", info, "application/vnd.3gpp.mcptt-regroup+xml", regroup);
    Decoded<RegroupDocument> d = RegroupBody.decode("Multipart/Mixed ; Boundary=\"" + Bodies.BOUNDARY + "\"", body);
    assertThat(d.isOk()).as("%s", d).isTrue();
  }

  @Test
  void theRemoveVectorDecodes() {
    assertThat(RegroupBody.decode("application/vnd.3gpp.mcvideo-regroup+xml", TestFiles.vector("regroup/mcvideo-remove.xml")))
        .isEqualTo(Decoded.ok(new RegroupDocument(
            McService.MCVIDEO, RegroupAction.REMOVE, Optional.empty(), Optional.empty(), false, Optional.empty(),
            McServiceGroupId.of("sip:rg-fire-police@metro.example"), Optional.empty())));
  }

  @Test
  void theAffiliationPublishOfWireMdDecodes() {
    assertThat(AffiliationBody.decode(TestFiles.vector("affiliation/wire-md-mcptt-publish.xml")))
        .isEqualTo(Decoded.ok(new AffiliationDocument(
            McServiceId.of("sip:ff1@metro.example"), "CLIENT-ID", McService.MCPTT,
            List.of(McServiceGroupId.of("sip:fire@metro.example"), McServiceGroupId.of("sip:police@metro.example")))));
  }
}
