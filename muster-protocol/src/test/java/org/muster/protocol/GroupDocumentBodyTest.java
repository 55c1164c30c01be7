package org.muster.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.protocol.decode.Decoded;
import org.muster.protocol.xml.XmlLimits;

/**
 * Muster's group document body ({@code application/vnd.muster.group+xml}): round trips, the
 * defaults of an omitted element, and a clean Bad naming the element (and an entry's position)
 * for every malformed case.
 */
class GroupDocumentBodyTest {
  static final String CT = "application/vnd.muster.group+xml";
  static final McServiceGroupId FIRE = McServiceGroupId.of("sip:fire@metro.example");
  static final String OPEN = "<group xmlns=\"urn:muster:ns:groupDocument:1.0\" uri=\"sip:fire@metro.example\">";

  static GroupDocument ok(String contentType, byte[] body) {
    Decoded<GroupDocument> d = GroupDocumentBody.decode(contentType, body);
    assertThat(d).as("%s", d).isInstanceOf(Decoded.Ok.class);
    return ((Decoded.Ok<GroupDocument>) d).value();
  }

  static GroupDocument ok(String xml) {
    return ok(CT, xml.getBytes(StandardCharsets.UTF_8));
  }

  static Decoded.Bad<GroupDocument> bad(String xml) {
    Decoded<GroupDocument> d = GroupDocumentBody.decode(CT, xml.getBytes(StandardCharsets.UTF_8));
    assertThat(d).as("%s", d).isInstanceOf(Decoded.Bad.class);
    return (Decoded.Bad<GroupDocument>) d;
  }

  /** A group document for sip:fire@metro.example with {@code content} inside. */
  static String doc(String... content) {
    return OPEN + String.join("", content) + "</group>";
  }

  static String el(String name, String value) {
    return "<" + name + ">" + value + "</" + name + ">";
  }

  static String members(String... uris) {
    StringBuilder b = new StringBuilder("<members>");
    for (String u : uris) b.append(entry(u));
    return b.append("</members>").toString();
  }

  static String entry(String uri) {
    return uri == null ? "<entry/>" : "<entry uri=\"" + uri + "\"/>";
  }

  static McServiceId user(int n) {
    return McServiceId.of("sip:ff" + n + "@metro.example");
  }

  static List<McServiceId> users(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(GroupDocumentBodyTest::user).toList();
  }

  // ---- round trips and defaults

  @Test
  void theExampleDecodes() {
    String xml = "<group xmlns=\"urn:muster:ns:groupDocument:1.0\" uri=\"sip:fire@metro.example\">\n"
        + "  <display-name>Fire brigade</display-name>\n"
        + "  <service>mcptt</service> <service>mcvideo</service>\n"
        + "  <preconfigured-regroup-only>false</preconfigured-regroup-only>\n"
        + "  <broadcast>true</broadcast>\n"
        + "  <members>\n    <entry uri=\"sip:ff1@metro.example\"/>\n    <entry uri=\"sip:ff2@metro.example\"/>\n  </members>\n"
        + "</group>\n";

    assertThat(ok(CT + "; charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8))).isEqualTo(new GroupDocument(
        FIRE, Optional.of("Fire brigade"), Set.of(McService.MCPTT, McService.MCVIDEO), false, true, users(2)));
  }

