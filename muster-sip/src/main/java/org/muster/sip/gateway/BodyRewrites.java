package org.muster.sip.gateway;

import org.muster.core.regroup.MemberReport;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.GroupConfigurationBody;
import org.muster.protocol.GroupConfigurationDocument;
import org.muster.protocol.MemberReportBody;
import org.muster.protocol.SharedGroupEntry;
import org.muster.protocol.decode.Decoded;

/**
 * What the gateway changes in a body it relays; every other body goes on byte for byte.
 *
 * <ul>
 *   <li>A member report: client Contacts become opaque tokens ({@link OpaqueTokens#hide}).
 *   <li>Group configuration going on over a hop without TLS: the key material is left out, as
 *       the sending GMS itself leaves it out of anything it sends without TLS (docs/wire-profile.md,
 *       Group configuration): a gateway never puts keys on a hop that the sender would not have.
 * </ul>
 */
final class BodyRewrites {
  private BodyRewrites() {}

  /** The body to relay, or why it cannot be. */
  sealed interface Result {}

  record Relay(String contentType, byte[] body) implements Result {}

  /** A malformed body: answered 400 with this Warning text. */
  record Malformed(String warning) implements Result {}

  static Result of(RequestKind kind, String contentType, byte[] body, boolean tlsOnward, OpaqueTokens tokens) {
    if (kind == RequestKind.MEMBER_REPORT) {
      Decoded<MemberReport> decoded = MemberReportBody.decode(contentType, body);
      if (decoded instanceof Decoded.Bad<MemberReport> bad) return new Malformed("malformed member report: " + bad.message());
      return relay(MemberReportBody.encode(tokens.hide(((Decoded.Ok<MemberReport>) decoded).value())));
    }
    if (kind == RequestKind.GROUP_CONFIGURATION && !tlsOnward) {
      Decoded<GroupConfigurationDocument> decoded = GroupConfigurationBody.decode(contentType, body);
      if (decoded instanceof Decoded.Bad<GroupConfigurationDocument> bad) {
        return new Malformed("malformed group configuration: " + bad.message());
      }
      GroupConfigurationDocument doc = ((Decoded.Ok<GroupConfigurationDocument>) decoded).value();
      if (doc.groups().stream().noneMatch(g -> g.keyId().isPresent())) return new Relay(contentType, body);
      return relay(GroupConfigurationBody.encode(new GroupConfigurationDocument(doc.homeSystem(), doc.groups().stream()
          .map(g -> SharedGroupEntry.withoutKey(g.uri(), g.services(), g.preconfiguredRegroupOnly(), g.broadcast(), g.version()))
          .toList())));
    }
    return new Relay(contentType, body);
  }

  private static Relay relay(EncodedBody b) {
    return new Relay(b.contentType(), b.body());
  }
}
