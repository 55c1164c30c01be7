package org.muster.sip.server;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.server.McServiceServer;
import org.muster.protocol.AffiliationBody;
import org.muster.protocol.AffiliationDocument;
import org.muster.protocol.decode.Decoded;
import org.muster.sip.stack.SipRequest;

/**
 * WIRE.md "Affiliation: PUBLISH" (TS 24.379 9.2): the pidf body carries the client's whole
 * wanted set of groups for one MC service; {@code Expires: 0} removes them all.
 */
final class AffiliationHandler {
  private final ServerContext ctx;

  AffiliationHandler(ServerContext ctx) {
    this.ctx = ctx;
  }

  void handle(SipRequest req) {
    String event = req.header("Event").orElse("").trim().toLowerCase(Locale.ROOT);
    if (!event.equals("presence") && !event.startsWith("presence;")) {
      req.respond(489, "Bad Event", List.of(new SipRequest.Header("Allow-Events", "presence")));
      return;
    }
    Optional<McServiceId> originator = Originator.of(req);
    if (originator.isEmpty()) {
      req.respond(403, "Forbidden", Warnings.one(ctx.host(), "From is not an MC service ID"));
      return;
    }
    // WIRE.md: over its client's authenticated flow, or with the user's credentials
    Optional<Gate.Admission> admitted = ctx.gate.admit(req, originator.get(), true);
    if (admitted.isEmpty()) return;
    int expires = req.expires().orElse(3600);
    boolean hasBody = req.body().length > 0;
    if (hasBody && !req.contentType().map(ct -> ct.toLowerCase(Locale.ROOT).startsWith(AffiliationBody.CONTENT_TYPE)).orElse(false)) {
      req.respond(415, "Unsupported Media Type", List.of(new SipRequest.Header("Accept", AffiliationBody.CONTENT_TYPE)));
      return;
    }
    McService service;
    List<McServiceGroupId> wanted;
    if (expires == 0 || !hasBody) {
      Optional<McService> psi = ctx.serviceOfPsi(req.requestUri());
      Optional<AffiliationDocument> doc = hasBody ? decode(req) : Optional.empty();
      if (hasBody && doc.isEmpty()) return;
      if (doc.isEmpty() && psi.isEmpty()) {
        req.respond(400, "Bad Request", Warnings.one(ctx.host(), "no body and no service PSI: cannot tell the MC service"));
        return;
      }
      service = doc.map(AffiliationDocument::service).orElseGet(psi::get);
      if (expires != 0) {
        req.respond(400, "Bad Request", Warnings.one(ctx.host(), "PUBLISH without a pidf body"));
        return;
      }
      wanted = List.of();
    } else {
      Optional<AffiliationDocument> doc = decode(req);
      if (doc.isEmpty()) return;
      if (!doc.get().entity().equals(originator.get())) {
        req.respond(403, "Forbidden", Warnings.one(ctx.host(), "pidf entity " + doc.get().entity() + " is not the originator"));
        return;
      }
      service = doc.get().service();
      wanted = doc.get().groups();
    }
    McServiceId user = originator.get();
    Optional<McServiceClient> flowClient = admitted.get().flowClient();
    // answered once the client's affiliations are written (SerialCore)
    String at = ctx.gate.clientAddressOf(req);
    ctx.core.call(core -> apply(core, req, at, user, flowClient, service, wanted), (r, e) -> {
      if (e != null) {
        req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "affiliation failed"));
        return;
      }
      if (r.refusal != null) {
        req.respond(403, "Forbidden", Warnings.one(ctx.host(), r.refusal));
        return;
      }
      ctx.carryOut(r.result.outcome());
      req.respond(200, "OK", List.of(new SipRequest.Header("SIP-ETag", UUID.randomUUID().toString().substring(0, 12)),
          new SipRequest.Header("Expires", String.valueOf(expires == 0 ? 0 : Math.min(expires, McServiceServer.MAX_EXPIRES)))));
    });
  }

  /** The outcome of a PUBLISH: refused (403 with the text), or applied. */
  private record Applied(String refusal, McServiceServer.AffiliationOutcome result) {}

  /**
   * Applies the wanted set to the client that sent it: the one whose flow it came over, else (its
   * user authenticated by digest, or authentication off) the one {@link Originator} names, the
   * client being {@code at} (host:port; behind a proxy, as the proxy saw it).
   */
  private static Applied apply(McServiceServer core, SipRequest req, String at, McServiceId user, Optional<McServiceClient> flowClient,
      McService service, List<McServiceGroupId> wanted) {
    var regs = core.registrationsOf(user);
    if (regs.isEmpty()) return new Applied(user.uri() + " has no current registration", null);
    Optional<McServiceClient> client = flowClient.isPresent() ? flowClient : Originator.clientOf(req, regs, at);
    if (client.isEmpty()) return new Applied("cannot tell which registered client of " + user.uri() + " sent this", null);
    McServiceServer.AffiliationOutcome r = core.affiliate(client.get(), service, wanted);
    if (r.notRegistered().isPresent()) return new Applied(r.notRegistered().get(), null);
    if (r.refusal().isPresent()) return new Applied(r.refusal().get().warningText(), null);
    return new Applied(null, r);
  }

  private Optional<AffiliationDocument> decode(SipRequest req) {
    Decoded<AffiliationDocument> d = AffiliationBody.decode(req.body(), ctx.serviceOfPsi(req.requestUri()));
    if (d instanceof Decoded.Ok<AffiliationDocument> ok) return Optional.of(ok.value());
    req.respond(400, "Bad Request", Warnings.one(ctx.host(), "malformed affiliation: " + ((Decoded.Bad<AffiliationDocument>) d).message()));
    return Optional.empty();
  }
}
