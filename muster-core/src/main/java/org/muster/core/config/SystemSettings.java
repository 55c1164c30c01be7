package org.muster.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * PROVISIONING.md {@code system}: the MC system's short name, SIP domain, SIP listen address,
 * optional admin HTTP address and the store (embedded database folder or JDBC URL).
 */
public record SystemSettings(String id, String domain, HostPort sip, Optional<HostPort> http, String store) {
  public SystemSettings {
    Objects.requireNonNull(id, "system.id");
    Objects.requireNonNull(domain, "system.domain");
    Objects.requireNonNull(sip, "system.sip");
    Objects.requireNonNull(http, "system.http");
    Objects.requireNonNull(store, "system.store");
    domain = domain.toLowerCase();
  }

  /** True when {@code store} names a JDBC URL rather than an embedded database folder. */
  public boolean storeIsJdbcUrl() {
    return store.startsWith("jdbc:");
  }

  /** Same settings with another SIP address (tests and benchmarks bind port 0). */
  public SystemSettings withSip(HostPort newSip) {
    return new SystemSettings(id, domain, newSip, http, store);
  }
}
