package org.muster.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
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
import org.muster.protocol.decode.Decoded;

/**
 * Muster's group configuration body ({@code application/vnd.muster.group-configuration+xml},
 * beyond WIRE.md): vectors, round trips, the entry's value semantics for its key material, and a
 * clean Bad naming the element (and the group's position) for every malformed case.
 */
class GroupConfigurationBodyTest {
  static final String CT = "application/vnd.muster.group-configuration+xml";
  static final McServiceGroupId TMPL = McServiceGroupId.of("sip:tmpl-incident@metro.example");
  static final McServiceGroupId ALL_UNITS = McServiceGroupId.of("sip:all-units@metro.example");
  static final byte[] KEY16 = counting(16);
  static final byte[] KEY64 = counting(64);

  /** Key material 0, 1, 2, ... as in the vectors. */
  static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) i;
    return b;
  }

  static SharedGroupEntry keyed(McServiceGroupId uri, Set<McService> services, String version, String keyId, byte[] key) {
    return new SharedGroupEntry(uri, services, true, false, version, Optional.of(keyId), Optional.of(key));
  }

  static GroupConfigurationDocument ok(String contentType, byte[] body) {
    Decoded<GroupConfigurationDocument> d = GroupConfigurationBody.decode(contentType, body);
    assertThat(d).as("%s", d).isInstanceOf(Decoded.Ok.class);
    return ((Decoded.Ok<GroupConfigurationDocument>) d).value();
  }

  static Decoded.Bad<GroupConfigurationDocument> bad(String xml) {
    Decoded<GroupConfigurationDocument> d = GroupConfigurationBody.decode(CT, xml.getBytes(StandardCharsets.UTF_8));
    assertThat(d).as("%s", d).isInstanceOf(Decoded.Bad.class);
    return (Decoded.Bad<GroupConfigurationDocument>) d;
  }

  static String doc(String home, String... groups) {
    return "<group-configuration xmlns=\"urn:muster:ns:groupConfiguration:1.0\">" + el("home-system", home) + String.join("", groups)
        + "</group-configuration>";
  }

  /** A group element with the given values (null leaves an element out) and {@code key} spliced in as given. */
  static String group(String uri, List<String> services, String regroupOnly, String broadcast, String version, String key) {
    StringBuilder b = new StringBuilder("<group>").append(el("uri", uri));
    for (String s : services) b.append(el("service", s));
    return b.append(el("preconfigured-regroup-only", regroupOnly)).append(el("broadcast", broadcast)).append(el("version", version))
        .append(key == null ? "" : key).append("</group>").toString();
  }

  static String group(String uri) {
    return group(uri, List.of("mcptt"), "true", "false", "v1", null);
  }

  static String key(String id, String material) {
    return (id == null ? "<key>" : "<key id=\"" + id + "\">") + material + "</key>";
  }

  static String withKey(String key) {
    return group("sip:g@metro.example", List.of("mcptt"), "true", "false", "v1", key);
  }

  static final String HOME = "metro.example";
  static final String GROUP = group("sip:g@metro.example");

  static String el(String name, String value) {
    return value == null ? "" : "<" + name + ">" + value + "</" + name + ">";
  }

  static String b64(int bytes) {
    return Base64.getEncoder().encodeToString(new byte[bytes]);
  }

  // ---- vectors and round trips

  @Test
  void theVectorDecodes() {
    GroupConfigurationDocument d = ok(CT, TestFiles.vector("group-configuration/metro-templates.xml"));

    assertThat(d.homeSystem()).isEqualTo("metro.example");
    assertThat(d.groups()).containsExactly(
        keyed(TMPL, Set.of(McService.MCPTT, McService.MCVIDEO), "9f2c41", "k-3f2a", KEY16),
        new SharedGroupEntry(ALL_UNITS, Set.of(McService.MCDATA), false, true, "v1.2_3-x", Optional.empty(), Optional.empty()));
  }

  @Test
  void unknownExtensionsPrefixesAndWhiteSpaceAreTolerated() {
    GroupConfigurationDocument d = ok(CT + "; charset=UTF-8", TestFiles.vector("group-configuration/with-extensions.xml"));

    assertThat(d.homeSystem()).as("a domain compares in lower case").isEqualTo("metro.example");
    assertThat(d.groups()).containsExactly(
        keyed(McServiceGroupId.of("sip:tmpl-flood@metro.example"), EnumSet.allOf(McService.class), "7", "k.2", KEY64));
  }

  @Test
  void aConfigurationWithAndWithoutKeysAndSeveralServicesRoundTrips() {
    GroupConfigurationDocument d = new GroupConfigurationDocument("metro.example", List.of(
        keyed(TMPL, Set.of(McService.MCVIDEO, McService.MCPTT), "9f2c41", "k-3f2a", KEY16),
        SharedGroupEntry.withoutKey(ALL_UNITS, EnumSet.allOf(McService.class), false, true, "a.b_c-9"),
        keyed(McServiceGroupId.of("sip:tmpl-flood@metro.example"), Set.of(McService.MCDATA), "x".repeat(64), "k".repeat(64), KEY64)));

    EncodedBody body = GroupConfigurationBody.encode(d);

    assertThat(body.contentType()).isEqualTo(CT);
    String text = new String(body.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("<group-configuration xmlns=\"urn:muster:ns:groupConfiguration:1.0\"><home-system>metro.example</home-system>");
    assertThat(text).as("services in McService order").contains("<service>mcptt</service><service>mcvideo</service>");
    assertThat(text).contains("<key id=\"k-3f2a\">AAECAwQFBgcICQoLDA0ODw==</key>");
    assertThat(text).as("compact, no whitespace between elements").doesNotContainPattern(">\\s+<");
    assertThat(ok(body.contentType(), body.body())).isEqualTo(d);
  }

  @Test
  void anEmptyConfigurationSharesNothingAndRoundTrips() {
    GroupConfigurationDocument d = new GroupConfigurationDocument("metro.example", List.of());

    assertThat(ok(CT, GroupConfigurationBody.encode(d).body())).isEqualTo(d);
    assertThat(ok(CT, doc(HOME).getBytes(StandardCharsets.UTF_8)).groups()).isEmpty();
  }

  @Test
  void everyServiceAndFlagCombinationRoundTrips() {
    List<SharedGroupEntry> groups = new ArrayList<>();
    int n = 0;
    for (McService s : McService.values()) {
      for (boolean regroupOnly : new boolean[] {true, false}) {
        for (boolean broadcast : new boolean[] {true, false}) {
          groups.add(SharedGroupEntry.withoutKey(McServiceGroupId.of("sip:g" + n++ + "@metro.example"), Set.of(s), regroupOnly, broadcast, "1"));
        }
      }
    }
    GroupConfigurationDocument d = new GroupConfigurationDocument("metro.example", groups);

    assertThat(ok(CT, GroupConfigurationBody.encode(d).body())).isEqualTo(d);
  }

  @Test
  void twoHundredTypicalGroupsFitTheWireBound() {
    List<SharedGroupEntry> groups = new ArrayList<>();
    for (int i = 0; i < GroupConfigurationDocument.MAX_GROUPS; i++) {
      groups.add(keyed(McServiceGroupId.of("sip:tmpl-" + i + "@metro.example"), Set.of(McService.MCPTT), "v" + i, "k" + i, KEY16));
    }
    GroupConfigurationDocument d = new GroupConfigurationDocument("metro.example", groups);

    EncodedBody body = GroupConfigurationBody.encode(d);

    assertThat(body.body().length).isLessThan(GroupConfigurationBody.MAX_BYTES);
    assertThat(ok(CT, body.body())).isEqualTo(d);
  }

  @Test
  void theLargestEntriesTimesTwoHundredDoNotFitAndEncodeDoesNotCheck() {
    // documented on GroupConfigurationBody: the sender checks the encoded length
    List<SharedGroupEntry> groups = new ArrayList<>();
    for (int i = 0; i < GroupConfigurationDocument.MAX_GROUPS; i++) {
      groups.add(keyed(McServiceGroupId.of("sip:tmpl-" + i + "@metro.example"), EnumSet.allOf(McService.class), "v".repeat(64),
          "k".repeat(64), KEY64));
    }
    EncodedBody body = GroupConfigurationBody.encode(new GroupConfigurationDocument("metro.example", groups));

    assertThat(body.body().length).isGreaterThan(GroupConfigurationBody.MAX_BYTES);
    assertThat(GroupConfigurationBody.decode(CT, body.body())).isEqualTo(Decoded.bad("body", "larger than 65536 bytes"));
  }

  // ---- the records

  @Test
  void entriesWithEqualKeyMaterialAreEqualAndTheMaterialIsCopied() {
    byte[] material = KEY16.clone();
    SharedGroupEntry a = keyed(TMPL, Set.of(McService.MCPTT), "1", "k", material);
    SharedGroupEntry b = keyed(TMPL, EnumSet.of(McService.MCPTT), "1", "k", KEY16.clone());

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    material[0] = 99;
    a.keyMaterial().orElseThrow()[1] = 99;
    assertThat(a).as("neither the caller's array nor a returned copy changes the entry").isEqualTo(b);
    assertThat(a.keyMaterial().orElseThrow()).isEqualTo(KEY16);
    assertThat(a).isNotEqualTo(keyed(TMPL, Set.of(McService.MCPTT), "1", "k", KEY64));
    assertThat(a).isNotEqualTo(SharedGroupEntry.withoutKey(TMPL, Set.of(McService.MCPTT), true, false, "1"));
  }

  @Test
  void anEntryPrintsWithoutItsKeyMaterial() {
    String text = keyed(TMPL, Set.of(McService.MCPTT), "1", "k-3f2a", KEY16).toString();
    assertThat(text).contains("k-3f2a", "16 bytes").doesNotContain("AAECAwQFBgcICQoLDA0ODw", "[0, 1, 2");
  }

  @Test
  void theRecordsRefuseWhatTheDecoderRefuses() {
    assertThatThrownBy(() -> SharedGroupEntry.withoutKey(TMPL, Set.of(), true, false, "1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SharedGroupEntry.withoutKey(TMPL, Set.of(McService.MCPTT), true, false, "a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SharedGroupEntry(TMPL, Set.of(McService.MCPTT), true, false, "1", Optional.of("k"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keyed(TMPL, Set.of(McService.MCPTT), "1", "k", new byte[15])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keyed(TMPL, Set.of(McService.MCPTT), "1", "k", new byte[65])).isInstanceOf(IllegalArgumentException.class);
    SharedGroupEntry g = SharedGroupEntry.withoutKey(TMPL, Set.of(McService.MCPTT), true, false, "1");
    assertThatThrownBy(() -> new GroupConfigurationDocument("north.example", List.of(g))).hasMessageContaining("north.example");
    assertThatThrownBy(() -> new GroupConfigurationDocument("metro.example", List.of(g, g))).hasMessageContaining("twice");
    assertThatThrownBy(() -> new GroupConfigurationDocument("sip:metro.example", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(new GroupConfigurationDocument("Metro.Example", List.of(g)).homeSystem()).isEqualTo("metro.example");
  }

  // ---- not a group configuration at all: 415

  @Test
  void anotherContentTypeIsBadOnContentType() {
    for (String ct : new String[] {"application/vnd.muster.member-report+xml", "application/xml", "", "not a type"}) {
      Decoded<GroupConfigurationDocument> d = GroupConfigurationBody.decode(ct, doc(HOME, GROUP).getBytes(StandardCharsets.UTF_8));
      assertThat(d).as(ct).isInstanceOf(Decoded.Bad.class);
      assertThat(((Decoded.Bad<GroupConfigurationDocument>) d).field()).as(ct).isEqualTo("Content-Type");
    }
    assertThat(BodyTypes.isGroupConfiguration("Application/VND.Muster.Group-Configuration+XML; charset=UTF-8")).isTrue();
    assertThat(BodyTypes.isGroupConfiguration(BodyTypes.MEMBER_REPORT)).isFalse();
    assertThat(BodyTypes.isMemberReport(BodyTypes.GROUP_CONFIGURATION)).isFalse();
  }

  // ---- malformed: 400 naming the element

  @Test
  void anotherRootIsBad() {
    var b = bad("<group-configuration xmlns=\"urn:example:other\">" + el("home-system", HOME) + GROUP + "</group-configuration>");
    assertThat(b.field()).isEqualTo("group-configuration");
    assertThat(b.reason()).contains("urn:example:other");
    assertThat(bad("<member-report xmlns=\"urn:muster:ns:memberReport:1.0\"/>").field()).isEqualTo("group-configuration");
  }

  @Test
  void notXmlIsBad() {
    assertThat(bad("home-system=metro.example").field()).isEqualTo("body");
    assertThat(GroupConfigurationBody.decode(CT, new byte[0])).isEqualTo(Decoded.bad("body", "empty"));
  }

  @Test
  void aMissingOrBadHomeSystemIsNamed() {
    assertThat(bad(doc(null, GROUP)).message()).isEqualTo("<home-system> missing");
    assertThat(bad(doc(" ", GROUP)).message()).isEqualTo("<home-system> missing");
    assertThat(bad(doc("sip:metro.example", GROUP)).message()).isEqualTo("<home-system> not a SIP domain: 'sip:metro.example'");
    assertThat(bad(doc("gms@metro.example", GROUP)).field()).isEqualTo("home-system");
    assertThat(bad(doc("metro.example:5061", GROUP)).field()).isEqualTo("home-system");
    assertThat(bad(doc("metro..example", GROUP)).field()).isEqualTo("home-system");
  }

  @Test
  void moreGroupsThanTheBoundIsBad() {
    String[] groups = IntStream.range(0, GroupConfigurationDocument.MAX_GROUPS + 1).mapToObj(i -> group("sip:g" + i + "@metro.example"))
        .toArray(String[]::new);
    assertThat(bad(doc(HOME, groups)).message()).isEqualTo("<group> more than 200 in one configuration (201)");
    assertThat(ok(CT, doc(HOME, java.util.Arrays.copyOf(groups, 200)).getBytes(StandardCharsets.UTF_8)).groups()).hasSize(200);
  }

  @Test
  void aBadGroupUriIsNamedWithItsPosition() {
    assertThat(bad(doc(HOME, GROUP, group(null))).message()).isEqualTo("<uri> missing (group 2)");
    assertThat(bad(doc(HOME, group("g@metro.example"))).message()).isEqualTo("<uri> not a SIP URI: 'g@metro.example' (group 1)");
    assertThat(bad(doc(HOME, GROUP, group("sip:g2@metro.example"), group("sip:g@north.example"))).message())
        .isEqualTo("<uri> not a group of the home system 'metro.example': 'sip:g@north.example' (group 3)");
    assertThat(bad(doc(HOME, GROUP, group("sip:g2@metro.example"), group("sip:g@metro.example"))).message())
        .isEqualTo("<uri> already shared as group 1: 'sip:g@metro.example' (group 3)");
  }

  @Test
  void aBadServiceIsNamed() {
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of(), "true", "false", "1", null))).message())
        .isEqualTo("<service> missing (group 1)");
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of(""), "true", "false", "1", null))).message())
        .isEqualTo("<service> missing (group 1)");
    assertThat(bad(doc(HOME, GROUP, group("sip:g2@metro.example", List.of("mcptt", "tetra"), "true", "false", "1", null))).message())
        .isEqualTo("<service> unknown service 'tetra' (group 2)");
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of("MCPTT"), "true", "false", "1", null))).field()).isEqualTo("service");
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of("mcvideo", "mcptt", "mcvideo"), "true", "false", "1", null))).message())
        .isEqualTo("<service> 'mcvideo' given twice (group 1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "0", "TRUE", "False"})
  void aFlagThatIsNotTrueOrFalseIsBad(String flag) {
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of("mcptt"), flag, "false", "1", null))).message())
        .isEqualTo("<preconfigured-regroup-only> not true or false: '" + flag + "' (group 1)");
    assertThat(bad(doc(HOME, GROUP, group("sip:g2@metro.example", List.of("mcptt"), "true", flag, "1", null))).message())
        .isEqualTo("<broadcast> not true or false: '" + flag + "' (group 2)");
  }

  @Test
  void aMissingFlagOrVersionIsNamed() {
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of("mcptt"), null, "false", "1", null))).message())
        .isEqualTo("<preconfigured-regroup-only> missing (group 1)");
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of("mcptt"), "true", null, "1", null))).message())
        .isEqualTo("<broadcast> missing (group 1)");
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of("mcptt"), "true", "false", null, null))).message())
        .isEqualTo("<version> missing (group 1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v 1", "v/1", "v+1", "ü"})
  void aVersionThatIsNotATokenIsBad(String version) {
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of("mcptt"), "true", "false", version, null))).message())
        .isEqualTo("<version> not 1 to 64 of A-Z a-z 0-9 . _ -: " + Decoded.quote(version) + " (group 1)");
  }

  @Test
  void aVersionLongerThan64IsBad() {
    assertThat(bad(doc(HOME, group("sip:g@metro.example", List.of("mcptt"), "true", "false", "v".repeat(65), null))).field())
        .isEqualTo("version");
  }

  @Test
  void aBadKeyIsNamedWithoutQuotingItsMaterial() {
    assertThat(bad(doc(HOME, GROUP, withKey(key(null, b64(16))).replace("sip:g@", "sip:g2@"))).message())
        .isEqualTo("<key id> missing (group 2)");
    assertThat(bad(doc(HOME, withKey(key("", b64(16))))).message()).isEqualTo("<key id> missing (group 1)");
    assertThat(bad(doc(HOME, withKey(key("k 1", b64(16))))).message())
        .isEqualTo("<key id> not 1 to 64 of A-Z a-z 0-9 . _ -: 'k 1' (group 1)");
    assertThat(bad(doc(HOME, withKey(key("k".repeat(65), b64(16))))).field()).isEqualTo("key@id");
    assertThat(bad(doc(HOME, withKey("<key id=\"k\"/>"))).message()).isEqualTo("<key> no key material (group 1)");
    assertThat(bad(doc(HOME, withKey(key("k", b64(16)) + key("k2", b64(16))))).message())
        .isEqualTo("<key> given 2 times, at most once (group 1)");
    String secretish = "c2VjcmV0LWtleS1tYXRlcmlhbA*";
    var notBase64 = bad(doc(HOME, withKey(key("k", secretish))));
    assertThat(notBase64.message()).isEqualTo("<key> not base64 (group 1)");
    assertThat(notBase64.reason()).doesNotContain("c2Vj");
    assertThat(bad(doc(HOME, withKey(key("k", b64(15))))).message()).isEqualTo("<key> 15 bytes of key material, not 16 to 64 (group 1)");
    assertThat(bad(doc(HOME, withKey(key("k", b64(65))))).message()).isEqualTo("<key> 65 bytes of key material, not 16 to 64 (group 1)");
  }

  @Test
  void keyMaterialOfTheBoundaryLengthsIsAccepted() {
    for (int n : new int[] {16, 64}) {
      SharedGroupEntry g = ok(CT, doc(HOME, withKey(key("k", b64(n)))).getBytes(StandardCharsets.UTF_8)).groups().get(0);
      assertThat(g.keyId()).contains("k");
      assertThat(g.keyMaterial().orElseThrow()).hasSize(n);
    }
  }

  @Test
  void unknownElementsAndAttributesAnywhereAreIgnored() {
    String xml = "<group-configuration xmlns=\"urn:muster:ns:groupConfiguration:1.0\" xmlns:x=\"urn:example:x\" x:a=\"1\">"
        + "<x:first/>" + el("home-system", HOME)
        + "<group x:b=\"2\"><x:deep><x:er>text</x:er></x:deep>" + el("uri", "sip:g@metro.example") + el("service", "mcptt")
        + el("preconfigured-regroup-only", "true") + el("broadcast", "false") + el("version", "1")
        + "<key id=\"k\" x:c=\"3\" other=\"4\">" + b64(16) + "</key><x:after/></group><x:last/></group-configuration>";

    GroupConfigurationDocument d = ok(CT, xml.getBytes(StandardCharsets.UTF_8));

    assertThat(d.groups()).containsExactly(keyed(McServiceGroupId.of("sip:g@metro.example"), Set.of(McService.MCPTT), "1", "k", new byte[16]));
  }

  // ---- hostile XML and size

  static Stream<Path> attacks() throws IOException {
    return XmlAttacksTest.attacks();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void everyAttackPayloadIsBadInBoundedTime(Path attack) throws IOException {
    byte[] payload = Files.readAllBytes(attack);
    List<Decoded<GroupConfigurationDocument>> results = assertTimeoutPreemptively(XmlAttacksTest.BOUND, () -> List.of(
        GroupConfigurationBody.decode(CT, payload), GroupConfigurationBody.decode(payload, XmlAttacksTest.NO_SIZE_BOUND)));
    for (Decoded<GroupConfigurationDocument> d : results) assertThat(d).as("%s", d).isInstanceOf(Decoded.Bad.class);
  }

  @Test
  void aDoctypeInAGroupConfigurationIsRefusedBeforeBinding() {
    String laughs = "<?xml version=\"1.0\"?><!DOCTYPE group-configuration [<!ENTITY a \"ha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>" + doc("&c;", GROUP);
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE group-configuration [<!ENTITY h SYSTEM \"file:///etc/hostname\">]>"
        + doc(HOME, group("sip:&h;@metro.example"));
    for (String xml : List.of(laughs, xxe)) {
      assertThat(bad(xml)).isEqualTo(Decoded.bad("body", "DOCTYPE is not allowed"));
    }
  }

  @Test
  void deepNestingInsideAGroupIsRefused() {
    String deep = "<x:e xmlns:x=\"urn:example:x\">".repeat(40) + "</x:e>".repeat(40);
    var b = bad(doc(HOME, GROUP.replace("</group>", deep + "</group>")));
    assertThat(b.field()).isEqualTo("body");
    assertThat(b.reason()).contains("nested deeper than 32");
  }

  @Test
  void aBodyOverTheWireBoundIsBadBeforeAnyParsing() {
    String padding = "<x:pad xmlns:x=\"urn:example:pad\">" + "p".repeat(GroupConfigurationBody.MAX_BYTES) + "</x:pad>";
    var b = bad(doc(HOME, GROUP, padding));
    assertThat(b.field()).isEqualTo("body");
    assertThat(b.reason()).isEqualTo("larger than 65536 bytes");
  }

  @Test
  void aMaliciousValueIsQuotedSafelyInTheReason() {
    var b = bad(doc(HOME, group("sip:g@metro.example", List.of("mc&quot;ptt\\"), "true", "false", "1", null)));
    assertThat(b.message()).isEqualTo("<service> unknown service 'mc?ptt?' (group 1)");
  }
}
