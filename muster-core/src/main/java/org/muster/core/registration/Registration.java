package org.muster.core.registration;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/**
 * One registered client: its Contact, the MC services it registered for, its expiry, and the
 * {@code Path} its REGISTER came over (RFC 3327: the proxies' URIs, first the one nearest this
 * server; empty when it came straight), which requests to the client are routed through.
 */
public record Registration(McServiceClient client, Set<McService> services, Instant expiresAt, List<String> path) {
  public Registration {
    services = Set.copyOf(services);
    path = List.copyOf(path);
  }

  /** A registration that came straight, with no proxy in between. */
  public Registration(McServiceClient client, Set<McService> services, Instant expiresAt) {
    this(client, services, expiresAt, List.of());
  }

  public boolean serves(McService service) {
    return services.contains(service);
  }
}
