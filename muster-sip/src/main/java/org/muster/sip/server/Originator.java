package org.muster.sip.server;

import java.util.Collection;
import java.util.Optional;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.core.registration.Registration;
import org.muster.sip.stack.SipRequest;

/**
 * WIRE.md: a request's originator is the {@code From} URI of a registered user (the
 * P-Asserted-Identity only from a trusted proxy or partner); and which of the user's registered
 * clients sent it: the one whose Contact the request names, else the one at the request's
 * source address (behind a proxy: the client's, from the Via below the proxy's), else the user's
 * only client.
 */
final class Originator {
  private Originator() {}

  /** The MC service ID the request comes from, if its From URI is one. */
  static Optional<McServiceId> of(SipRequest req) {
    String from = ServerContext.stripParams(req.fromUri());
    return SipUri.isValid(from) ? Optional.of(new McServiceId(from)) : Optional.empty();
  }

  /** The registered client of {@code regs} (one user's) that sent {@code req}, from {@code source} (host:port). */
  static Optional<McServiceClient> clientOf(SipRequest req, Collection<Registration> regs, String source) {
    for (SipRequest.Contact c : req.contacts()) {
      for (Registration r : regs) if (r.client().contact().equalsIgnoreCase(c.uri())) return Optional.of(r.client());
    }
    for (Registration r : regs) {
      ContactAddress a = ContactAddress.of(r.client().contact());
      if ((a.host() + ":" + a.port()).equals(source)) return Optional.of(r.client());
    }
    if (regs.size() == 1) return Optional.of(regs.iterator().next().client());
    return Optional.empty();
  }
}
