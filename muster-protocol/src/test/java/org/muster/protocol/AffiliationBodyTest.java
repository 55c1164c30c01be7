package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.protocol.Bodies.utf8;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

class AffiliationBodyTest {
  static final McServiceId FF1 = McServiceId.of("sip:ff1@metro.example");
  static final List<McServiceGroupId> GROUPS =
      List.of(McServiceGroupId.of("sip:fire@metro.example"), McServiceGroupId.of("sip:police@metro.example"));

  static String pidf(String statusContent) {
    return "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:ff1@metro.example\"><tuple id=\"c1\"><status>"
        + statusContent + "</status></tuple></presence>";
  }

  static String affiliation(String service, String group, String status) {
    return "<affiliation xmlns=\"urn:3gpp:ns:" + service + "PresInfo:1.0\" group=\"" + group + "\""
        + (status == null ? "" : " status=\"" + status + "\"") + "/>";
  }

  static Decoded.Bad<AffiliationDocument> bad(String body) {
    Decoded<AffiliationDocument> d = AffiliationBody.decode(utf8(body));
    assertThat(d).isInstanceOf(Decoded.Bad.class);
    return (Decoded.Bad<AffiliationDocument>) d;
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void roundTripsForEachService(McService s) {
    AffiliationDocument doc = new AffiliationDocument(FF1, "client-1", s, GROUPS);
    byte[] body = AffiliationBody.encode(doc);
    assertThat(AffiliationBody.decode(body)).isEqualTo(Decoded.ok(doc));
    assertThat(new String(body, StandardCharsets.UTF_8))
        .contains("entity=\"sip:ff1@metro.example\"", "<tuple id=\"client-1\">", "urn:3gpp:ns:" + s.word() + "PresInfo:1.0",
            "affiliation group=\"sip:fire@metro.example\" status=\"affiliating\"");
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void anEmptyWantedSetRoundTripsWithTheServiceOfThePsi(McService s) {
    AffiliationDocument doc = new AffiliationDocument(FF1, "client-1", s, List.of());
    byte[] body = AffiliationBody.encode(doc);
    assertThat(AffiliationBody.decode(body, Optional.of(s))).isEqualTo(Decoded.ok(doc));
    assertThat(AffiliationBody.decode(body)).isEqualTo(Decoded.bad("affiliation", "no affiliation element: service unknown"));
  }

  @Test
  void extensionsAreToleratedAndOnlyAffiliatingGroupsAreWanted() {
    Decoded<AffiliationDocument> d = AffiliationBody.decode(TestFiles.vector("affiliation/mcvideo-publish-with-extensions.xml"));
    assertThat(d).isEqualTo(Decoded.ok(new AffiliationDocument(
        FF1, "phone-1", McService.MCVIDEO,
        List.of(McServiceGroupId.of("sip:fire@metro.example"), McServiceGroupId.of("sip:bridge@metro.example")))));
  }

  @Test
  void onlyNonAffiliatingElementsStillNameTheService() {
    assertThat(AffiliationBody.decode(utf8(pidf(affiliation("mcdata", "sip:old@metro.example", "deaffiliating")))))
        .isEqualTo(Decoded.ok(new AffiliationDocument(FF1, "c1", McService.MCDATA, List.of())));
  }

  @Test
  void mixedServiceNamespacesAreBad() {
    var b = bad(pidf(affiliation("mcptt", "sip:fire@metro.example", "affiliating") + affiliation("mcvideo", "sip:fire@metro.example", null)));
    assertThat(b.message()).isEqualTo("<affiliation> mixes MC services: mcptt, mcvideo");
  }

  @Test
  void aPsiOfAnotherServiceIsBad() {
    byte[] body = utf8(pidf(affiliation("mcptt", "sip:fire@metro.example", "affiliating")));
    assertThat(AffiliationBody.decode(body, Optional.of(McService.MCDATA))).isInstanceOf(Decoded.Bad.class);
    assertThat(AffiliationBody.decode(body, Optional.of(McService.MCPTT)).isOk()).isTrue();
  }

  @Test
  void missingOrRepeatedTuplesAreBad() {
    assertThat(bad("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:ff1@metro.example\"/>").message()).isEqualTo("<tuple> missing");
    String two = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:ff1@metro.example\"><tuple id=\"a\"><status/></tuple><tuple id=\"b\"><status/></tuple></presence>";
    assertThat(bad(two).field()).isEqualTo("tuple");
    assertThat(bad(pidf("").replace(" id=\"c1\"", "")).message()).isEqualTo("<tuple id> missing");
  }

  @Test
  void nonSipEntitiesAndGroupsAreBad() {
    assertThat(bad(pidf(affiliation("mcptt", "sip:fire@metro.example", null)).replace("sip:ff1@metro.example", "pres:ff1@metro.example")).field())
        .isEqualTo("presence@entity");
    assertThat(bad(pidf(affiliation("mcptt", "tel:+4912345", "affiliating"))).message())
        .isEqualTo("<affiliation group> not a SIP URI: 'tel:+4912345'");
    assertThat(bad(pidf("<affiliation xmlns=\"urn:3gpp:ns:mcpttPresInfo:1.0\" status=\"affiliating\"/>")).message())
        .isEqualTo("<affiliation group> missing");
  }

  @Test
  void aWrongRootOrNamespaceIsBad() {
    assertThat(bad(pidf("").replace("urn:ietf:params:xml:ns:pidf", "urn:ietf:params:xml:ns:pidf:other")).field()).isEqualTo("presence");
    assertThat(bad(Bodies.info("mcptt", "sip:a@b")).field()).isEqualTo("presence");
  }

  @Test
  void duplicateGroupsAreWantedOnce() {
    String body = pidf(affiliation("mcptt", "sip:fire@metro.example", null) + affiliation("mcptt", "sip:fire@metro.example", "affiliating"));
    assertThat(AffiliationBody.decode(utf8(body)))
        .isEqualTo(Decoded.ok(new AffiliationDocument(FF1, "c1", McService.MCPTT, List.of(McServiceGroupId.of("sip:fire@metro.example")))));
  }

  @Test
  void oversizeBodiesAreBad() {
    String big = pidf(affiliation("mcptt", "sip:fire@metro.example", null) + "<x:n xmlns:x=\"urn:x\">" + "n".repeat(66_000) + "</x:n>");
    assertThat(bad(big).message()).isEqualTo("body: larger than 65536 bytes");
  }

  @Test
  void theContentTypeIsPidf() {
    assertThat(AffiliationBody.CONTENT_TYPE).isEqualTo("application/pidf+xml");
  }
}
