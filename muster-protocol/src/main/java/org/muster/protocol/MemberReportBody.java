package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.core.regroup.MemberReport;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.protocol.xml.BoundXml;
import org.muster.protocol.xml.SafeXml;
import org.muster.protocol.xml.XmlLimits;
import org.muster.protocol.xml.gen.memberreport.MemberReportType;
import org.muster.protocol.xml.gen.memberreport.MemberStepType;
import org.muster.protocol.xml.gen.memberreport.ObjectFactory;

/**
 * Muster's member report body ({@code application/vnd.muster.member-report+xml}, namespace
 * {@code urn:muster:ns:memberReport:1.0}, schema {@code memberReport.xsd}): an extension beyond
 * WIRE.md that a partner server sends to the primary server of a regroup spanning MC systems
 * (TS 23.280 10.xx.3.3) with the steps of the clients it serves ({@link MemberReport}).
 *
 * <pre>{@code
 * <member-report xmlns="urn:muster:ns:memberReport:1.0">
 *   <regroup-uri>sip:rg-joint@metro.example</regroup-uri>
 *   <service>mcptt</service>
 *   <reporting-system>north.example</reporting-system>
 *   <stream>3f2a9c</stream>
 *   <sequence>4</sequence>
 *   <member-step>
 *     <user>sip:nf1@north.example</user>
 *     <client>sip:nf1@192.0.2.7:5070</client>
 *     <state>ACKNOWLEDGED</state>
 *     <at>2025-01-01T08:00:00.125Z</at>
 *     <detail>200 OK</detail>
 *   </member-step>
 * </member-report>
 * }</pre>
 *
 * Read like every other body: within {@link XmlLimits#WIRE} (64 KiB) by the hardened two-pass
 * {@link SafeXml}, then every value checked here, so a bad report is a {@link Decoded.Bad} naming
 * the element (and the step's position), never an exception. At most {@link MemberReport#MAX_STEPS}
 * steps per report. Unknown extension elements and attributes are ignored; element order is not
 * checked on receipt.
 */
public final class MemberReportBody {
  public static final String CONTENT_TYPE = BodyTypes.MEMBER_REPORT;
  public static final String NAMESPACE = "urn:muster:ns:memberReport:1.0";
  /** Largest body this module reads (and a partner sends): the wire profile's bound. */
  public static final int MAX_BYTES = XmlLimits.WIRE.maxBytes();
  private static final QName ROOT = new QName(NAMESPACE, "member-report");
  private static final JAXBContext CONTEXT = SafeXml.context(ObjectFactory.class);

  private MemberReportBody() {}

  /** Decodes a member report; a Bad on field {@code Content-Type} means another kind of body (415). */
  public static Decoded<MemberReport> decode(String contentType, byte[] body) {
    if (!BodyTypes.isMemberReport(contentType)) {
      return Decoded.bad("Content-Type", "not a member report: " + Decoded.quote(contentType));
    }
    return decode(body, XmlLimits.WIRE);
  }

  static Decoded<MemberReport> decode(byte[] body, XmlLimits limits) {
    return SafeXml.read(body, limits, CONTEXT, Set.of(ROOT), "member-report").flatMap(MemberReportBody::fromBound);
  }

  public static EncodedBody encode(MemberReport report) {
    ObjectFactory f = new ObjectFactory();
    MemberReportType t = f.createMemberReportType();
    t.setRegroupUri(report.regroupGroup().uri());
    t.setService(report.service().word());
    t.setReportingSystem(report.reportingSystem());
    t.setStream(report.stream());
    t.setSequence(Long.toString(report.sequence()));
    for (MemberReport.Entry e : report.steps()) {
      MemberStepType s = f.createMemberStepType();
      s.setUser(e.client().user().uri());
      s.setClient(e.client().contact());
      s.setState(e.step().state().name());
      s.setAt(e.step().at().toString());
      if (!e.step().detail().isEmpty()) s.setDetail(e.step().detail());
      t.getMemberStep().add(s);
    }
    return new EncodedBody(CONTENT_TYPE, SafeXml.write(CONTEXT, f.createMemberReport(t), Map.of(NAMESPACE, "")));
  }

