package org.muster.protocol;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import org.muster.protocol.decode.Decoded;
import org.muster.protocol.xml.BoundXml;
import org.muster.protocol.xml.SafeXml;
import org.muster.protocol.xml.XmlLimits;
import org.muster.protocol.xml.gen.groupconfig.GroupConfigurationType;
import org.muster.protocol.xml.gen.groupconfig.KeyType;
import org.muster.protocol.xml.gen.groupconfig.ObjectFactory;
import org.muster.protocol.xml.gen.groupconfig.SharedGroupType;

/**
 * Muster's group configuration body ({@code application/vnd.muster.group-configuration+xml},
 * namespace {@code urn:muster:ns:groupConfiguration:1.0}, schema {@code groupConfiguration.xsd}):
 * an extension beyond WIRE.md with which the group management server (GMS) of one MC system
 * shares its preconfigured groups with the GMS of a partner system (TS 23.280 10.2.7,
 * 10.xx.3.3.1; {@link GroupConfigurationDocument}).
 *
 * <pre>{@code
 * <group-configuration xmlns="urn:muster:ns:groupConfiguration:1.0">
 *   <home-system>metro.example</home-system>
 *   <group>
 *     <uri>sip:tmpl-incident@metro.example</uri>
 *     <service>mcptt</service>
 *     <service>mcvideo</service>
 *     <preconfigured-regroup-only>true</preconfigured-regroup-only>
 *     <broadcast>false</broadcast>
 *     <version>9f2c41</version>
 *     <key id="k-3f2a">AAECAwQFBgcICQoLDA0ODw==</key>
 *   </group>
 * </group-configuration>
 * }</pre>
 *
 * Read like every other body: within {@link XmlLimits#WIRE} (64 KiB) by the hardened two-pass
 * {@link SafeXml}, then every value checked here, so a bad document is a {@link Decoded.Bad}
 * naming the element (and the group's position), never an exception. At most {@link
 * GroupConfigurationDocument#MAX_GROUPS} groups; none is allowed (nothing shared). Unknown
 * extension elements and attributes are ignored; element order is not checked on receipt. A
 * reason never quotes key material.
 *
 * <p>{@link #encode} does not bound the size: 200 groups with every service, 64-character
 * versions and key IDs and 64-byte keys come to about 94 KB, over {@link #MAX_BYTES}; a sender
 * checks the encoded length before sending.
 */
public final class GroupConfigurationBody {
  public static final String CONTENT_TYPE = BodyTypes.GROUP_CONFIGURATION;
  public static final String NAMESPACE = "urn:muster:ns:groupConfiguration:1.0";
  /** Largest body this module reads (and a partner sends): the wire profile's bound. */
  public static final int MAX_BYTES = XmlLimits.WIRE.maxBytes();
  private static final QName ROOT = new QName(NAMESPACE, "group-configuration");
  private static final JAXBContext CONTEXT = SafeXml.context(ObjectFactory.class);
  private static final String TOKEN_RULE = "not 1 to 64 of A-Z a-z 0-9 . _ -: ";

  private GroupConfigurationBody() {}

  /** Decodes a group configuration; a Bad on field {@code Content-Type} means another kind of body (415). */
  public static Decoded<GroupConfigurationDocument> decode(String contentType, byte[] body) {
    if (!BodyTypes.isGroupConfiguration(contentType)) {
      return Decoded.bad("Content-Type", "not a group configuration: " + Decoded.quote(contentType));
    }
    return decode(body, XmlLimits.WIRE);
  }

  static Decoded<GroupConfigurationDocument> decode(byte[] body, XmlLimits limits) {
    return SafeXml.read(body, limits, CONTEXT, Set.of(ROOT), "group-configuration").flatMap(GroupConfigurationBody::fromBound);
  }

  public static EncodedBody encode(GroupConfigurationDocument document) {
    ObjectFactory f = new ObjectFactory();
    GroupConfigurationType t = f.createGroupConfigurationType();
    t.setHomeSystem(document.homeSystem());
    for (SharedGroupEntry g : document.groups()) {
      SharedGroupType s = f.createSharedGroupType();
      s.setUri(g.uri().uri());
      for (McService service : g.services()) s.getService().add(service.word());
      s.setPreconfiguredRegroupOnly(Boolean.toString(g.preconfiguredRegroupOnly()));
      s.setBroadcast(Boolean.toString(g.broadcast()));
      s.setVersion(g.version());
      if (g.keyId().isPresent()) {
        KeyType k = f.createKeyType();
        k.setId(g.keyId().get());
        k.setValue(Base64.getEncoder().encodeToString(g.keyMaterial().orElseThrow()));
        s.getKey().add(k);
      }
      t.getGroup().add(s);
    }
    return new EncodedBody(CONTENT_TYPE, SafeXml.write(CONTEXT, f.createGroupConfiguration(t), Map.of(NAMESPACE, "")));
  }

  private static Decoded<GroupConfigurationDocument> fromBound(BoundXml bound) {
    if (!(bound.value() instanceof JAXBElement<?> e) || !(e.getValue() instanceof GroupConfigurationType t)) {
      return Decoded.bad("group-configuration", "does not bind");
    }
    Decoded<String> home = required("home-system", t.getHomeSystem(), "").flatMap(v -> GroupConfigurationDocument.isDomain(v)
        ? Decoded.ok(v.toLowerCase(Locale.ROOT)) : Decoded.bad("home-system", "not a SIP domain: " + Decoded.quote(v)));
    return home.flatMap(h -> groups(t.getGroup(), h).map(list -> new GroupConfigurationDocument(h, list)));
  }

