package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.protocol.xml.BoundXml;
import org.muster.protocol.xml.SafeXml;
import org.muster.protocol.xml.XmlLimits;
import org.muster.protocol.xml.gen.regroup.ObjectFactory;
import org.muster.protocol.xml.gen.regroup.PreconfigGroupIdType;
import org.muster.protocol.xml.gen.regroup.RegroupActionType;
import org.muster.protocol.xml.gen.regroup.RegroupParamsType;
import org.muster.protocol.xml.gen.regroup.RegroupType;
import org.muster.protocol.xml.gen.regroup.UriListType;
import org.muster.protocol.xml.gen.regroup.UriType;

/**
 * The preconfigured regroup document (TS 24.379 Annex F.7 as profiled by WIRE.md) to and from a
 * {@link RegroupDocument} without its info part fields. Element names per service: root
 * {@code mcpttregroup}, {@code mcpttregroup-Params}, {@code mcptt-regroup-uri} (and mcvideo,
 * mcdata); every URI element is {@code <mcpttURI>} (WIRE.md profile).
 */
final class RegroupXml {
  static final String NAMESPACE = "urn:3gpp:ns:preconfiguredRegroup:1.0";
  private static final JAXBContext CONTEXT = SafeXml.context(ObjectFactory.class);

  private RegroupXml() {}

  static String rootName(McService s) {
    return s.word() + "regroup";
  }

  static String paramsName(McService s) {
    return s.word() + "regroup-Params";
  }

  static String regroupUriName(McService s) {
    return s.word() + "-regroup-uri";
  }

  /** Decodes a regroup document whose Content-Type said {@code service}. */
  static Decoded<RegroupDocument> decode(byte[] body, XmlLimits limits, McService service) {
    QName root = new QName(NAMESPACE, rootName(service));
    return SafeXml.read(body, limits, CONTEXT, Set.of(root), rootName(service)).flatMap(bound -> fromBound(bound, service));
  }

  private static Decoded<RegroupDocument> fromBound(BoundXml bound, McService service) {
    String rootName = rootName(service);
    if (!(bound.value() instanceof JAXBElement<?> e) || !(e.getValue() instanceof RegroupType doc)) {
      return Decoded.bad(rootName, "does not bind");
    }
    JAXBElement<RegroupParamsType> params = doc.getRegroupParams();
    String paramsName = paramsName(service);
    if (params == null) return Decoded.bad(paramsName, "missing");
    if (!params.getName().getLocalPart().equals(paramsName)) {
      return Decoded.bad(paramsName, "missing (found <" + params.getName().getLocalPart() + ">)");
    }
    if (bound.childrenOf(doc).size() > 1) return Decoded.bad(paramsName, "appears more than once");
    return RegroupRules.check(service, params.getValue(), bound.childrenOf(params.getValue()));
  }

  /** The regroup part of {@code doc} as an XML document. */
  static byte[] encode(RegroupDocument doc) {
    ObjectFactory f = new ObjectFactory();
    McService s = doc.service();
    RegroupParamsType p = f.createRegroupParamsType();
    PreconfigGroupIdType preconfig = f.createPreconfigGroupIdType();
    doc.configurationGroup().ifPresent(g -> preconfig.setPreconfiguredGroup(g.uri()));
    p.setPreconfigGroupId(preconfig);
    UriType uri = f.createUriType();
    uri.setMcpttURI(doc.regroupGroup().uri());
    p.setRegroupUri(
        switch (s) {
          case MCPTT -> f.createMcpttRegroupUri(uri);
          case MCVIDEO -> f.createMcvideoRegroupUri(uri);
          case MCDATA -> f.createMcdataRegroupUri(uri);
        });
    doc.targets().ifPresent(t -> setList(f, p, t));
    RegroupActionType action = f.createRegroupActionType();
    action.setValue(doc.action().wire());
    p.setRegroupAction(action);
    doc.expires().ifPresent(e -> p.getAny().add(new JAXBElement<>(RegroupExpiryXml.NAME, String.class, RegroupExpiryXml.text(e))));
    RegroupType root = f.createRegroupType();
    root.setRegroupParams(
        switch (s) {
          case MCPTT -> f.createMcpttregroupParams(p);
          case MCVIDEO -> f.createMcvideoregroupParams(p);
          case MCDATA -> f.createMcdataregroupParams(p);
        });
    JAXBElement<RegroupType> element =
        switch (s) {
          case MCPTT -> f.createMcpttregroup(root);
          case MCVIDEO -> f.createMcvideoregroup(root);
          case MCDATA -> f.createMcdataregroup(root);
        };
    return SafeXml.write(CONTEXT, element, Map.of(NAMESPACE, ""));
  }

  private static void setList(ObjectFactory f, RegroupParamsType p, RegroupTargets targets) {
    UriListType list = f.createUriListType();
    if (targets instanceof RegroupTargets.Groups g) {
      g.groups().forEach(id -> list.getMcpttURI().add(id.uri()));
      p.setGroupsForRegroup(list);
    } else if (targets instanceof RegroupTargets.Users u) {
      u.users().forEach(id -> list.getMcpttURI().add(id.uri()));
      p.setUsersForRegroup(list);
    }
  }

  /** Element names of a bound child of {@code *-Params}, for messages. */
  static String nameOf(Object child, RegroupParamsType p) {
    if (child instanceof PreconfigGroupIdType) return "preconfig-group-id";
    if (child instanceof JAXBElement<?> e) return e.getName().getLocalPart();
    if (child instanceof UriListType) return child == p.getUsersForRegroup() ? "users-for-regroup" : "groups-for-regroup";
    if (child instanceof RegroupActionType) return "regroup-action";
    return "?";
  }

  /** Position of a bound child in the xs:sequence of {@code *-Params}; -1 for others. */
  static int rank(Object child) {
    if (child instanceof PreconfigGroupIdType) return 0;
    if (child instanceof JAXBElement<?> e && e.getValue() instanceof UriType) return 1;
    if (child instanceof UriListType) return 2;
    if (child instanceof RegroupActionType) return 3;
    return -1;
  }

  static List<String> sequence(McService s) {
    return List.of("preconfig-group-id", regroupUriName(s), "groups-for-regroup | users-for-regroup", "regroup-action");
  }
}
