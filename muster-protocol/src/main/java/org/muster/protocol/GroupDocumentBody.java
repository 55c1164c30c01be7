package org.muster.protocol;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.protocol.decode.Decoded;
import org.muster.protocol.xml.BoundXml;
import org.muster.protocol.xml.SafeXml;
import org.muster.protocol.xml.XmlLimits;
import org.muster.protocol.xml.gen.groupdoc.EntryType;
import org.muster.protocol.xml.gen.groupdoc.GroupType;
import org.muster.protocol.xml.gen.groupdoc.MembersType;
import org.muster.protocol.xml.gen.groupdoc.ObjectFactory;

/**
 * Muster's group document body ({@code application/vnd.muster.group+xml}, namespace {@code
 * urn:muster:ns:groupDocument:1.0}, schema {@code groupDocument.xsd}): the group management
 * server's document for one MC service group, what an operator GETs and PUTs over the GMS's
 * XCAP-style HTTP API, in the spirit of TS 24.481 group documents ({@link GroupDocument}).
 *
 * <pre>{@code
 * <group xmlns="urn:muster:ns:groupDocument:1.0" uri="sip:fire@metro.example">
 *   <display-name>Fire brigade</display-name>
 *   <service>mcptt</service>
 *   <service>mcvideo</service>
 *   <preconfigured-regroup-only>false</preconfigured-regroup-only>
 *   <broadcast>false</broadcast>
 *   <members>
 *     <entry uri="sip:ff1@metro.example"/>
 *   </members>
 * </group>
 * }</pre>
 *
 * Read like every other body by the hardened two-pass {@link SafeXml}, but within {@link
 * XmlLimits#GROUP_DOCUMENT} (1 MiB, {@link #MAX_BYTES}): a group of {@link
 * GroupDocument#MAX_MEMBERS} members takes some 600 KB. Every value is checked here, so a bad
 * document is a {@link Decoded.Bad} naming the element (and an entry's position), never an
 * exception. Optional on receipt: {@code display-name}, {@code service} (none means all three),
 * the two flags (default {@code false}) and {@code members} (absent means none); each at most
 * once. Unknown extension elements and attributes are ignored; element order is not checked.
 *
 * <p>{@link #encode} writes every value explicitly (each service, both flags, {@code members}
 * even when empty) and does not bound the size: 10,000 members with long URIs can exceed {@link
 * #MAX_BYTES}; a sender checks the encoded length.
 */
public final class GroupDocumentBody {
  public static final String CONTENT_TYPE = BodyTypes.GROUP_DOCUMENT;
  public static final String NAMESPACE = "urn:muster:ns:groupDocument:1.0";
  /** Largest body this module reads: {@link XmlLimits#GROUP_DOCUMENT}'s bound, 1 MiB. */
  public static final int MAX_BYTES = XmlLimits.GROUP_DOCUMENT.maxBytes();
  private static final QName ROOT = new QName(NAMESPACE, "group");
  private static final JAXBContext CONTEXT = SafeXml.context(ObjectFactory.class);

  private GroupDocumentBody() {}

  /** Decodes a group document; a Bad on field {@code Content-Type} means another kind of body (415). */
  public static Decoded<GroupDocument> decode(String contentType, byte[] body) {
    if (!BodyTypes.isGroupDocument(contentType)) {
      return Decoded.bad("Content-Type", "not a group document: " + Decoded.quote(contentType));
    }
    return decode(body, XmlLimits.GROUP_DOCUMENT);
  }

  static Decoded<GroupDocument> decode(byte[] body, XmlLimits limits) {
    return SafeXml.read(body, limits, CONTEXT, Set.of(ROOT), "group").flatMap(GroupDocumentBody::fromBound);
  }

  public static EncodedBody encode(GroupDocument document) {
    ObjectFactory f = new ObjectFactory();
    GroupType t = f.createGroupType();
    t.setUri(document.uri().uri());
    document.displayName().ifPresent(t.getDisplayName()::add);
    for (McService service : document.services()) t.getService().add(service.word());
    t.getPreconfiguredRegroupOnly().add(Boolean.toString(document.preconfiguredRegroupOnly()));
    t.getBroadcast().add(Boolean.toString(document.broadcast()));
    MembersType members = f.createMembersType();
    for (McServiceId m : document.members()) {
      EntryType e = f.createEntryType();
      e.setUri(m.uri());
      members.getEntry().add(e);
    }
    t.getMembers().add(members);
    return new EncodedBody(CONTENT_TYPE, SafeXml.write(CONTEXT, f.createGroup(t), Map.of(NAMESPACE, "")));
  }

