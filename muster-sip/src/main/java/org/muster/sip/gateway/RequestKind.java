package org.muster.sip.gateway;

import java.util.Arrays;
import java.util.Optional;
import org.muster.core.flow.RegroupTargets;
import org.muster.protocol.BodyTypes;
import org.muster.protocol.RegroupAction;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;
import org.muster.protocol.decode.Decoded;

/**
 * The server-to-server requests a gateway relays, as its provisioning names them ({@code
 * partners[].may}): the three of WIRE.md "Server to server" (a preconfigured group regroup, a user
 * regroup, a cancel) and Muster's extensions (member reports, group configuration, a partner's
 * release notice to its primary).
 */
public enum RequestKind {
  GROUP_REGROUP("group-regroup"),
  USER_REGROUP("user-regroup"),
  CANCEL_REGROUP("cancel-regroup"),
  MEMBER_REPORT("member-report"),
  GROUP_CONFIGURATION("group-configuration"),
  PARTNER_RELEASE("partner-release");

  private final String word;

  RequestKind(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static Optional<RequestKind> fromWord(String word) {
    return Arrays.stream(values()).filter(k -> k.word.equals(word)).findFirst();
  }

  /** What a MESSAGE is, from its body; or why it is none of them. */
  sealed interface Classified {}

  record Known(RequestKind kind) implements Classified {}

  /** Not a request the gateway relays: {@code status} (400 or 415) and the Warning text, if any. */
  record Refused(int status, String reason, String warning) implements Classified {}

  static Classified classify(String contentType, byte[] body) {
    if (BodyTypes.isMemberReport(contentType)) return new Known(MEMBER_REPORT);
    if (BodyTypes.isGroupConfiguration(contentType)) return new Known(GROUP_CONFIGURATION);
    if (BodyTypes.isPartnerRelease(contentType)) return new Known(PARTNER_RELEASE);
    if (!RegroupBody.isRegroupContentType(contentType)) return new Refused(415, "Unsupported Media Type", "");
    Decoded<RegroupDocument> decoded = RegroupBody.decode(contentType, body);
    if (decoded instanceof Decoded.Bad<RegroupDocument> bad) {
      return new Refused(400, "Bad Request", "malformed regroup request: " + bad.message());
    }
    RegroupDocument doc = ((Decoded.Ok<RegroupDocument>) decoded).value();
    if (doc.action() == RegroupAction.REMOVE) return new Known(CANCEL_REGROUP);
    return new Known(doc.targets().filter(t -> t instanceof RegroupTargets.Users).isPresent() ? USER_REGROUP : GROUP_REGROUP);
  }
}
