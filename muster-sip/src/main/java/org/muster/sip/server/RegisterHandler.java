package org.muster.sip.server;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.core.registration.Registration;
import org.muster.core.regroup.Outcome;
import org.muster.core.server.McServiceServer;
import org.muster.core.server.RegisterResult;
import org.muster.sip.auth.SourceRegistrations;
import org.muster.sip.stack.SipRequest;

/**
 * WIRE.md "Service authorization and log-off: REGISTER": the server is the registrar of its own
 * users; every REGISTER is authenticated ({@link Gate}); a Contact's feature tags choose the MC
 * services; {@code Expires: 0} is log-off.
 */
final class RegisterHandler {
  static final int DEFAULT_EXPIRES = 3600;
  private final ServerContext ctx;
  /** Used on the core's thread only, in the steps below. */
  private final SourceRegistrations sources;

  RegisterHandler(ServerContext ctx) {
    this.ctx = ctx;
    this.sources = new SourceRegistrations(ctx.clock);
  }

  void handle(SipRequest req) {
    String to = ServerContext.stripParams(req.toUri());
    if (!SipUri.isValid(to)) {
      req.respond(400, "Bad Request", Warnings.one(ctx.host(), "To is not an MC service ID: " + req.toUri()));
      return;
    }
    McServiceId user = new McServiceId(to);
    if (!ServerContext.stripParams(req.fromUri()).equalsIgnoreCase(to)) {
      req.respond(403, "Forbidden", Warnings.one(ctx.host(), "third-party registration is not allowed"));
      return;
    }
    // WIRE.md: every REGISTER (also Expires: 0 and Contact: *) proves it is the user's (an unknown user: 403)
    if (ctx.gate.admit(req, user, false).isEmpty()) return;
    if (!ctx.config.servesHere(user)) {
      req.respond(403, "Forbidden", Warnings.one(ctx.host(), to + " is not an MC service user of this system"));
      return;
    }
    List<SipRequest.Contact> contacts = req.contacts();
    if (contacts.isEmpty()) { // a query: answer with the current bindings
      answer(req, user, List.of(), 0);
      return;
    }
    int headerExpires = req.expires().orElse(DEFAULT_EXPIRES);
    if (contacts.size() == 1 && contacts.get(0).uri().equals("*")) {
      if (headerExpires != 0) {
        req.respond(400, "Bad Request", Warnings.one(ctx.host(), "Contact: * needs Expires: 0"));
        return;
      }
      ctx.core.call(core -> {
        Outcome.Builder out = new Outcome.Builder();
        for (Registration r : core.registrationsOf(user)) {
          out.merge(core.logOff(r.client()));
          ctx.gate.loggedOff(r.client());
          ctx.routes.ended(r.client());
          sources.ended(r.client());
        }
        return new Granted(out.build(), 0); // answered once written (SerialCore)
      }, (g, e) -> done(req, user, g == null ? null : g.outcome, e, 0));
      return;
    }
    List<Binding> bindings = new ArrayList<>();
    for (SipRequest.Contact c : contacts) {
      if (c.uri().equals("*") || !c.uri().toLowerCase().startsWith("sip")) {
        req.respond(400, "Bad Request", Warnings.one(ctx.host(), "malformed Contact: " + c.uri()));
        return;
      }
      int expires = c.expires().orElse(headerExpires);
      if (expires < 0) {
        req.respond(400, "Bad Request", Warnings.one(ctx.host(), "negative expiry"));
        return;
      }
      bindings.add(new Binding(new McServiceClient(user, c.uri()), servicesOf(c), expires));
    }
    // RFC 3327: the Path of a REGISTER relayed by a trusted proxy; requests to the client go through it
    List<String> path = ctx.gate.fromProxy(req) ? req.headers("Path") : List.of();
    String source = ctx.gate.sourceOf(req);
    ctx.core.call(core -> {
      Optional<String> tooMany = tooManyClients(core, user, bindings).or(() -> tooManyFrom(source, bindings));
      if (tooMany.isPresent()) return Granted.refused(tooMany.get());
      Outcome.Builder out = new Outcome.Builder();
      int granted = 0;
      for (Binding b : bindings) {
        if (b.expires == 0) {
          out.merge(core.logOff(b.client));
          ctx.gate.loggedOff(b.client);
          ctx.routes.ended(b.client);
          sources.ended(b.client);
        } else {
          RegisterResult r = core.register(b.client, b.services, b.expires, path);
          out.merge(r.outcome());
          ctx.routes.registered(b.client, path);
          sources.registered(source, b.client, r.grantedExpires());
          granted = Math.max(granted, r.grantedExpires());
          ctx.gate.registered(req, b.client, r.grantedExpires()); // its PUBLISH and MESSAGE over this flow need no challenge
        }
      }
      return new Granted(out.build(), granted); // answered once the registrations are written (SerialCore)
    }, (g, e) -> {
      if (g != null && g.refusal.isPresent()) {
        req.respond(403, "Forbidden", Warnings.one(ctx.host(), g.refusal.get()));
        return;
      }
      done(req, user, g == null ? null : g.outcome, e, g == null ? 0 : g.expires);
    });
  }

