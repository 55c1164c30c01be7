package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.protocol.Bodies.action;
import static org.muster.protocol.Bodies.list;
import static org.muster.protocol.Bodies.preconfig;
import static org.muster.protocol.Bodies.regroup;
import static org.muster.protocol.Bodies.regroupUri;
import static org.muster.protocol.Bodies.utf8;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.muster.protocol.xml.XmlLimits;

class RegroupBodyMalformedTest {
  static final String PTT = "application/vnd.3gpp.mcptt-regroup+xml";
  static final String PTT_INFO = "application/vnd.3gpp.mcptt-info+xml";
  static final String TMPL = "sip:tmpl-incident@metro.example";
  static final String RG = "sip:rg@metro.example";
  static final String FIRE = "sip:fire@metro.example";
  static final String INFO = Bodies.info("mcptt", "sip:ff1@metro.example");

  static Decoded.Bad<RegroupDocument> bad(String contentType, byte[] body) {
    Decoded<RegroupDocument> d = RegroupBody.decode(contentType, body);
    assertThat(d).isInstanceOf(Decoded.Bad.class);
    return (Decoded.Bad<RegroupDocument>) d;
  }

  static Decoded.Bad<RegroupDocument> badPtt(String... children) {
    return bad(PTT, utf8(regroup("mcptt", children)));
  }

