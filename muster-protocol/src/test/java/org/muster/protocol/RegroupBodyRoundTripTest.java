package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

class RegroupBodyRoundTripTest {
  static final McServiceId REQUESTER = McServiceId.of("sip:ff1@metro.example");
  static final McServiceId TARGET = McServiceId.of("sip:ff2@metro.example");
  static final McServiceGroupId TEMPLATE = McServiceGroupId.of("sip:tmpl-incident@metro.example");
  static final McServiceGroupId REGROUP = McServiceGroupId.of("sip:rg-fire-police@metro.example");
  static final RegroupTargets GROUPS =
      new RegroupTargets.Groups(List.of(McServiceGroupId.of("sip:fire@metro.example"), McServiceGroupId.of("sip:police@metro.example")));
  static final RegroupTargets USERS = new RegroupTargets.Users(List.of(REQUESTER, TARGET));

  static RegroupDocument roundTrip(RegroupDocument doc) {
    EncodedBody encoded = RegroupBody.encode(doc);
    Decoded<RegroupDocument> decoded = RegroupBody.decode(encoded.contentType(), encoded.body());
    assertThat(decoded).isEqualTo(Decoded.ok(doc));
    return ((Decoded.Ok<RegroupDocument>) decoded).value();
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void createWithGroupsRoundTrips(McService s) {
    roundTrip(RegroupDocument.create(s, REQUESTER, TEMPLATE, REGROUP, GROUPS));
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void createWithUsersRoundTrips(McService s) {
    roundTrip(RegroupDocument.create(s, REQUESTER, TEMPLATE, REGROUP, USERS));
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void removeRoundTrips(McService s) {
    roundTrip(RegroupDocument.remove(s, REQUESTER, REGROUP));
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void notificationToClientWithBroadcastRoundTrips(McService s) {
    roundTrip(RegroupDocument.create(s, REQUESTER, TEMPLATE, REGROUP, GROUPS).toClient(TARGET, true));
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void documentWithoutInfoFieldsRoundTrips(McService s) {
    roundTrip(
        new RegroupDocument(
            s, RegroupAction.REMOVE, Optional.empty(), Optional.empty(), false, Optional.empty(), REGROUP, Optional.empty()));
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void singlePartRoundTripsWithoutInfoFields(McService s) {
    RegroupDocument doc = RegroupDocument.create(s, REQUESTER, TEMPLATE, REGROUP, USERS);
    EncodedBody single = RegroupBody.encodeSinglePart(doc);
    assertThat(single.contentType()).isEqualTo("application/vnd.3gpp." + s.word() + "-regroup+xml");
    assertThat(RegroupBody.decode(single.contentType(), single.body()))
        .isEqualTo(Decoded.ok(new RegroupDocument(
            s, RegroupAction.CREATE, Optional.empty(), Optional.empty(), false, Optional.of(TEMPLATE), REGROUP, Optional.of(USERS))));
  }

  @ParameterizedTest
  @EnumSource(McService.class)
  void encodeWritesTwoCrlfPartsWithTheServiceTypesAndNames(McService s) {
    EncodedBody e = RegroupBody.encode(RegroupDocument.create(s, REQUESTER, TEMPLATE, REGROUP, GROUPS).toClient(TARGET, false));
    String text = new String(e.body(), StandardCharsets.UTF_8);
    String boundary = e.contentType().substring(e.contentType().indexOf("boundary=") + 9);
    String w = s.word();
    assertThat(e.contentType()).startsWith("multipart/mixed;boundary=");
    assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    assertThat(text).startsWith("--" + boundary + "\r\nContent-Type: application/vnd.3gpp." + w + "-info+xml\r\n\r\n");
    assertThat(text).contains("\r\n--" + boundary + "\r\nContent-Type: application/vnd.3gpp." + w + "-regroup+xml\r\n\r\n");
    assertThat(text).endsWith("\r\n--" + boundary + "--\r\n");
    assertThat(text).contains("<" + w + "info xmlns=\"urn:3gpp:ns:" + w + "Info:1.0\">", "<" + w + "-calling-user-id>",
        "<" + w + "-request-uri>", "<" + w + "regroup xmlns=\"urn:3gpp:ns:preconfiguredRegroup:1.0\">",
        "<" + w + "regroup-Params>", "<" + w + "-regroup-uri>", "<mcpttURI>sip:fire@metro.example</mcpttURI>",
        "<regroup-action>create</regroup-action>");
    assertThat(text).doesNotContain("broadcast-ind");
    String ownUri = s == McService.MCPTT ? "mcpttURI" : w + "URI";
    assertThat(text).contains("<" + ownUri + ">sip:ff1@metro.example</" + ownUri + ">");
  }

  @Test
  void broadcastIndicationIsWrittenOnlyWhenTrue() {
    RegroupDocument create = RegroupDocument.create(McService.MCPTT, REQUESTER, TEMPLATE, REGROUP, GROUPS);
    String on = new String(RegroupBody.encode(create.toClient(TARGET, true)).body(), StandardCharsets.UTF_8);
    String off = new String(RegroupBody.encode(create.toClient(TARGET, false)).body(), StandardCharsets.UTF_8);
    assertThat(on).contains("<broadcast-ind>true</broadcast-ind>");
    assertThat(off).doesNotContain("broadcast-ind");
  }

  @Test
  void removeWritesAnEmptyPreconfigGroupIdAndNoList() {
    String text = new String(RegroupBody.encode(RegroupDocument.remove(McService.MCDATA, REQUESTER, REGROUP)).body(), StandardCharsets.UTF_8);
    assertThat(text).contains("<preconfig-group-id/>", "<regroup-action>remove</regroup-action>")
        .doesNotContain("groups-for-regroup", "users-for-regroup");
  }

  @Test
  void eachEncodingGetsAFreshBoundary() {
    RegroupDocument doc = RegroupDocument.remove(McService.MCPTT, REQUESTER, REGROUP);
    assertThat(RegroupBody.encode(doc).contentType()).isNotEqualTo(RegroupBody.encode(doc).contentType());
  }

  @Test
  void decodingIsSafeFromManyThreadsAtOnce() {
    List<RegroupDocument> docs = List.of(
        RegroupDocument.create(McService.MCPTT, REQUESTER, TEMPLATE, REGROUP, GROUPS),
        RegroupDocument.create(McService.MCVIDEO, REQUESTER, TEMPLATE, REGROUP, USERS).toClient(TARGET, true),
        RegroupDocument.remove(McService.MCDATA, REQUESTER, REGROUP));
    List<EncodedBody> bodies = docs.stream().map(RegroupBody::encode).toList();
    long ok = java.util.stream.IntStream.range(0, 600).parallel()
        .filter(i -> RegroupBody.decode(bodies.get(i % 3).contentType(), bodies.get(i % 3).body()).equals(Decoded.ok(docs.get(i % 3))))
        .count();
    assertThat(ok).isEqualTo(600);
  }

  @Test
  void escapedCharactersInUrisSurviveTheRoundTrip() {
    McServiceGroupId odd = McServiceGroupId.of("sip:a&b=c@metro.example");
    roundTrip(RegroupDocument.create(McService.MCPTT, REQUESTER, TEMPLATE, odd, new RegroupTargets.Groups(List.of(odd))));
  }
}