  @Test
  void aGroupDocumentRoundTripsCompactWithEveryValueWritten() {
    GroupDocument d = new GroupDocument(FIRE, Optional.of("Fire brigade – Nord & <Süd> \"1\""), Set.of(McService.MCVIDEO, McService.MCPTT),
        true, false, List.of(user(3), user(1), McServiceId.of("sips:chief@other.example:5061;transport=tls")));

    EncodedBody body = GroupDocumentBody.encode(d);

    assertThat(body.contentType()).isEqualTo(CT);
    String text = new String(body.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("<group xmlns=\"urn:muster:ns:groupDocument:1.0\" uri=\"sip:fire@metro.example\">");
    assertThat(text).as("services in McService order").contains("<service>mcptt</service><service>mcvideo</service>");
    assertThat(text).contains("<preconfigured-regroup-only>true</preconfigured-regroup-only><broadcast>false</broadcast>");
    assertThat(text).as("members in document order").contains(
        "<members><entry uri=\"sip:ff3@metro.example\"/><entry uri=\"sip:ff1@metro.example\"/>");
    assertThat(text).as("compact, no whitespace between elements").doesNotContainPattern(">\\s+<");
    assertThat(ok(body.contentType(), body.body())).isEqualTo(d);
  }

  @Test
  void everyServiceIsWrittenExplicitlyEvenAllThree() {
    GroupDocument d = GroupDocument.of(FIRE, List.of());

    String text = new String(GroupDocumentBody.encode(d).body(), StandardCharsets.UTF_8);

    assertThat(text).contains("<service>mcptt</service><service>mcvideo</service><service>mcdata</service>");
    assertThat(text).contains("<members/>");
    assertThat(text).doesNotContain("display-name");
    assertThat(ok(CT, text.getBytes(StandardCharsets.UTF_8))).isEqualTo(d);
  }

  @Test
  void everyServiceAndFlagCombinationRoundTrips() {
    for (McService s : McService.values()) {
      for (boolean regroupOnly : new boolean[] {true, false}) {
        for (boolean broadcast : new boolean[] {true, false}) {
          GroupDocument d = new GroupDocument(FIRE, Optional.empty(), Set.of(s), regroupOnly, broadcast, users(1));
          assertThat(ok(CT, GroupDocumentBody.encode(d).body())).isEqualTo(d);
        }
      }
    }
  }

  @Test
  void aBareGroupHasAllThreeServicesBothFlagsFalseAndNoMembers() {
    GroupDocument d = ok(doc());

    assertThat(d).isEqualTo(new GroupDocument(FIRE, Optional.empty(), EnumSet.allOf(McService.class), false, false, List.of()));
    assertThat(d).isEqualTo(GroupDocument.of(FIRE, List.of()));
    assertThat(ok(doc("<members/>")).members()).isEmpty();
    assertThat(ok("<group xmlns=\"urn:muster:ns:groupDocument:1.0\" uri=\"sip:fire@metro.example\"/>")).isEqualTo(d);
  }

  @Test
  void tenThousandMembersFitTheBoundAndRoundTrip() {
    GroupDocument d = new GroupDocument(FIRE, Optional.of("x".repeat(256)), Set.of(McService.MCPTT), false, false,
        IntStream.rangeClosed(1, GroupDocument.MAX_MEMBERS).mapToObj(i -> McServiceId.of("sip:firefighter-" + i + "@fire.metro-region.example")).toList());

    EncodedBody body = GroupDocumentBody.encode(d);

    assertThat(body.body().length).isGreaterThan(XmlLimits.WIRE.maxBytes()).isLessThan(GroupDocumentBody.MAX_BYTES);
    assertThat(GroupDocumentBody.MAX_BYTES).isEqualTo(1 << 20);
    assertThat(ok(CT, body.body())).isEqualTo(d);
  }

  @Test
  void displayNameIsStrippedAndCountedInCharacters() {
    assertThat(ok(doc(el("display-name", "  Fire  brigade \n"))).displayName()).contains("Fire  brigade");
    String emoji = "\uD83D\uDE92".repeat(256); // 256 characters, 512 UTF-16 units
    assertThat(ok(doc(el("display-name", emoji))).displayName()).contains(emoji);
  }

  // ---- refusals, each naming its field

  @Test
  void aMissingOrBadGroupUriIsNamed() {
    assertThat(bad("<group xmlns=\"urn:muster:ns:groupDocument:1.0\"><members/></group>").message()).isEqualTo("<group uri> missing");
    assertThat(bad("<group xmlns=\"urn:muster:ns:groupDocument:1.0\" uri=\" \"/>").field()).isEqualTo("group@uri");
    assertThat(bad("<group xmlns=\"urn:muster:ns:groupDocument:1.0\" uri=\"tel:+123\"/>").message())
        .isEqualTo("<group uri> not a SIP URI: 'tel:+123'");
  }

  @Test
  void aBadEntryIsNamedWithItsPosition() {
    assertThat(bad(doc(members("sip:ff1@metro.example", "sip:ff2@metro.example", "ff3"))).message())
        .isEqualTo("<entry uri> not a SIP URI: 'ff3' (entry 3)");
    assertThat(bad(doc(members("sip:ff1@metro.example", null))).message()).isEqualTo("<entry uri> missing (entry 2)");
    assertThat(bad(doc(members(""))).message()).isEqualTo("<entry uri> missing (entry 1)");
    assertThat(bad(doc(members("sip:a b@metro.example"))).field()).isEqualTo("entry@uri");
  }

  @Test
  void aDuplicateMemberIsNamed() {
    assertThat(bad(doc(members("sip:ff1@metro.example", "sip:ff2@metro.example", "sip:ff1@metro.example"))).message())
        .isEqualTo("<entry uri> already a member as entry 1: 'sip:ff1@metro.example' (entry 3)");
  }

  @Test
  void moreThanTenThousandEntriesAreBad() {
    String[] uris = IntStream.rangeClosed(1, GroupDocument.MAX_MEMBERS + 1).mapToObj(i -> "sip:ff" + i + "@metro.example").toArray(String[]::new);
    assertThat(bad(doc(members(uris))).message()).isEqualTo("<entry> more than 10000 in one group (10001)");
    assertThat(ok(doc(members(java.util.Arrays.copyOf(uris, GroupDocument.MAX_MEMBERS)))).members()).hasSize(GroupDocument.MAX_MEMBERS);
  }

  @Test
  void anUnknownEmptyOrRepeatedServiceIsBad() {
    assertThat(bad(doc(el("service", "mcptt"), el("service", "tetra"))).message()).isEqualTo("<service> unknown service 'tetra'");
    assertThat(bad(doc(el("service", "MCPTT"))).field()).isEqualTo("service");
    assertThat(bad(doc(el("service", ""))).message()).isEqualTo("<service> missing");
    assertThat(bad(doc(el("service", "mcvideo"), el("service", "mcptt"), el("service", "mcvideo"))).message())
        .isEqualTo("<service> 'mcvideo' given twice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "0", "TRUE", "False"})
  void aFlagThatIsNotTrueOrFalseIsBad(String flag) {
    assertThat(bad(doc(el("preconfigured-regroup-only", flag))).message())
        .isEqualTo("<preconfigured-regroup-only> not true or false: '" + flag + "'");
    assertThat(bad(doc(el("broadcast", flag))).message()).isEqualTo("<broadcast> not true or false: '" + flag + "'");
  }

  @Test
  void anEmptyOrRepeatedElementIsBad() {
    assertThat(bad(doc("<broadcast/>")).message()).isEqualTo("<broadcast> missing");
    assertThat(bad(doc(el("broadcast", "true"), el("broadcast", "true"))).message()).isEqualTo("<broadcast> given 2 times, at most once");
    assertThat(bad(doc(el("preconfigured-regroup-only", "false"), el("preconfigured-regroup-only", "true"))).field())
        .isEqualTo("preconfigured-regroup-only");
    assertThat(bad(doc(el("display-name", "a"), el("display-name", "b"))).message()).isEqualTo("<display-name> given 2 times, at most once");
    assertThat(bad(doc(members("sip:ff1@metro.example"), members("sip:ff2@metro.example"))).message())
        .isEqualTo("<members> given 2 times, at most once");
  }

  @Test
  void aBadDisplayNameIsNamed() {
    assertThat(bad(doc(el("display-name", "x".repeat(257)))).message()).isEqualTo("<display-name> 257 characters, at most 256");
    assertThat(bad(doc(el("display-name", "  "))).message()).isEqualTo("<display-name> empty");
    assertThat(bad(doc("<display-name/>")).message()).isEqualTo("<display-name> empty");
    assertThat(bad(doc(el("display-name", "Fire&#9;brigade"))).message()).isEqualTo("<display-name> has a control character");
  }

  @Test
  void theRecordRefusesWhatTheDecoderRefuses() {
    assertThatThrownBy(() -> new GroupDocument(FIRE, Optional.empty(), Set.of(), false, false, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GroupDocument.of(FIRE, List.of(user(1), user(2), user(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sip:ff1@metro.example");
    assertThatThrownBy(() -> GroupDocument.of(FIRE, users(GroupDocument.MAX_MEMBERS + 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GroupDocument(FIRE, Optional.of("x".repeat(257)), Set.of(McService.MCPTT), false, false, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GroupDocument(FIRE, Optional.of(" "), Set.of(McService.MCPTT), false, false, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new GroupDocument(FIRE, Optional.of(" Fire "), Set.of(McService.MCPTT), false, false, List.of()).displayName()).contains("Fire");
  }

  @Test
  void theRecordIsImmutable() {
    List<McServiceId> members = new ArrayList<>(users(2));
    Set<McService> services = EnumSet.of(McService.MCPTT);
    GroupDocument d = new GroupDocument(FIRE, Optional.empty(), services, false, false, members);
    members.add(user(3));
    services.add(McService.MCDATA);

    assertThat(d.members()).hasSize(2);
    assertThat(d.services()).containsExactly(McService.MCPTT);
    assertThatThrownBy(() -> d.members().add(user(4))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> d.services().add(McService.MCDATA)).isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- tolerance

  @Test
  void unknownElementsAndAttributesAnywhereAreIgnored() {
    String xml = "<group xmlns=\"urn:muster:ns:groupDocument:1.0\" xmlns:x=\"urn:example:x\" x:a=\"1\" uri=\"sip:fire@metro.example\">"
        + "<x:first/>" + el("broadcast", "true") + "<x:deep><x:er>text</x:er></x:deep>" + el("display-name", "Fire")
        + "<members x:b=\"2\"><x:note>n</x:note><entry uri=\"sip:ff1@metro.example\" x:c=\"3\" other=\"4\"><x:in/></entry><x:after/>"
        + "</members>" + el("service", "mcdata") + "<x:last/></group>";

    assertThat(ok(xml)).isEqualTo(new GroupDocument(FIRE, Optional.of("Fire"), Set.of(McService.MCDATA), false, true, users(1)));
  }

  // ---- content type, root, hostile XML and size

  @ParameterizedTest
  @ValueSource(strings = {"application/xml", "application/vnd.muster.group-configuration+xml", "text/plain", "", "application/vnd.muster.group"})
  void anotherContentTypeIsBadOnContentType(String contentType) {
    Decoded<GroupDocument> d = GroupDocumentBody.decode(contentType, doc().getBytes(StandardCharsets.UTF_8));
    assertThat(d).isEqualTo(Decoded.bad("Content-Type", "not a group document: " + Decoded.quote(contentType)));
    assertThat(GroupDocumentBody.decode(null, doc().getBytes(StandardCharsets.UTF_8))).isInstanceOf(Decoded.Bad.class);
  }

  @Test
  void theContentTypeIgnoresCaseAndParameters() {
    assertThat(BodyTypes.isGroupDocument("Application/VND.Muster.Group+XML; charset=utf-8")).isTrue();
    assertThat(BodyTypes.isGroupDocument(BodyTypes.GROUP_CONFIGURATION)).isFalse();
    assertThat(BodyTypes.isGroupConfiguration(BodyTypes.GROUP_DOCUMENT)).isFalse();
    assertThat(ok("application/VND.MUSTER.GROUP+XML;charset=UTF-8", doc().getBytes(StandardCharsets.UTF_8))).isNotNull();
  }

  @Test
  void anotherRootOrNamespaceIsBadOnGroup() {
    assertThat(bad("<group xmlns=\"urn:muster:ns:groupConfiguration:1.0\" uri=\"sip:fire@metro.example\"/>").field()).isEqualTo("group");
    assertThat(bad("<list xmlns=\"urn:muster:ns:groupDocument:1.0\"/>").message())
        .isEqualTo("<group> expected as root, found <list> in namespace 'urn:muster:ns:groupDocument:1.0'");
    assertThat(GroupDocumentBody.decode(CT, new byte[0])).isEqualTo(Decoded.bad("body", "empty"));
    assertThat(bad("<group xmlns=\"urn:muster:ns:groupDocument:1.0\"").field()).isEqualTo("body");
  }

  static Stream<Path> attacks() throws IOException {
    return XmlAttacksTest.attacks();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void everyAttackPayloadIsBadInBoundedTime(Path attack) throws IOException {
    byte[] payload = Files.readAllBytes(attack);
    List<Decoded<GroupDocument>> results = assertTimeoutPreemptively(XmlAttacksTest.BOUND, () -> List.of(
        GroupDocumentBody.decode(CT, payload), GroupDocumentBody.decode(payload, XmlAttacksTest.NO_SIZE_BOUND)));
    for (Decoded<GroupDocument> d : results) assertThat(d).as("%s", d).isInstanceOf(Decoded.Bad.class);
  }

  @Test
  void aDoctypeIsRefusedBeforeBinding() {
    String laughs = "<?xml version=\"1.0\"?><!DOCTYPE group [<!ENTITY a \"ha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>" + doc(el("display-name", "&c;"));
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE group [<!ENTITY h SYSTEM \"file:///etc/hostname\">]>"
        + doc(members("sip:&h;@metro.example"));
    for (String xml : List.of(laughs, xxe)) {
      assertThat(bad(xml)).isEqualTo(Decoded.bad("body", "DOCTYPE is not allowed"));
    }
  }

  @Test
  void deepNestingInsideAnEntryIsRefused() {
    String deep = "<x:e xmlns:x=\"urn:example:x\">".repeat(40) + "</x:e>".repeat(40);
    var b = bad(doc("<members><entry uri=\"sip:ff1@metro.example\">" + deep + "</entry></members>"));
    assertThat(b.field()).isEqualTo("body");
    assertThat(b.reason()).contains("nested deeper than 32");
  }

  @Test
  void aBodyOverOneMebibyteIsBadBeforeAnyParsing() {
    String padding = "<x:pad xmlns:x=\"urn:example:pad\">" + "p".repeat(GroupDocumentBody.MAX_BYTES) + "</x:pad>";
    var b = bad(doc(padding));
    assertThat(b).isEqualTo(Decoded.bad("body", "larger than 1048576 bytes"));
  }

  @Test
  void tooManyElementsAreRefusedByTheStreamingGuard() {
    var b = bad(doc("<x:w xmlns:x=\"urn:example:x\">" + "<x:p/>".repeat(XmlLimits.GROUP_DOCUMENT.maxElements()) + "</x:w>"));
    assertThat(b.field()).isEqualTo("body");
    assertThat(b.reason()).contains("more than 50000 elements");
  }

  @Test
  void aMaliciousValueIsQuotedSafelyInTheReason() {
    assertThat(bad(doc(members("sip:ff1@metro.example", "sip:a&quot;\\@x"))).message())
        .isEqualTo("<entry uri> not a SIP URI: 'sip:a??@x' (entry 2)");
  }
}