  @Test
  void aCreateWithBothListsIsBad() {
    var b = badPtt(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), list("users-for-regroup", "sip:u@x"), action("create"));
    assertThat(b.field()).isEqualTo("users-for-regroup");
    assertThat(b.message()).isEqualTo("<users-for-regroup> not allowed together with <groups-for-regroup>");
  }

  @Test
  void aCreateWithNeitherListIsBad() {
    var b = badPtt(preconfig(TMPL), regroupUri("mcptt", RG), action("create"));
    assertThat(b.field()).isEqualTo("mcpttregroup-Params");
    assertThat(b.reason()).contains("groups-for-regroup", "users-for-regroup");
  }

  @ParameterizedTest
  @ValueSource(strings = {"merge", "", "Create", "cancel"})
  void anUnknownActionIsBad(String action) {
    var b = badPtt(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action(action));
    assertThat(b.field()).isEqualTo("regroup-action");
    assertThat(b.reason()).startsWith("unknown action '" + action + "'");
  }

  @Test
  void aMissingActionIsBad() {
    assertThat(badPtt(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE)).message())
        .isEqualTo("<regroup-action> missing");
  }

  @Test
  void childrenOutOfSequenceOrderAreBad() {
    assertThat(badPtt(regroupUri("mcptt", RG), preconfig(TMPL), list("groups-for-regroup", FIRE), action("create")))
        .satisfies(b -> assertThat(b.field()).isEqualTo("preconfig-group-id"))
        .satisfies(b -> assertThat(b.reason()).startsWith("out of order"));
    assertThat(badPtt(preconfig(TMPL), regroupUri("mcptt", RG), action("create"), list("groups-for-regroup", FIRE)).field())
        .isEqualTo("groups-for-regroup");
    assertThat(badPtt(action("create"), preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE)).field())
        .isEqualTo("preconfig-group-id");
    assertThat(badPtt(preconfig(TMPL), list("users-for-regroup", FIRE), regroupUri("mcptt", RG), action("create")).field())
        .isEqualTo("mcptt-regroup-uri");
  }

  @Test
  void aRepeatedChildIsBad() {
    assertThat(badPtt(preconfig(TMPL), regroupUri("mcptt", RG), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create")).message())
        .isEqualTo("<mcptt-regroup-uri> appears more than once");
    assertThat(badPtt(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"), action("create")).field())
        .isEqualTo("regroup-action");
  }

  @Test
  void aRemoveWithAListOrAPreconfiguredGroupIsBad() {
    assertThat(badPtt("<preconfig-group-id/>", regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("remove")).message())
        .isEqualTo("<groups-for-regroup> not allowed in a remove");
    assertThat(badPtt("<preconfig-group-id/>", regroupUri("mcptt", RG), list("users-for-regroup", FIRE), action("remove")).field())
        .isEqualTo("users-for-regroup");
    assertThat(badPtt(preconfig(TMPL), regroupUri("mcptt", RG), action("remove")).message())
        .isEqualTo("<preconfig-group-id> must be empty in a remove");
    assertThat(badPtt(regroupUri("mcptt", RG), action("remove")).message()).isEqualTo("<preconfig-group-id> missing");
  }

  @Test
  void aCreateWithoutPreconfiguredGroupIsBad() {
    assertThat(badPtt("<preconfig-group-id/>", regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create")).field())
        .isEqualTo("preconfigured-group");
  }

  @Test
  void aMissingRegroupUriIsBad() {
    assertThat(badPtt(preconfig(TMPL), list("groups-for-regroup", FIRE), action("create")).message())
        .isEqualTo("<mcptt-regroup-uri> missing");
    assertThat(badPtt(preconfig(TMPL), "<mcptt-regroup-uri/>", list("groups-for-regroup", FIRE), action("create")).message())
        .isEqualTo("<mcptt-regroup-uri> <mcpttURI> missing");
    assertThat(badPtt(preconfig(TMPL), regroupUri("mcvideo", RG), list("groups-for-regroup", FIRE), action("create")).message())
        .isEqualTo("<mcptt-regroup-uri> missing (found <mcvideo-regroup-uri>)");
  }

  @Test
  void badUrisAreBad() {
    assertThat(badPtt(preconfig(TMPL), regroupUri("mcptt", "tel:+123"), list("groups-for-regroup", FIRE), action("create")).field())
        .isEqualTo("mcptt-regroup-uri");
    assertThat(badPtt(preconfig("fire"), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create")).field())
        .isEqualTo("preconfigured-group");
    var b = badPtt(preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE, "sip:a b@x"), action("create"));
    assertThat(b.message()).isEqualTo("<groups-for-regroup> entry is not a SIP URI: 'sip:a b@x'");
    byte[] body = Bodies.multipart("\r\n", PTT_INFO, Bodies.info("mcptt", "http://evil.example/"), PTT, regroup("mcptt", preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create")));
    assertThat(bad(Bodies.MULTIPART, body).field()).isEqualTo("mcptt-calling-user-id");
  }

  @Test
  void emptyOrRepeatingListsAreBad() {
    assertThat(badPtt(preconfig(TMPL), regroupUri("mcptt", RG), "<groups-for-regroup/>", action("create")).message())
        .isEqualTo("<groups-for-regroup> has no <mcpttURI>");
    assertThat(badPtt(preconfig(TMPL), regroupUri("mcptt", RG), list("users-for-regroup", "sip:u@x", "sip:u@x"), action("create")).reason())
        .contains("twice");
  }

  @Test
  void wrongNamespacesOrRootsAreBad() {
    String wrongNs = regroup("mcptt", preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"))
        .replace("urn:3gpp:ns:preconfiguredRegroup:1.0", "urn:3gpp:ns:mcpttInfo:1.0");
    assertThat(bad(PTT, utf8(wrongNs)).field()).isEqualTo("mcpttregroup");
    String video = regroup("mcvideo", preconfig(TMPL), regroupUri("mcvideo", RG), list("groups-for-regroup", FIRE), action("create"));
    assertThat(bad(PTT, utf8(video)).message()).startsWith("<mcpttregroup> expected as root, found <mcvideoregroup>");
    String params = video.replace("mcvideoregroup-Params", "mcpttregroup-Params");
    assertThat(bad("application/vnd.3gpp.mcvideo-regroup+xml", utf8(params)).message())
        .isEqualTo("<mcvideoregroup-Params> missing (found <mcpttregroup-Params>)");
    String infoNs = INFO.replace("urn:3gpp:ns:mcpttInfo:1.0", "urn:3gpp:ns:mcvideoInfo:1.0");
    byte[] body = Bodies.multipart("\r\n", PTT_INFO, infoNs, PTT, regroup("mcptt", preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create")));
    assertThat(bad(Bodies.MULTIPART, body).field()).isEqualTo("mcpttinfo");
  }

  @Test
  void multipartBodiesOfTheWrongShapeAreBad() {
    String rg = regroup("mcptt", preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"));
    assertThat(bad(Bodies.MULTIPART, Bodies.multipart("\r\n", PTT, rg)).message())
        .isEqualTo("multipart: expected 2 parts (info, then regroup), found 1");
    assertThat(bad(Bodies.MULTIPART, Bodies.multipart("\r\n", PTT_INFO, INFO, PTT, rg, "text/plain", "x")).reason()).contains("found 3");
    assertThat(bad(Bodies.MULTIPART, Bodies.multipart("\r\n", PTT, rg, PTT_INFO, INFO)).reason()).startsWith("part 1 is");
    assertThat(bad(Bodies.MULTIPART, Bodies.multipart("\r\n", PTT_INFO, INFO, PTT_INFO, INFO)).reason()).startsWith("part 2 is");
    assertThat(bad("multipart/mixed", Bodies.multipart("\r\n", PTT_INFO, INFO, PTT, rg)).reason()).contains("no boundary parameter");
    assertThat(bad("multipart/mixed;boundary=other", Bodies.multipart("\r\n", PTT_INFO, INFO, PTT, rg)).reason()).startsWith("no boundary line");
    String unclosed = "--" + Bodies.BOUNDARY + "\r\nContent-Type: " + PTT_INFO + "\r\n\r\n" + INFO + "\r\n";
    assertThat(bad(Bodies.MULTIPART, utf8(unclosed)).reason()).startsWith("no closing boundary");
    String noType = "--" + Bodies.BOUNDARY + "\r\nContent-ID: x\r\n\r\n" + INFO + "\r\n--" + Bodies.BOUNDARY + "--\r\n";
    assertThat(bad(Bodies.MULTIPART, utf8(noType)).reason()).isEqualTo("part 1 has no Content-Type");
  }

  @Test
  void partsOfDifferentServicesAreBad() {
    String rg = regroup("mcptt", preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"));
    byte[] body = Bodies.multipart("\r\n", "application/vnd.3gpp.mcvideo-info+xml", Bodies.info("mcvideo", "sip:ff1@metro.example"), PTT, rg);
    assertThat(bad(Bodies.MULTIPART, body).message()).isEqualTo("multipart: info part is mcvideo but regroup part is mcptt");
  }

  @Test
  void unknownContentTypesAreBadOnTheContentTypeField() {
    byte[] body = TestFiles.vector("regroup/wire-md-mcptt-create.xml");
    for (String ct : new String[] {"application/xml", "text/plain", PTT_INFO, "application/pidf+xml", "garbage", "application/vnd.3gpp.mcptt-regroup"}) {
      assertThat(bad(ct, body).field()).as(ct).isEqualTo("Content-Type");
      assertThat(RegroupBody.isRegroupContentType(ct)).as(ct).isFalse();
    }
    assertThat(bad(null, body).field()).isEqualTo("Content-Type");
    assertThat(RegroupBody.isRegroupContentType("multipart/mixed; boundary=x")).isTrue();
    assertThat(RegroupBody.isRegroupContentType("application/vnd.3gpp.mcdata-regroup+xml")).isTrue();
  }

  @Test
  void oversizeBodiesAreBad() {
    String padding = "<x:pad xmlns:x=\"urn:example:pad\">" + "p".repeat(70_000) + "</x:pad>";
    String big = regroup("mcptt", preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", FIRE), action("create"), padding);
    assertThat(bad(PTT, utf8(big)).message()).isEqualTo("body: larger than 65536 bytes");
    assertThat(bad(Bodies.MULTIPART, Bodies.multipart("\r\n", PTT_INFO, INFO, PTT, big)).message()).isEqualTo("body: larger than 65536 bytes");
    assertThat(bad(PTT, new byte[0]).message()).isEqualTo("body: empty");
  }

  @Test
  void listsLongerThanTenThousandEntriesAreBad() {
    String[] uris = IntStream.rangeClosed(1, 10_001).mapToObj(i -> "sip:g" + i + "@x").toArray(String[]::new);
    byte[] body = utf8(regroup("mcptt", preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", uris), action("create")));
    // On the wire the 64 KiB bound stops such a list first ...
    assertThat(bad(PTT, body).field()).isEqualTo("body");
    // ... and with the size bound lifted the list bound still holds.
    Decoded<RegroupDocument> d = RegroupBody.decode(PTT, body, XmlLimits.WIRE.withMaxBytes(1 << 20));
    assertThat(d).isEqualTo(Decoded.bad("groups-for-regroup", "has more than 10000 entries"));
    String[] exactly = IntStream.rangeClosed(1, 10_000).mapToObj(i -> "sip:g" + i + "@x").toArray(String[]::new);
    byte[] ok = utf8(regroup("mcptt", preconfig(TMPL), regroupUri("mcptt", RG), list("groups-for-regroup", exactly), action("create")));
    assertThat(RegroupBody.decode(PTT, ok, XmlLimits.WIRE.withMaxBytes(1 << 20)).isOk()).isTrue();
  }

  @Test
  void xmlThatIsNotWellFormedIsBad() {
    assertThat(bad(PTT, utf8("<mcpttregroup xmlns=\"urn:3gpp:ns:preconfiguredRegroup:1.0\">")).field()).isEqualTo("body");
    assertThat(bad(PTT, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}).field()).isEqualTo("body");
    assertThat(bad(PTT, utf8("just text")).field()).isEqualTo("body");
  }

  @Test
  void unknownExtensionElementsAndAttributesAreTolerated() {
    String ext = " xmlns:x=\"urn:example:ext\"";
    String doc = "<mcpttregroup xmlns=\"urn:3gpp:ns:preconfiguredRegroup:1.0\"" + ext + " x:a=\"1\" b=\"2\"><mcpttregroup-Params x:p=\"1\">"
        + "<x:first/>" + preconfig(TMPL).replace("<preconfigured-group>", "<preconfigured-group x:q=\"1\">") + "<x:between><x:inner/></x:between>"
        + regroupUri("mcptt", RG).replace("<mcpttURI>", "<x:before/><mcpttURI x:u=\"1\">")
        + list("groups-for-regroup", FIRE, "sip:police@metro.example").replace("</groups-for-regroup>", "<x:more/></groups-for-regroup>")
        + "<regroup-action x:why=\"drill\"> create </regroup-action><x:last>t</x:last></mcpttregroup-Params><x:after/></mcpttregroup>";
    Decoded<RegroupDocument> d = RegroupBody.decode(PTT, utf8(doc));
    assertThat(d.isOk()).as("%s", d).isTrue();
    RegroupDocument r = ((Decoded.Ok<RegroupDocument>) d).value();
    assertThat(r.action()).isEqualTo(RegroupAction.CREATE);
    assertThat(r.targets().orElseThrow().toString()).contains("sip:fire@metro.example", "sip:police@metro.example");
  }

  @Test
  void serviceOfNamesSinglePartServicesOnly() {
    assertThat(RegroupBody.serviceOf("application/vnd.3gpp.mcdata-regroup+xml")).hasValue(org.muster.core.id.McService.MCDATA);
    assertThat(RegroupBody.serviceOf("application/vnd.3gpp.mcvideo-info+xml")).hasValue(org.muster.core.id.McService.MCVIDEO);
    assertThat(RegroupBody.serviceOf(Bodies.MULTIPART)).isEmpty();
    assertThat(RegroupBody.serviceOf("text/plain")).isEmpty();
  }

  @Test
  void reasonsDoNotEchoLongOrControlCharacterValues() {
    String longUri = "x".repeat(500) + "\r\nInjected: header\"";
    var b = badPtt(preconfig(TMPL), regroupUri("mcptt", longUri), list("groups-for-regroup", FIRE), action("create"));
    assertThat(b.reason()).doesNotContain("\r", "\n", "\"").hasSizeLessThan(150);
    assertThat(b.message()).startsWith("<mcptt-regroup-uri> not a SIP URI:");
  }
}
