package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.MemberReport;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;

/**
 * Muster's member report body ({@code application/vnd.muster.member-report+xml}, beyond
 * WIRE.md): vectors, round trips, and a clean Bad naming the element for every malformed case.
 */
class MemberReportBodyTest {
  static final String CT = "application/vnd.muster.member-report+xml";
  static final McServiceGroupId RG = McServiceGroupId.of("sip:rg-joint@metro.example");
  static final McServiceId NF1 = McServiceId.of("sip:nf1@north.example");
  static final McServiceClient NF1_CLIENT = new McServiceClient(NF1, "sip:nf1@192.0.2.7:5070");
  static final Instant T0 = Instant.parse("2025-01-01T08:00:00.120Z");

  static MemberReport.Entry entry(McServiceClient c, MemberState s, Instant at, String detail) {
    return new MemberReport.Entry(c, new MemberStep(s, at, detail));
  }

  static MemberReport report(int steps) {
    List<MemberReport.Entry> list = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      list.add(entry(new McServiceClient(NF1, "sip:nf1@192.0.2.7:" + (5000 + i)), MemberState.values()[i % MemberState.values().length],
          T0.plusMillis(i), i % 2 == 0 ? "" : "step " + i + " <&> \"quoted\""));
    }
    return new MemberReport(RG, McService.MCPTT, "north.example", "stream-1", 3, list);
  }

  static MemberReport ok(String contentType, byte[] body) {
    Decoded<MemberReport> d = MemberReportBody.decode(contentType, body);
    assertThat(d).as("%s", d).isInstanceOf(Decoded.Ok.class);
    return ((Decoded.Ok<MemberReport>) d).value();
  }

  static Decoded.Bad<MemberReport> bad(String xml) {
    Decoded<MemberReport> d = MemberReportBody.decode(CT, xml.getBytes(StandardCharsets.UTF_8));
    assertThat(d).as("%s", d).isInstanceOf(Decoded.Bad.class);
    return (Decoded.Bad<MemberReport>) d;
  }

  /** A report document with {@code header} (regroup-uri ... sequence) and {@code steps} spliced in as given. */
  static String doc(String header, String... steps) {
    return "<member-report xmlns=\"urn:muster:ns:memberReport:1.0\">" + header + String.join("", steps) + "</member-report>";
  }

  static String header(String rg, String service, String system, String stream, String sequence) {
    return el("regroup-uri", rg) + el("service", service) + el("reporting-system", system) + el("stream", stream) + el("sequence", sequence);
  }

  static final String HEADER = header("sip:rg@metro.example", "mcptt", "north.example", "s1", "1");

  static String step(String user, String client, String state, String at, String detail) {
    return "<member-step>" + el("user", user) + el("client", client) + el("state", state) + el("at", at) + el("detail", detail) + "</member-step>";
  }

  static final String STEP = step("sip:nf1@north.example", "sip:nf1@192.0.2.7:5070", "ACKNOWLEDGED", "2025-01-01T08:00:00Z", "200 OK");

  static String el(String name, String value) {
    return value == null ? "" : "<" + name + ">" + value + "</" + name + ">";
  }

  // ---- vectors and round trips

  @Test
  void theVectorDecodes() {
    MemberReport r = ok(CT, TestFiles.vector("member-report/north-acknowledged.xml"));

    assertThat(r.regroupGroup()).isEqualTo(RG);
    assertThat(r.service()).isEqualTo(McService.MCPTT);
    assertThat(r.reportingSystem()).isEqualTo("north.example");
    assertThat(r.stream()).isEqualTo("6f0c2d1e-0b7a-4c55-9a55-2f1d3c4b5a69");
    assertThat(r.sequence()).isEqualTo(2);
    assertThat(r.steps()).containsExactly(
        entry(NF1_CLIENT, MemberState.AFFILIATED, T0, "affiliated to the regroup group"),
        // 09:00:00.250+01:00 is 08:00:00.250Z
        entry(NF1_CLIENT, MemberState.ACKNOWLEDGED, Instant.parse("2025-01-01T08:00:00.250Z"), "200 OK"));
  }

  @Test
  void unknownExtensionsPrefixesAndSurroundingWhiteSpaceAreTolerated() {
    MemberReport r = ok(CT + "; charset=UTF-8", TestFiles.vector("member-report/with-extensions.xml"));

    assertThat(r.regroupGroup()).isEqualTo(RG);
    assertThat(r.service()).isEqualTo(McService.MCVIDEO);
    assertThat(r.reportingSystem()).as("a domain compares in lower case").isEqualTo("north.example");
    assertThat(r.steps()).containsExactly(entry(new McServiceClient(McServiceId.of("sip:nv1@north.example"),
        "sip:nv1@[2001:db8::7]:5070;transport=tcp"), MemberState.CANCEL_UNREACHABLE, Instant.parse("2025-01-01T08:00:00Z"), ""));
  }

  @Test
  void everyStateRoundTrips() {
    MemberReport r = report(MemberState.values().length * 2);

    EncodedBody body = MemberReportBody.encode(r);

    assertThat(body.contentType()).isEqualTo(CT);
    assertThat(new String(body.body(), StandardCharsets.UTF_8)).contains("<member-report xmlns=\"urn:muster:ns:memberReport:1.0\">");
    assertThat(ok(body.contentType(), body.body())).isEqualTo(r);
  }

  @Test
  void aFullReportRoundTripsWithinTheSizeBound() {
    MemberReport r = report(MemberReport.MAX_STEPS);

    EncodedBody body = MemberReportBody.encode(r);

    assertThat(body.body().length).isLessThan(MemberReportBody.MAX_BYTES);
    assertThat(ok(CT, body.body())).isEqualTo(r);
  }

  @Test
  void eachServiceRoundTrips() {
    for (McService s : McService.values()) {
      MemberReport r = new MemberReport(RG, s, "north.example", "a.b_c-9", Long.MAX_VALUE, List.of(entry(NF1_CLIENT, MemberState.LEFT, T0, "x")));
      assertThat(ok(CT, MemberReportBody.encode(r).body())).isEqualTo(r);
    }
  }

  // ---- not a member report at all: 415

  @Test
  void anotherContentTypeIsBadOnContentType() {
    Decoded<MemberReport> d = MemberReportBody.decode("application/vnd.3gpp.mcptt-regroup+xml", doc(HEADER, STEP).getBytes(StandardCharsets.UTF_8));

    assertThat(d).isInstanceOf(Decoded.Bad.class);
    assertThat(((Decoded.Bad<MemberReport>) d).field()).isEqualTo("Content-Type");
  }

  // ---- malformed: 400 naming the element

  @Test
  void anotherRootIsBad() {
    var b = bad("<member-report xmlns=\"urn:example:other\">" + HEADER + STEP + "</member-report>");
    assertThat(b.field()).isEqualTo("member-report");
    assertThat(b.reason()).contains("urn:example:other");
  }

  @Test
  void notXmlIsBad() {
    assertThat(bad("regroup-uri=sip:rg@metro.example").field()).isEqualTo("body");
    assertThat(MemberReportBody.decode(CT, new byte[0])).isEqualTo(Decoded.bad("body", "empty"));
  }

  @Test
  void eachMissingHeaderElementIsNamed() {
    assertThat(bad(doc(header(null, "mcptt", "north.example", "s1", "1"), STEP)).message()).isEqualTo("<regroup-uri> missing");
    assertThat(bad(doc(header("sip:rg@metro.example", null, "north.example", "s1", "1"), STEP)).message()).isEqualTo("<service> missing");
    assertThat(bad(doc(header("sip:rg@metro.example", "mcptt", "", "s1", "1"), STEP)).message()).isEqualTo("<reporting-system> missing");
    assertThat(bad(doc(header("sip:rg@metro.example", "mcptt", "north.example", null, "1"), STEP)).message()).isEqualTo("<stream> missing");
    assertThat(bad(doc(header("sip:rg@metro.example", "mcptt", "north.example", "s1", null), STEP)).message()).isEqualTo("<sequence> missing");
  }

  @Test
  void badHeaderValuesAreNamed() {
    assertThat(bad(doc(header("rg@metro.example", "mcptt", "north.example", "s1", "1"), STEP)).message())
        .isEqualTo("<regroup-uri> not a SIP URI: 'rg@metro.example'");
    assertThat(bad(doc(header("sip:rg@metro.example", "tetra", "north.example", "s1", "1"), STEP)).message())
        .isEqualTo("<service> unknown service 'tetra'");
    assertThat(bad(doc(header("sip:rg@metro.example", "mcptt", "sip:mcptt-server@north.example", "s1", "1"), STEP)).field())
        .isEqualTo("reporting-system");
    assertThat(bad(doc(header("sip:rg@metro.example", "mcptt", "north.example:5070", "s1", "1"), STEP)).field())
        .isEqualTo("reporting-system");
    assertThat(bad(doc(header("sip:rg@metro.example", "mcptt", "north.example", "s 1", "1"), STEP)).field()).isEqualTo("stream");
    assertThat(bad(doc(header("sip:rg@metro.example", "mcptt", "north.example", "x".repeat(65), "1"), STEP)).field()).isEqualTo("stream");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "abc", "1.5", "99999999999999999999"})
  void aSequenceNumberThatIsNotFromOneIsBad(String sequence) {
    var b = bad(doc(header("sip:rg@metro.example", "mcptt", "north.example", "s1", sequence), STEP));
    assertThat(b.field()).isEqualTo("sequence");
    assertThat(b.reason()).startsWith("not a number from 1");
  }

  @Test
  void aReportWithoutStepsIsBad() {
    assertThat(bad(doc(HEADER)).message()).isEqualTo("<member-step> missing (1 to 100 per report)");
  }

  @Test
  void aReportWithMoreStepsThanTheBoundIsBad() {
    var b = bad(doc(HEADER, STEP.repeat(MemberReport.MAX_STEPS + 1)));
    assertThat(b.field()).isEqualTo("member-step");
    assertThat(b.reason()).isEqualTo("more than 100 in one report (101)");
  }

  @Test
  void aBadStepIsNamedWithItsPosition() {
    String noUser = step(null, "sip:nf1@192.0.2.7:5070", "ACKNOWLEDGED", "2025-01-01T08:00:00Z", null);
    assertThat(bad(doc(HEADER, STEP, noUser)).message()).isEqualTo("<user> missing (member-step 2)");
    assertThat(bad(doc(HEADER, step("nf1", "sip:nf1@h", "ACKNOWLEDGED", "2025-01-01T08:00:00Z", null))).message())
        .isEqualTo("<user> not a SIP URI: 'nf1' (member-step 1)");
    assertThat(bad(doc(HEADER, step("sip:nf1@north.example", null, "ACKNOWLEDGED", "2025-01-01T08:00:00Z", null))).message())
        .isEqualTo("<client> missing (member-step 1)");
    assertThat(bad(doc(HEADER, step("sip:nf1@north.example", "sip:nf1@h x", "ACKNOWLEDGED", "2025-01-01T08:00:00Z", null))).field())
        .isEqualTo("client");
    assertThat(bad(doc(HEADER, step("sip:nf1@north.example", "sip:" + "c".repeat(1100), "ACKNOWLEDGED", "2025-01-01T08:00:00Z", null)))
        .message()).isEqualTo("<client> longer than 1024 characters (member-step 1)");
    assertThat(bad(doc(HEADER, STEP, STEP, step("sip:nf1@north.example", "sip:nf1@h", "ACKED", "2025-01-01T08:00:00Z", null))).message())
        .isEqualTo("<state> unknown state 'ACKED' (member-step 3)");
    assertThat(bad(doc(HEADER, step("sip:nf1@north.example", "sip:nf1@h", "acknowledged", "2025-01-01T08:00:00Z", null))).field())
        .isEqualTo("state");
    assertThat(bad(doc(HEADER, step("sip:nf1@north.example", "sip:nf1@h", "NOTIFIED", null, null))).message())
        .isEqualTo("<at> missing (member-step 1)");
    assertThat(bad(doc(HEADER, step("sip:nf1@north.example", "sip:nf1@h", "NOTIFIED", "2025-01-01T08:00:00", null))).message())
        .isEqualTo("<at> not a date and time with a time zone: '2025-01-01T08:00:00' (member-step 1)");
    assertThat(bad(doc(HEADER, step("sip:nf1@north.example", "sip:nf1@h", "NOTIFIED", "2025-01-01T08:00:00Z", "d".repeat(513)))).message())
        .isEqualTo("<detail> longer than 512 characters (member-step 1)");
  }

  // ---- size

  @Test
  void aBodyOverTheWireBoundIsBadBeforeAnyParsing() {
    String padding = "<x:pad xmlns:x=\"urn:example:pad\">" + "p".repeat(MemberReportBody.MAX_BYTES) + "</x:pad>";
    var b = bad(doc(HEADER, STEP, padding));
    assertThat(b.field()).isEqualTo("body");
    assertThat(b.reason()).isEqualTo("larger than 65536 bytes");
  }

  @Test
  void aMaliciousValueIsQuotedSafelyInTheReason() {
    var b = bad(doc(header("sip:rg@metro.example", "mc&quot;ptt\\", "north.example", "s1", "1"), STEP));
    assertThat(b.message()).isEqualTo("<service> unknown service 'mc?ptt?'");
  }
}
