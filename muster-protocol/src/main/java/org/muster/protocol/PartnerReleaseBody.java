package org.muster.protocol;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import org.muster.core.regroup.PartnerRelease;
import org.muster.protocol.decode.Decoded;
import org.muster.protocol.xml.BoundXml;
import org.muster.protocol.xml.SafeXml;
import org.muster.protocol.xml.XmlLimits;
import org.muster.protocol.xml.gen.partnerrelease.ObjectFactory;
import org.muster.protocol.xml.gen.partnerrelease.PartnerReleaseType;

/**
 * Muster's partner release body ({@code application/vnd.muster.partner-release+xml}, namespace
 * {@code urn:muster:ns:partnerRelease:1.0}, schema {@code partnerRelease.xsd}): an extension beyond
 * WIRE.md that a partner server sends to the primary server of a regroup when it ended its part
 * of it on its own ({@link PartnerRelease}).
 *
 * <pre>{@code
 * <partner-release xmlns="urn:muster:ns:partnerRelease:1.0">
 *   <regroup-uri>sip:rg-joint@metro.example</regroup-uri>
 *   <service>mcptt</service>
 *   <reporting-system>north.example</reporting-system>
 *   <released-by>alice</released-by>
 *   <at>2025-01-01T08:00:00.125Z</at>
 *   <reason>metro is gone for good</reason>
 * </partner-release>
 * }</pre>
 *
 * Read within {@link XmlLimits#WIRE} by the hardened {@link SafeXml}, every value checked here: a
 * bad one is a {@link Decoded.Bad} naming the element, never an exception.
 */
public final class PartnerReleaseBody {
  public static final String CONTENT_TYPE = BodyTypes.PARTNER_RELEASE;
  public static final String NAMESPACE = "urn:muster:ns:partnerRelease:1.0";
  private static final QName ROOT = new QName(NAMESPACE, "partner-release");
  private static final JAXBContext CONTEXT = SafeXml.context(ObjectFactory.class);

  private PartnerReleaseBody() {}

  /** Decodes a partner release; a Bad on field {@code Content-Type} means another kind of body. */
  public static Decoded<PartnerRelease> decode(String contentType, byte[] body) {
    if (!BodyTypes.isPartnerRelease(contentType)) {
      return Decoded.bad("Content-Type", "not a partner release: " + Decoded.quote(contentType));
    }
    return SafeXml.read(body, XmlLimits.WIRE, CONTEXT, Set.of(ROOT), "partner-release").flatMap(PartnerReleaseBody::fromBound);
  }

  public static EncodedBody encode(PartnerRelease r) {
    ObjectFactory f = new ObjectFactory();
    PartnerReleaseType t = f.createPartnerReleaseType();
    t.setRegroupUri(r.regroupGroup().uri());
    t.setService(r.service().word());
    t.setReportingSystem(r.reportingSystem());
    t.setReleasedBy(r.releasedBy());
    t.setAt(r.at().toString());
    if (!r.reason().isEmpty()) t.setReason(r.reason());
    return new EncodedBody(CONTENT_TYPE, SafeXml.write(CONTEXT, f.createPartnerRelease(t), Map.of(NAMESPACE, "")));
  }

  private static Decoded<PartnerRelease> fromBound(BoundXml bound) {
    if (!(bound.value() instanceof JAXBElement<?> e) || !(e.getValue() instanceof PartnerReleaseType t)) {
      return Decoded.bad("partner-release", "does not bind");
    }
    Decoded<McServiceGroupId> regroupGroup = required("regroup-uri", t.getRegroupUri()).flatMap(v -> SipUri.isValid(v)
        ? Decoded.ok(McServiceGroupId.of(v)) : Decoded.bad("regroup-uri", "not a SIP URI: " + Decoded.quote(v)));
    Decoded<McService> service = required("service", t.getService()).flatMap(v -> McService.fromWord(v)
        .<Decoded<McService>>map(Decoded::ok).orElseGet(() -> Decoded.bad("service", "unknown service " + Decoded.quote(v))));
    Decoded<String> system = required("reporting-system", t.getReportingSystem()).flatMap(v -> isDomain(v)
        ? Decoded.ok(v.toLowerCase(Locale.ROOT)) : Decoded.bad("reporting-system", "not a SIP domain: " + Decoded.quote(v)));
    Decoded<String> by = required("released-by", t.getReleasedBy()).flatMap(v -> PartnerRelease.isName(v)
        ? Decoded.ok(v) : Decoded.bad("released-by", "not a name of 1 to " + PartnerRelease.MAX_BY + " characters on one line"));
    Decoded<Instant> at = required("at", t.getAt()).flatMap(PartnerReleaseBody::instant);
    String reason = t.getReason() == null ? "" : t.getReason().strip();
    if (reason.length() > PartnerRelease.MAX_REASON || reason.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Decoded.bad("reason", "longer than " + PartnerRelease.MAX_REASON + " characters or not one line");
    }
    return regroupGroup.flatMap(rg -> service.flatMap(s -> system.flatMap(sys -> by.flatMap(b -> at.map(
        when -> new PartnerRelease(rg, s, sys, b, reason, when))))));
  }

  private static Decoded<String> required(String field, String value) {
    return MemberReportBody.required(field, value, "");
  }

  private static Decoded<Instant> instant(String v) {
    return MemberReportBody.instant(v, "");
  }

  private static boolean isDomain(String v) {
    return MemberReportBody.isDomain(v);
  }
}
