package org.muster.sip.server;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.muster.core.id.McServiceClient;
import org.muster.core.registration.Registration;
import org.muster.sip.stack.SipRequest;

/**
 * The {@code Path} each client registered through (RFC 3327), for the requests this instance
 * sends it: they go to the first proxy of the path with the path as their {@code Route} set
 * (loose routing), so a client behind a SIP proxy is reached through that proxy. Filled from
 * each REGISTER that came from a trusted proxy ({@code system.proxies}), from the store at start
 * and from the registrations taken over from a dead instance. Read on the send lanes.
 */
final class ClientRoutes {
  private final Map<McServiceClient, List<String>> paths = new ConcurrentHashMap<>();

  /** Where to send a request to a client, and the Route headers it carries. */
  record Route(ContactAddress nextHop, List<SipRequest.Header> headers) {}

  void registered(McServiceClient client, List<String> path) {
    if (path.isEmpty()) paths.remove(client);
    else paths.put(client, List.copyOf(path));
  }

  void ended(McServiceClient client) {
    paths.remove(client);
  }

  void load(Collection<Registration> registrations) {
    for (Registration r : registrations) registered(r.client(), r.path());
  }

  /** Straight to the Contact, or through the first proxy of the client's path. */
  Route to(McServiceClient client) {
    List<String> path = paths.getOrDefault(client, List.of());
    if (path.isEmpty()) return new Route(ContactAddress.of(client.contact()), List.of());
    return new Route(ContactAddress.of(uriOf(path.get(0))), path.stream().map(p -> new SipRequest.Header("Route", p)).toList());
  }

  /** The URI of a name-addr ({@code <sip:...;lr>}, with or without a display name), or the value itself. */
  static String uriOf(String nameAddr) {
    int open = nameAddr.indexOf('<');
    int close = nameAddr.indexOf('>', open + 1);
    return open >= 0 && close > open ? nameAddr.substring(open + 1, close) : nameAddr.trim();
  }
}
