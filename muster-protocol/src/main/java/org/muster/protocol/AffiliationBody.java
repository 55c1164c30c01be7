package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.protocol.xml.BoundXml;
import org.muster.protocol.xml.SafeXml;
import org.muster.protocol.xml.XmlLimits;
import org.muster.protocol.xml.gen.pidf.Presence;
import org.muster.protocol.xml.gen.pidf.Status;
import org.muster.protocol.xml.gen.pidf.Tuple;

/**
 * Affiliation PUBLISH bodies (WIRE.md "Affiliation: PUBLISH", TS 24.379 clause 9): a pidf
 * document whose {@code entity} is the MC service ID, with one {@code <tuple id="CLIENT-ID">}
 * whose {@code <status>} holds one {@code <affiliation group="..." status="affiliating"/>} per
 * wanted group. The namespace of the affiliation elements picks the service.
 *
 * <p>Rule for a tuple without any affiliation element (the client wants no group): the body
 * cannot name the service, so it is taken from the PSI the PUBLISH was addressed to, when the
 * caller passes it to {@link #decode(byte[], Optional)}; otherwise the result is
 * {@code Bad("affiliation", "no affiliation element: service unknown")}. When both are known
 * they must agree. Affiliation elements with another status (affiliated, deaffiliating) are not
 * wanted groups but still name the service; every group URI must be a SIP URI.
 */
public final class AffiliationBody {
  public static final String CONTENT_TYPE = BodyTypes.PIDF;
  static final String PIDF = "urn:ietf:params:xml:ns:pidf";
  private static final QName PRESENCE = new QName(PIDF, "presence");
  private static final JAXBContext READER =
      SafeXml.context(
          org.muster.protocol.xml.gen.pidf.ObjectFactory.class,
          org.muster.protocol.xml.gen.mcpttpresinfo.ObjectFactory.class,
          org.muster.protocol.xml.gen.mcvideopresinfo.ObjectFactory.class,
          org.muster.protocol.xml.gen.mcdatapresinfo.ObjectFactory.class);
  /** One writer per service: JAXB declares every namespace of a context on the root element. */
  private static final Map<McService, JAXBContext> WRITERS =
      Map.of(
          McService.MCPTT, SafeXml.context(org.muster.protocol.xml.gen.pidf.ObjectFactory.class, org.muster.protocol.xml.gen.mcpttpresinfo.ObjectFactory.class),
          McService.MCVIDEO, SafeXml.context(org.muster.protocol.xml.gen.pidf.ObjectFactory.class, org.muster.protocol.xml.gen.mcvideopresinfo.ObjectFactory.class),
          McService.MCDATA, SafeXml.context(org.muster.protocol.xml.gen.pidf.ObjectFactory.class, org.muster.protocol.xml.gen.mcdatapresinfo.ObjectFactory.class));

  private AffiliationBody() {}

  /** urn:3gpp:ns:mcpttPresInfo:1.0, urn:3gpp:ns:mcvideoPresInfo:1.0, urn:3gpp:ns:mcdataPresInfo:1.0. */
  public static String namespace(McService service) {
    return "urn:3gpp:ns:" + service.word() + "PresInfo:1.0";
  }

  /** Decodes a body whose affiliation elements name the service (see the class comment). */
  public static Decoded<AffiliationDocument> decode(byte[] body) {
    return decode(body, Optional.empty(), XmlLimits.WIRE);
  }

  /** Decodes a PUBLISH body addressed to the PSI of {@code psiService} (empty: not to a PSI). */
  public static Decoded<AffiliationDocument> decode(byte[] body, Optional<McService> psiService) {
    return decode(body, psiService, XmlLimits.WIRE);
  }

  static Decoded<AffiliationDocument> decode(byte[] body, Optional<McService> psiService, XmlLimits limits) {
    return SafeXml.read(body, limits, READER, Set.of(PRESENCE), "presence").flatMap(bound -> fromBound(bound, psiService));
  }

