package org.muster.app.admin;

import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.core.port.HistoryPage;
import org.muster.core.port.HistoryQuery;
import org.muster.core.regroup.HistoryEntry;
import org.muster.sip.server.MusterServer;

/**
 * {@code GET /api/history}: the regroup history from the store, newest first (Muster extension).
 * Parameters: {@code limit} (1 to 500, default 50), {@code before} (the {@code next} of the page
 * before), {@code group} (the regroup group or a listed group), {@code requester}, {@code event}
 * ({@code create|reject|cancel|expiry}), {@code since} and {@code until} (ISO-8601 instants; since
 * inclusive, until exclusive). A bad parameter is a 400 whose {@code error} names it.
 *
 * <pre>{"entries": [{"id", "time", "event", "regroupGroup", "service", "requester", "preconfigured",
 *   "groups", "users", "outcome", "reason", "cancelledBy"}], "next": CURSOR or null}</pre>
 */
final class HistoryRoute {
  static final String PATH = "/api/history";
  private static final List<String> PARAMETERS = List.of("limit", "before", "group", "requester", "event", "since", "until");

  private HistoryRoute() {}

  /** What a bad parameter is answered with. */
  static final class BadParameter extends Exception {
    BadParameter(String message) {
      super(message);
    }
  }

  static void handle(MusterServer server, HttpExchange ex) throws Exception {
    HistoryQuery q;
    try {
      q = query(ex);
    } catch (BadParameter e) {
      AdminHttp.send(ex, 400, "application/json", AdminHttp.json(Map.of("error", e.getMessage())));
      return;
    }
    HistoryPage page;
    try {
      page = server.history(q);
    } catch (org.muster.core.port.StoreUnavailableException e) {
      AdminHttp.send(ex, 503, "application/json", AdminHttp.json(Map.of("error", "the store did not answer: " + e.getMessage())));
      return;
    }
    AdminHttp.send(ex, 200, "application/json", AdminHttp.json(view(page)));
  }

  static HistoryQuery query(HttpExchange ex) throws BadParameter {
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        String name = kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv;
        if (!name.isEmpty() && !PARAMETERS.contains(name)) throw new BadParameter(name + ": unknown parameter (known: " + String.join(", ", PARAMETERS) + ")");
      }
    }
    int limit = HistoryQuery.DEFAULT_LIMIT;
    Optional<String> l = AdminHttp.param(ex, "limit");
    if (l.isPresent()) {
      limit = number(l.get(), "limit");
      if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) throw new BadParameter("limit: from 1 to " + HistoryQuery.MAX_LIMIT + ", got " + l.get());
    }
    Optional<String> before = AdminHttp.param(ex, "before");
    Optional<Long> cursor = before.isPresent() ? Optional.of(cursor(before.get())) : Optional.empty();
    Optional<String> group = uri(ex, "group");
    Optional<String> requester = uri(ex, "requester");
    Optional<HistoryEntry.Event> event = Optional.empty();
    Optional<String> e = AdminHttp.param(ex, "event");
    if (e.isPresent()) {
      event = HistoryEntry.Event.of(e.get());
      if (event.isEmpty()) throw new BadParameter("event: one of create, reject, cancel, expiry, got " + e.get());
    }
    Optional<Instant> since = instant(ex, "since");
    Optional<Instant> until = instant(ex, "until");
    return new HistoryQuery(limit, cursor, group, requester, event, since, until);
  }

  private static long cursor(String text) throws BadParameter {
    try {
      long id = Long.parseLong(text.trim());
      if (id > 0) return id;
    } catch (NumberFormatException e) {
      // below
    }
    throw new BadParameter("before: not a cursor of this API (the 'next' of a page), got " + text);
  }

  private static int number(String text, String name) throws BadParameter {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new BadParameter(name + ": not a whole number: " + text);
    }
  }

  private static Optional<String> uri(HttpExchange ex, String name) throws BadParameter {
    Optional<String> v = AdminHttp.param(ex, name);
    if (v.isPresent() && !SipUri.isValid(v.get())) throw new BadParameter(name + ": not a SIP URI: " + v.get());
    return v;
  }

  private static Optional<Instant> instant(HttpExchange ex, String name) throws BadParameter {
    Optional<String> v = AdminHttp.param(ex, name);
    if (v.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Instant.parse(v.get().trim()));
    } catch (DateTimeParseException e) {
      throw new BadParameter(name + ": not an ISO-8601 instant such as 2026-12-08T00:00:00Z: " + v.get());
    }
  }

  /** The answer's JSON: entries newest first, and the cursor of the next page (null: none). */
  static Map<String, Object> view(HistoryPage page) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (HistoryPage.Line l : page.entries()) {
      HistoryEntry e = l.entry();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", l.id());
      m.put("time", e.at().toString());
      m.put("event", e.event().word());
      m.put("regroupGroup", e.regroupGroup().uri());
      m.put("service", e.service().word());
      m.put("requester", e.requester().uri());
      m.put("preconfigured", e.preconfigured().map(McServiceGroupId::uri).orElse(null));
      m.put("groups", e.groups().stream().map(McServiceGroupId::uri).toList());
      m.put("users", e.users().stream().map(McServiceId::uri).toList());
      m.put("outcome", e.outcome());
      m.put("reason", e.reason().orElse(null));
      m.put("cancelledBy", e.cancelledBy().orElse(null));
      entries.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("entries", entries);
    out.put("next", page.next().map(String::valueOf).orElse(null));
    return out;
  }
}
