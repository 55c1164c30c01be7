package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import org.muster.protocol.xml.gen.regroup.RegroupParamsType;
import org.muster.protocol.xml.gen.regroup.UriListType;
import org.muster.protocol.xml.gen.regroup.UriType;

/**
 * The structure rules of {@code <mcpttregroup-Params>} (WIRE.md "Regroup bodies"), checked on
 * the bound document: the xs:sequence order (TS 24.379 F.7: order matters), each element once,
 * {@code create} with the preconfigured group and exactly one list, {@code remove} with an empty
 * {@code <preconfig-group-id/>} and no list (seed tables 10.6.2.2.34-1 to 36-1, NOTE).
 */
final class RegroupRules {
  private RegroupRules() {}

  static Decoded<RegroupDocument> check(McService s, RegroupParamsType p, List<Object> children) {
    String uriName = RegroupXml.regroupUriName(s);
    if (p.getPreconfigGroupId() == null) return Decoded.bad("preconfig-group-id", "missing");
    if (p.getRegroupUri() == null) return Decoded.bad(uriName, "missing");
    if (!p.getRegroupUri().getName().getLocalPart().equals(uriName)) {
      return Decoded.bad(uriName, "missing (found <" + p.getRegroupUri().getName().getLocalPart() + ">)");
    }
    if (p.getRegroupAction() == null) return Decoded.bad("regroup-action", "missing");
    if (p.getGroupsForRegroup() != null && p.getUsersForRegroup() != null) {
      return Decoded.bad("users-for-regroup", "not allowed together with <groups-for-regroup>");
    }
    Optional<Decoded<RegroupDocument>> misordered = order(s, p, children);
    if (misordered.isPresent()) return misordered.get();
    Optional<RegroupAction> action = RegroupAction.fromWire(p.getRegroupAction().getValue());
    if (action.isEmpty()) {
      return Decoded.bad("regroup-action", "unknown action " + Decoded.quote(p.getRegroupAction().getValue()) + " (create or remove)");
    }
    Decoded<McServiceGroupId> regroupGroup = uri(uriName, first(p.getRegroupUri().getValue()));
    return regroupGroup.flatMap(
        g -> action.get() == RegroupAction.CREATE ? create(s, p, g) : remove(s, p, g));
  }

  private static Optional<Decoded<RegroupDocument>> order(McService s, RegroupParamsType p, List<Object> children) {
    int last = -1;
    for (Object child : children) {
      int rank = RegroupXml.rank(child);
      if (rank < 0) continue;
      String name = RegroupXml.nameOf(child, p);
      if (rank == last) return Optional.of(Decoded.bad(name, "appears more than once"));
      if (rank < last) {
        return Optional.of(Decoded.bad(name, "out of order: the sequence is " + String.join(", ", RegroupXml.sequence(s))));
      }
      last = rank;
    }
    return Optional.empty();
  }

  private static Decoded<RegroupDocument> create(McService s, RegroupParamsType p, McServiceGroupId regroupGroup) {
    String preconfigured = p.getPreconfigGroupId().getPreconfiguredGroup();
    if (preconfigured == null || preconfigured.isBlank()) {
      return Decoded.bad("preconfigured-group", "missing in a create");
    }
    UriListType list = p.getGroupsForRegroup() != null ? p.getGroupsForRegroup() : p.getUsersForRegroup();
    if (list == null) {
      return Decoded.bad(RegroupXml.paramsName(s), "create without <groups-for-regroup> or <users-for-regroup>");
    }
    boolean groups = list == p.getGroupsForRegroup();
    String listName = groups ? "groups-for-regroup" : "users-for-regroup";
    Decoded<RegroupTargets> targets =
        groups
            ? entries(listName, list, McServiceGroupId::of).map(RegroupTargets.Groups::new)
            : entries(listName, list, org.muster.core.id.McServiceId::of).map(RegroupTargets.Users::new);
    Decoded<Optional<org.muster.core.flow.RegroupExpiry>> expires = RegroupExpiryXml.read(p.getAny());
    return uri("preconfigured-group", preconfigured)
        .flatMap(
            configuration ->
                targets.flatMap(
                    t -> expires.map(e -> new RegroupDocument(
                        s, RegroupAction.CREATE, Optional.empty(), Optional.empty(), false,
                        Optional.of(configuration), regroupGroup, Optional.of(t), e))));
  }

  private static Decoded<RegroupDocument> remove(McService s, RegroupParamsType p, McServiceGroupId regroupGroup) {
    String preconfigured = p.getPreconfigGroupId().getPreconfiguredGroup();
    if (preconfigured != null && !preconfigured.isBlank()) {
      return Decoded.bad("preconfig-group-id", "must be empty in a remove");
    }
    if (p.getGroupsForRegroup() != null) return Decoded.bad("groups-for-regroup", "not allowed in a remove");
    if (p.getUsersForRegroup() != null) return Decoded.bad("users-for-regroup", "not allowed in a remove");
    if (RegroupExpiryXml.present(p.getAny())) return Decoded.bad(RegroupExpiryXml.NAME.getLocalPart(), "not allowed in a remove");
    return Decoded.ok(
        new RegroupDocument(
            s, RegroupAction.REMOVE, Optional.empty(), Optional.empty(), false, Optional.empty(), regroupGroup, Optional.empty()));
  }

  private static <T> Decoded<List<T>> entries(String field, UriListType list, Function<String, T> id) {
    // be tolerant on receipt: <mcvideoURI>/<mcdataURI> are read like <mcpttURI> (WIRE.md profile)
    List<String> uris = new ArrayList<>(list.getMcpttURI());
    uris.addAll(list.getMcvideoURI());
    uris.addAll(list.getMcdataURI());
    if (uris.isEmpty()) return Decoded.bad(field, "has no <mcpttURI>");
    if (uris.size() > RegroupTargets.MAX_ENTRIES) {
      return Decoded.bad(field, "has more than " + RegroupTargets.MAX_ENTRIES + " entries");
    }
    List<T> ids = new ArrayList<>(uris.size());
    Set<String> seen = new HashSet<>();
    for (String raw : uris) {
      String uri = raw == null ? "" : raw.strip();
      if (!SipUri.isValid(uri)) return Decoded.bad(field, "entry is not a SIP URI: " + Decoded.quote(uri));
      if (!seen.add(uri)) return Decoded.bad(field, "names " + Decoded.quote(uri) + " twice");
      ids.add(id.apply(uri));
    }
    return Decoded.ok(ids);
  }

  private static String first(UriType u) {
    if (u.getMcpttURI() != null) return u.getMcpttURI();
    return u.getMcvideoURI() != null ? u.getMcvideoURI() : u.getMcdataURI();
  }

  private static Decoded<McServiceGroupId> uri(String field, String raw) {
    if (raw == null) return Decoded.bad(field, "<mcpttURI> missing");
    String uri = raw.strip();
    if (!SipUri.isValid(uri)) return Decoded.bad(field, "not a SIP URI: " + Decoded.quote(uri));
    return Decoded.ok(McServiceGroupId.of(uri));
  }
}
