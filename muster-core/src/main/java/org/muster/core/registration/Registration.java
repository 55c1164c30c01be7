package org.muster.core.registration;

import java.time.Instant;
import java.util.Set;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;

/** One registered client: its Contact, the MC services it registered for, and its expiry. */
public record Registration(McServiceClient client, Set<McService> services, Instant expiresAt) {
  public Registration {
    services = Set.copyOf(services);
  }

  public boolean serves(McService service) {
    return services.contains(service);
  }
}