  private static Decoded<List<SharedGroupEntry>> groups(List<SharedGroupType> bound, String home) {
    int max = GroupConfigurationDocument.MAX_GROUPS;
    if (bound.size() > max) return Decoded.bad("group", "more than " + max + " in one configuration (" + bound.size() + ")");
    List<SharedGroupEntry> out = new ArrayList<>(bound.size());
    Map<McServiceGroupId, Integer> positions = new HashMap<>();
    for (int i = 0; i < bound.size(); i++) {
      String where = " (group " + (i + 1) + ")";
      Decoded<SharedGroupEntry> entry = entry(bound.get(i), home, where);
      if (entry instanceof Decoded.Bad<SharedGroupEntry> b) return b.retype();
      SharedGroupEntry g = ((Decoded.Ok<SharedGroupEntry>) entry).value();
      Integer first = positions.putIfAbsent(g.uri(), i + 1);
      if (first != null) return Decoded.bad("uri", "already shared as group " + first + ": " + Decoded.quote(g.uri().uri()) + where);
      out.add(g);
    }
    return Decoded.ok(out);
  }

  private static Decoded<SharedGroupEntry> entry(SharedGroupType s, String home, String where) {
    Decoded<McServiceGroupId> uri = required("uri", s.getUri(), where).flatMap(v -> uri(v, home, where));
    Decoded<Set<McService>> services = services(s.getService(), where);
    Decoded<Boolean> regroupOnly = required("preconfigured-regroup-only", s.getPreconfiguredRegroupOnly(), where)
        .flatMap(v -> bool("preconfigured-regroup-only", v, where));
    Decoded<Boolean> broadcast = required("broadcast", s.getBroadcast(), where).flatMap(v -> bool("broadcast", v, where));
    Decoded<String> version = required("version", s.getVersion(), where).flatMap(v -> SharedGroupEntry.isToken(v)
        ? Decoded.ok(v) : Decoded.bad("version", TOKEN_RULE + Decoded.quote(v) + where));
    Decoded<Optional<Key>> key = key(s.getKey(), where);
    return uri.flatMap(u -> services.flatMap(svc -> regroupOnly.flatMap(ro -> broadcast.flatMap(bc -> version.flatMap(
        ver -> key.map(k -> new SharedGroupEntry(u, svc, ro, bc, ver, k.map(Key::id), k.map(Key::material))))))));
  }

  private static Decoded<McServiceGroupId> uri(String v, String home, String where) {
    if (!SipUri.isValid(v)) return Decoded.bad("uri", "not a SIP URI: " + Decoded.quote(v) + where);
    McServiceGroupId id = McServiceGroupId.of(v);
    if (!id.domain().equals(home)) {
      return Decoded.bad("uri", "not a group of the home system " + Decoded.quote(home) + ": " + Decoded.quote(v) + where);
    }
    return Decoded.ok(id);
  }

  private static Decoded<Set<McService>> services(List<String> bound, String where) {
    Set<McService> out = EnumSet.noneOf(McService.class);
    for (String raw : bound) {
      Decoded<String> word = required("service", raw, where);
      if (word instanceof Decoded.Bad<String> b) return b.retype();
      String v = ((Decoded.Ok<String>) word).value();
      Optional<McService> service = McService.fromWord(v);
      if (service.isEmpty()) return Decoded.bad("service", "unknown service " + Decoded.quote(v) + where);
      if (!out.add(service.get())) return Decoded.bad("service", Decoded.quote(v) + " given twice" + where);
    }
    if (out.isEmpty()) return Decoded.bad("service", "missing" + where);
    return Decoded.ok(out);
  }

  /** {@code true} or {@code false} exactly (not xs:boolean's 1 and 0). */
  private static Decoded<Boolean> bool(String field, String v, String where) {
    if (v.equals("true")) return Decoded.ok(true);
    if (v.equals("false")) return Decoded.ok(false);
    return Decoded.bad(field, "not true or false: " + Decoded.quote(v) + where);
  }

  private record Key(String id, byte[] material) {}

  /** The optional key; the material is never quoted in a reason. */
  private static Decoded<Optional<Key>> key(List<KeyType> bound, String where) {
    if (bound.isEmpty()) return Decoded.ok(Optional.empty());
    if (bound.size() > 1) return Decoded.bad("key", "given " + bound.size() + " times, at most once" + where);
    KeyType k = bound.get(0);
    Decoded<String> id = required("key@id", k.getId(), where).flatMap(v -> SharedGroupEntry.isToken(v)
        ? Decoded.ok(v) : Decoded.bad("key@id", TOKEN_RULE + Decoded.quote(v) + where));
    if (id instanceof Decoded.Bad<String> b) return b.retype();
    String text = k.getValue() == null ? "" : k.getValue().replaceAll("\\s", "");
    if (text.isEmpty()) return Decoded.bad("key", "no key material" + where);
    byte[] material;
    try {
      material = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return Decoded.bad("key", "not base64" + where);
    }
    if (material.length < SharedGroupEntry.MIN_KEY_BYTES || material.length > SharedGroupEntry.MAX_KEY_BYTES) {
      return Decoded.bad("key", material.length + " bytes of key material, not " + SharedGroupEntry.MIN_KEY_BYTES + " to "
          + SharedGroupEntry.MAX_KEY_BYTES + where);
    }
    return id.map(i -> Optional.of(new Key(i, material)));
  }

  private static Decoded<String> required(String field, String value, String where) {
    if (value == null || value.isBlank()) return Decoded.bad(field, "missing" + where);
    return Decoded.ok(value.strip());
  }
}