  public static byte[] encode(AffiliationDocument doc) {
    var f = new org.muster.protocol.xml.gen.pidf.ObjectFactory();
    Status status = f.createStatus();
    for (McServiceGroupId g : doc.groups()) status.getAny().add(PresInfoXml.affiliating(doc.service(), g.uri()));
    Tuple tuple = f.createTuple();
    tuple.setId(doc.clientId());
    tuple.setStatus(status);
    Presence presence = f.createPresence();
    presence.setEntity(doc.entity().uri());
    presence.getTuple().add(tuple);
    String prefix = doc.service().word() + "PI10";
    return SafeXml.write(WRITERS.get(doc.service()), f.createPresence(presence), Map.of(PIDF, "", namespace(doc.service()), prefix));
  }

  private static Decoded<AffiliationDocument> fromBound(BoundXml bound, Optional<McService> psiService) {
    if (!(bound.value() instanceof JAXBElement<?> e) || !(e.getValue() instanceof Presence presence)) {
      return Decoded.bad("presence", "does not bind");
    }
    String entity = presence.getEntity() == null ? null : presence.getEntity().strip();
    if (entity == null) return Decoded.bad("presence@entity", "missing");
    if (!SipUri.isValid(entity)) return Decoded.bad("presence@entity", "not a SIP URI: " + Decoded.quote(entity));
    if (presence.getTuple().isEmpty()) return Decoded.bad("tuple", "missing");
    if (presence.getTuple().size() > 1) return Decoded.bad("tuple", "more than one (one tuple per client)");
    Tuple tuple = presence.getTuple().get(0);
    String clientId = tuple.getId() == null ? "" : tuple.getId().strip();
    if (clientId.isEmpty()) return Decoded.bad("tuple@id", "missing");
    List<PresInfoXml.Affiliation> elements = tuple.getStatus() == null ? List.of() : PresInfoXml.affiliations(tuple.getStatus().getAny());
    return service(elements, psiService)
        .flatMap(s -> wanted(elements).map(groups -> new AffiliationDocument(McServiceId.of(entity), clientId, s, groups)));
  }

  private static Decoded<McService> service(List<PresInfoXml.Affiliation> elements, Optional<McService> psiService) {
    Set<McService> named = elements.stream().map(PresInfoXml.Affiliation::service).collect(Collectors.toCollection(() -> EnumSet.noneOf(McService.class)));
    if (named.size() > 1) {
      return Decoded.bad("affiliation", "mixes MC services: " + named.stream().map(McService::word).collect(Collectors.joining(", ")));
    }
    if (named.isEmpty()) {
      return psiService.map(Decoded::ok).orElseGet(() -> Decoded.bad("affiliation", "no affiliation element: service unknown"));
    }
    McService s = named.iterator().next();
    if (psiService.isPresent() && psiService.get() != s) {
      return Decoded.bad("affiliation", "namespace is " + s.word() + " but the PUBLISH went to the " + psiService.get().word() + " PSI");
    }
    return Decoded.ok(s);
  }

  private static Decoded<List<McServiceGroupId>> wanted(List<PresInfoXml.Affiliation> elements) {
    Set<McServiceGroupId> groups = new LinkedHashSet<>();
    for (PresInfoXml.Affiliation a : elements) {
      String group = a.group() == null ? null : a.group().strip();
      if (group == null) return Decoded.bad("affiliation@group", "missing");
      if (!SipUri.isValid(group)) return Decoded.bad("affiliation@group", "not a SIP URI: " + Decoded.quote(group));
      if (a.wanted()) groups.add(McServiceGroupId.of(group));
    }
    if (groups.size() > RegroupTargets.MAX_ENTRIES) {
      return Decoded.bad("affiliation", "more than " + RegroupTargets.MAX_ENTRIES + " groups");
    }
    return Decoded.ok(new ArrayList<>(groups));
  }
}