  /**
   * {@code system.clients-per-user}: the clients {@code user} would have after {@code bindings}
   * are applied may not exceed it; the REGISTER is then refused whole, nothing changed. Refreshes
   * and log-offs always pass.
   */
  private Optional<String> tooManyClients(McServiceServer core, McServiceId user, List<Binding> bindings) {
    Set<McServiceClient> after = new java.util.HashSet<>();
    for (Registration r : core.registrationsOf(user)) after.add(r.client());
    int before = after.size();
    for (Binding b : bindings) {
      if (b.expires == 0) after.remove(b.client);
      else after.add(b.client);
    }
    int max = ctx.config.system().security().clientsPerUser();
    if (after.size() <= max || after.size() <= before) return Optional.empty();
    return Optional.of(user.uri() + " would have " + after.size() + " registered clients, more than the " + max
        + " this system allows per user (system.clients-per-user)");
  }

  /**
   * {@code system.clients-per-source}: the clients registered from {@code source} after {@code
   * bindings} may not exceed it (refreshes and log-offs always pass); the REGISTER is then refused
   * whole, nothing changed.
   */
  private Optional<String> tooManyFrom(String source, List<Binding> bindings) {
    List<McServiceClient> adding = bindings.stream().filter(b -> b.expires > 0).map(Binding::client).toList();
    List<McServiceClient> removing = bindings.stream().filter(b -> b.expires == 0).map(Binding::client).toList();
    SourceRegistrations.Count n = sources.countAfter(source, adding, removing);
    int max = ctx.config.system().security().clientsPerSource();
    if (!n.exceeds(max)) return Optional.empty();
    return Optional.of(source + " would have " + n.after() + " registered clients, more than the " + max
        + " this system allows per source address (system.clients-per-source)");
  }

  private record Binding(McServiceClient client, Set<McService> services, int expires) {}

  /** The outcome of a REGISTER, or its refusal (403 with the text). */
  private record Granted(Outcome outcome, int expires, Optional<String> refusal) {
    Granted(Outcome outcome, int expires) {
      this(outcome, expires, Optional.empty());
    }

    static Granted refused(String why) {
      return new Granted(Outcome.none(), 0, Optional.of(why));
    }
  }

  /** WIRE.md: a Contact without any MC feature tag registers for all three services. */
  static Set<McService> servicesOf(SipRequest.Contact c) {
    Set<McService> s = EnumSet.noneOf(McService.class);
    for (McService m : McService.values()) if (c.hasParam(m.featureTag())) s.add(m);
    return s.isEmpty() ? EnumSet.allOf(McService.class) : s;
  }

  private void done(SipRequest req, McServiceId user, Outcome o, Throwable e, int expires) {
    if (e != null) {
      req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "registration failed"));
      return;
    }
    ctx.carryOut(o);
    answer(req, user, List.of(), expires);
  }

  private void answer(SipRequest req, McServiceId user, List<SipRequest.Header> extra, int expires) {
    ctx.core.call(core -> List.copyOf(core.registrationsOf(user))).whenComplete((regs, e) -> {
      List<SipRequest.Header> headers = new ArrayList<>(extra);
      long now = System.currentTimeMillis() / 1000;
      if (regs != null) {
        for (Registration r : regs) {
          long left = Math.max(0, r.expiresAt().getEpochSecond() - now);
          headers.add(new SipRequest.Header("Contact", "<" + r.client().contact() + ">;expires=" + left));
        }
      }
      headers.add(new SipRequest.Header("Expires", String.valueOf(expires)));
      req.respond(200, "OK", headers);
    });
  }
}