  private static Decoded<MemberReport> fromBound(BoundXml bound) {
    if (!(bound.value() instanceof JAXBElement<?> e) || !(e.getValue() instanceof MemberReportType t)) {
      return Decoded.bad("member-report", "does not bind");
    }
    Decoded<McServiceGroupId> regroupGroup = required("regroup-uri", t.getRegroupUri(), "").flatMap(v -> SipUri.isValid(v)
        ? Decoded.ok(McServiceGroupId.of(v)) : Decoded.bad("regroup-uri", "not a SIP URI: " + Decoded.quote(v)));
    Decoded<McService> service = required("service", t.getService(), "").flatMap(v -> McService.fromWord(v)
        .<Decoded<McService>>map(Decoded::ok).orElseGet(() -> Decoded.bad("service", "unknown service " + Decoded.quote(v))));
    Decoded<String> system = required("reporting-system", t.getReportingSystem(), "").flatMap(v -> isDomain(v)
        ? Decoded.ok(v.toLowerCase(Locale.ROOT)) : Decoded.bad("reporting-system", "not a SIP domain: " + Decoded.quote(v)));
    Decoded<String> stream = required("stream", t.getStream(), "").flatMap(v -> MemberReport.isStreamToken(v)
        ? Decoded.ok(v) : Decoded.bad("stream", "not 1 to 64 of A-Z a-z 0-9 . _ -: " + Decoded.quote(v)));
    Decoded<Long> sequence = required("sequence", t.getSequence(), "").flatMap(MemberReportBody::sequence);
    Decoded<List<MemberReport.Entry>> steps = steps(t.getMemberStep());
    return regroupGroup.flatMap(rg -> service.flatMap(s -> system.flatMap(sys -> stream.flatMap(st -> sequence.flatMap(
        seq -> steps.map(list -> new MemberReport(rg, s, sys, st, seq, list)))))));
  }

  private static Decoded<List<MemberReport.Entry>> steps(List<MemberStepType> bound) {
    if (bound.isEmpty()) return Decoded.bad("member-step", "missing (1 to " + MemberReport.MAX_STEPS + " per report)");
    if (bound.size() > MemberReport.MAX_STEPS) {
      return Decoded.bad("member-step", "more than " + MemberReport.MAX_STEPS + " in one report (" + bound.size() + ")");
    }
    List<MemberReport.Entry> out = new ArrayList<>(bound.size());
    for (int i = 0; i < bound.size(); i++) {
      Decoded<MemberReport.Entry> entry = entry(bound.get(i), " (member-step " + (i + 1) + ")");
      if (entry instanceof Decoded.Bad<MemberReport.Entry> b) return b.retype();
      out.add(((Decoded.Ok<MemberReport.Entry>) entry).value());
    }
    return Decoded.ok(out);
  }

  private static Decoded<MemberReport.Entry> entry(MemberStepType s, String where) {
    Decoded<McServiceId> user = required("user", s.getUser(), where).flatMap(v -> SipUri.isValid(v)
        ? Decoded.ok(McServiceId.of(v)) : Decoded.bad("user", "not a SIP URI: " + Decoded.quote(v) + where));
    Decoded<String> client = required("client", s.getClient() == null ? null : s.getClient().strip(), where).flatMap(v -> client(v, where));
    Decoded<MemberState> state = required("state", s.getState(), where).flatMap(v -> state(v, where));
    Decoded<Instant> at = required("at", s.getAt(), where).flatMap(v -> instant(v, where));
    String detail = s.getDetail() == null ? "" : s.getDetail().strip();
    if (detail.length() > MemberReport.MAX_DETAIL) {
      return Decoded.bad("detail", "longer than " + MemberReport.MAX_DETAIL + " characters" + where);
    }
    return user.flatMap(u -> client.flatMap(c -> state.flatMap(st -> at.map(
        when -> new MemberReport.Entry(new McServiceClient(u, c), new MemberStep(st, when, detail))))));
  }

  static Decoded<String> required(String field, String value, String where) {
    if (value == null || value.isBlank()) return Decoded.bad(field, "missing" + where);
    return Decoded.ok(value.strip());
  }

  private static Decoded<Long> sequence(String v) {
    try {
      long n = Long.parseLong(v);
      if (n >= 1) return Decoded.ok(n);
    } catch (NumberFormatException e) {
      // named below
    }
    return Decoded.bad("sequence", "not a number from 1: " + Decoded.quote(v));
  }

  private static Decoded<String> client(String v, String where) {
    if (v.length() > MemberReport.MAX_CLIENT) {
      return Decoded.bad("client", "longer than " + MemberReport.MAX_CLIENT + " characters" + where);
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= 0x20 || c == 0x7f) return Decoded.bad("client", "has white space or control characters: " + Decoded.quote(v) + where);
    }
    return Decoded.ok(v);
  }

  private static Decoded<MemberState> state(String v, String where) {
    for (MemberState s : MemberState.values()) if (s.name().equals(v)) return Decoded.ok(s);
    return Decoded.bad("state", "unknown state " + Decoded.quote(v) + where);
  }

  /** xs:dateTime with a time zone (RFC 3339), e.g. {@code 2025-01-01T08:00:00.125Z}. */
  static Decoded<Instant> instant(String v, String where) {
    try {
      return Decoded.ok(OffsetDateTime.parse(v).toInstant());
    } catch (DateTimeParseException e) {
      return Decoded.bad("at", "not a date and time with a time zone: " + Decoded.quote(v) + where);
    }
  }

  /** A SIP domain as the host part of an identity: {@code north.example}, no user, port or parameters. */
  static boolean isDomain(String v) {
    String uri = "sip:" + v;
    return v.indexOf('@') < 0 && SipUri.isValid(uri) && SipUri.domain(uri).equals(v.toLowerCase(Locale.ROOT));
  }
}