  private static Decoded<GroupDocument> fromBound(BoundXml bound) {
    if (!(bound.value() instanceof JAXBElement<?> e) || !(e.getValue() instanceof GroupType t)) {
      return Decoded.bad("group", "does not bind");
    }
    Decoded<McServiceGroupId> uri = required("group@uri", t.getUri(), "").flatMap(v -> SipUri.isValid(v)
        ? Decoded.ok(McServiceGroupId.of(v)) : Decoded.bad("group@uri", "not a SIP URI: " + Decoded.quote(v)));
    Decoded<Optional<String>> displayName = displayName(t.getDisplayName());
    Decoded<Set<McService>> services = services(t.getService());
    Decoded<Boolean> regroupOnly = flag("preconfigured-regroup-only", t.getPreconfiguredRegroupOnly());
    Decoded<Boolean> broadcast = flag("broadcast", t.getBroadcast());
    Decoded<List<McServiceId>> members = members(t.getMembers());
    return uri.flatMap(u -> displayName.flatMap(dn -> services.flatMap(svc -> regroupOnly.flatMap(ro -> broadcast.flatMap(
        bc -> members.map(m -> new GroupDocument(u, dn, svc, ro, bc, m)))))));
  }

  private static Decoded<Optional<String>> displayName(List<String> bound) {
    if (bound.isEmpty()) return Decoded.ok(Optional.empty());
    if (bound.size() > 1) return Decoded.bad("display-name", "given " + bound.size() + " times, at most once");
    String v = bound.get(0) == null ? "" : bound.get(0).strip();
    Optional<String> why = GroupDocument.displayNameProblem(v);
    if (why.isPresent()) return Decoded.bad("display-name", why.get());
    return Decoded.ok(Optional.of(v));
  }

  /** The listed services, each once; none listed is all three. */
  private static Decoded<Set<McService>> services(List<String> bound) {
    Set<McService> out = EnumSet.noneOf(McService.class);
    for (String raw : bound) {
      Decoded<String> word = required("service", raw, "");
      if (word instanceof Decoded.Bad<String> b) return b.retype();
      String v = ((Decoded.Ok<String>) word).value();
      Optional<McService> service = McService.fromWord(v);
      if (service.isEmpty()) return Decoded.bad("service", "unknown service " + Decoded.quote(v));
      if (!out.add(service.get())) return Decoded.bad("service", Decoded.quote(v) + " given twice");
    }
    return Decoded.ok(out.isEmpty() ? EnumSet.allOf(McService.class) : out);
  }

  /** An optional flag, at most once: {@code true} or {@code false} exactly (not xs:boolean's 1 and 0); absent is false. */
  private static Decoded<Boolean> flag(String field, List<String> bound) {
    if (bound.isEmpty()) return Decoded.ok(false);
    if (bound.size() > 1) return Decoded.bad(field, "given " + bound.size() + " times, at most once");
    return required(field, bound.get(0), "").flatMap(v -> {
      if (v.equals("true")) return Decoded.ok(true);
      if (v.equals("false")) return Decoded.ok(false);
      return Decoded.bad(field, "not true or false: " + Decoded.quote(v));
    });
  }

  private static Decoded<List<McServiceId>> members(List<MembersType> bound) {
    if (bound.isEmpty()) return Decoded.ok(List.of());
    if (bound.size() > 1) return Decoded.bad("members", "given " + bound.size() + " times, at most once");
    List<EntryType> entries = bound.get(0).getEntry();
    int max = GroupDocument.MAX_MEMBERS;
    if (entries.size() > max) return Decoded.bad("entry", "more than " + max + " in one group (" + entries.size() + ")");
    List<McServiceId> out = new ArrayList<>(entries.size());
    Map<McServiceId, Integer> positions = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = " (entry " + (i + 1) + ")";
      Decoded<String> uri = required("entry@uri", entries.get(i).getUri(), where);
      if (uri instanceof Decoded.Bad<String> b) return b.retype();
      String v = ((Decoded.Ok<String>) uri).value();
      if (!SipUri.isValid(v)) return Decoded.bad("entry@uri", "not a SIP URI: " + Decoded.quote(v) + where);
      McServiceId id = McServiceId.of(v);
      Integer first = positions.putIfAbsent(id, i + 1);
      if (first != null) return Decoded.bad("entry@uri", "already a member as entry " + first + ": " + Decoded.quote(v) + where);
      out.add(id);
    }
    return Decoded.ok(out);
  }

  private static Decoded<String> required(String field, String value, String where) {
    if (value == null || value.isBlank()) return Decoded.bad(field, "missing" + where);
    return Decoded.ok(value.strip());
  }
}
