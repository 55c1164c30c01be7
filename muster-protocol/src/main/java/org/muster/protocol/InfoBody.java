package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.protocol.xml.BoundXml;
import org.muster.protocol.xml.SafeXml;
import org.muster.protocol.xml.XmlLimits;
import org.muster.protocol.xml.gen.mcdatainfo.McdataParamsType;
import org.muster.protocol.xml.gen.mcdatainfo.McdatainfoType;
import org.muster.protocol.xml.gen.mcpttinfo.McpttParamsType;
import org.muster.protocol.xml.gen.mcpttinfo.McpttinfoType;
import org.muster.protocol.xml.gen.mcvideoinfo.McvideoParamsType;
import org.muster.protocol.xml.gen.mcvideoinfo.McvideoinfoType;

/**
 * The MC service info body ({@code application/vnd.3gpp.mcptt-info+xml} and its MCVideo and
 * MCData equivalents; TS 24.379 F.1, WIRE.md "Regroup bodies" part 1). The root element picks
 * the service. On receipt an MCVideo/MCData URI may be spelled {@code <mcpttURI>} as well as
 * {@code <mcvideoURI>}/{@code <mcdataURI>}; this module writes the service's own spelling.
 */
public final class InfoBody {
  private static final JAXBContext READER =
      SafeXml.context(
          org.muster.protocol.xml.gen.mcpttinfo.ObjectFactory.class,
          org.muster.protocol.xml.gen.mcvideoinfo.ObjectFactory.class,
          org.muster.protocol.xml.gen.mcdatainfo.ObjectFactory.class);
  /** One writer per service: JAXB declares every namespace of a context on the root element. */
  private static final Map<McService, JAXBContext> WRITERS =
      Map.of(
          McService.MCPTT, SafeXml.context(org.muster.protocol.xml.gen.mcpttinfo.ObjectFactory.class),
          McService.MCVIDEO, SafeXml.context(org.muster.protocol.xml.gen.mcvideoinfo.ObjectFactory.class),
          McService.MCDATA, SafeXml.context(org.muster.protocol.xml.gen.mcdatainfo.ObjectFactory.class));

  private InfoBody() {}

  /** urn:3gpp:ns:mcpttInfo:1.0, urn:3gpp:ns:mcvideoInfo:1.0, urn:3gpp:ns:mcdataInfo:1.0. */
  public static String namespace(McService service) {
    return "urn:3gpp:ns:" + service.word() + "Info:1.0";
  }

  /** Decodes an info body of any of the three services. */
  public static Decoded<InfoDocument> decode(byte[] body) {
    return decode(body, XmlLimits.WIRE, Optional.empty());
  }

  /** Decodes within {@code limits}; with {@code expected}, a root of another service is Bad. */
  static Decoded<InfoDocument> decode(byte[] body, XmlLimits limits, Optional<McService> expected) {
    Set<QName> roots = new HashSet<>();
    for (McService s : expected.map(Set::of).orElse(Set.of(McService.values()))) roots.add(root(s));
    String rootField = expected.orElse(McService.MCPTT).word() + "info";
    return SafeXml.read(body, limits, READER, roots, rootField).flatMap(InfoBody::fromBound);
  }

  public static byte[] encode(InfoDocument doc) {
    Object root =
        switch (doc.service()) {
          case MCPTT -> InfoXmlWriter.mcptt(doc);
          case MCVIDEO -> InfoXmlWriter.mcvideo(doc);
          case MCDATA -> InfoXmlWriter.mcdata(doc);
        };
    return SafeXml.write(WRITERS.get(doc.service()), root, Map.of(namespace(doc.service()), ""));
  }

  /** The URI holder of one element: the service's own spelling and the MCPTT spelling. */
  private record Uri(String own, String mcptt) {}

  /** The elements the profile reads, whichever service's classes they came from. */
  private record Fields(Uri request, Uri calling, Boolean broadcast) {}

  private static QName root(McService s) {
    return new QName(namespace(s), s.word() + "info");
  }

  private static Decoded<InfoDocument> fromBound(BoundXml bound) {
    McService service = McService.MCPTT;
    for (McService s : McService.values()) {
      if (bound.root().equals(root(s))) service = s;
    }
    String expectedRoot = service.word() + "info";
    Object value = bound.value() instanceof JAXBElement<?> e ? e.getValue() : bound.value();
    Fields f;
    if (value instanceof McpttinfoType t) f = fields(t.getMcpttParams());
    else if (value instanceof McvideoinfoType t) f = fields(t.getMcvideoParams());
    else if (value instanceof McdatainfoType t) f = fields(t.getMcdataParams());
    else return Decoded.bad(expectedRoot, "does not bind");
    return toDocument(service, f);
  }

  private static Fields fields(McpttParamsType p) {
    if (p == null) return new Fields(null, null, null);
    var r = p.getMcpttRequestUri();
    var c = p.getMcpttCallingUserId();
    return new Fields(
        r == null ? null : new Uri(r.getMcpttURI(), null), c == null ? null : new Uri(c.getMcpttURI(), null), p.isBroadcastInd());
  }

  private static Fields fields(McvideoParamsType p) {
    if (p == null) return new Fields(null, null, null);
    var r = p.getMcvideoRequestUri();
    var c = p.getMcvideoCallingUserId();
    return new Fields(
        r == null ? null : new Uri(r.getMcvideoURI(), r.getMcpttURI()),
        c == null ? null : new Uri(c.getMcvideoURI(), c.getMcpttURI()),
        p.isBroadcastInd());
  }

  private static Fields fields(McdataParamsType p) {
    if (p == null) return new Fields(null, null, null);
    var r = p.getMcdataRequestUri();
    var c = p.getMcdataCallingUserId();
    return new Fields(
        r == null ? null : new Uri(r.getMcdataURI(), r.getMcpttURI()),
        c == null ? null : new Uri(c.getMcdataURI(), c.getMcpttURI()),
        p.isBroadcastInd());
  }

  private static Decoded<InfoDocument> toDocument(McService s, Fields f) {
    Decoded<Optional<McServiceId>> request = user(s, s.word() + "-request-uri", f.request());
    Decoded<Optional<McServiceId>> calling = user(s, s.word() + "-calling-user-id", f.calling());
    return request.flatMap(
        r -> calling.map(c -> new InfoDocument(s, c, r, Boolean.TRUE.equals(f.broadcast()))));
  }

  private static Decoded<Optional<McServiceId>> user(McService s, String field, Uri uri) {
    if (uri == null) return Decoded.ok(Optional.empty());
    String own = s.word() + "URI";
    if (uri.own() != null && uri.mcptt() != null) {
      return Decoded.bad(field, "has both <" + own + "> and <mcpttURI>");
    }
    String text = uri.own() != null ? uri.own() : uri.mcptt();
    if (text == null) return Decoded.bad(field, "<" + own + "> missing");
    String trimmed = text.strip();
    if (!SipUri.isValid(trimmed)) return Decoded.bad(field, "not a SIP URI: " + Decoded.quote(trimmed));
    return Decoded.ok(Optional.of(McServiceId.of(trimmed)));
  }
}
