package org.muster.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * PROVISIONING.md {@code system}: the MC system's short name, SIP domain, SIP listen address,
 * optional admin HTTP address, the store (embedded database folder or JDBC URL), and how it
 * authenticates ({@link Security}), and how long cancelled regroups stay in the store ({@link Retention}).
 */
public record SystemSettings(String id, String domain, HostPort sip, Optional<HostPort> http, String store, Security security,
    Retention retention) {
  public SystemSettings {
    Objects.requireNonNull(id, "system.id");
    Objects.requireNonNull(domain, "system.domain");
    Objects.requireNonNull(sip, "system.sip");
    Objects.requireNonNull(http, "system.http");
    Objects.requireNonNull(store, "system.store");
    Objects.requireNonNull(security, "system security");
    Objects.requireNonNull(retention, "system.retention");
    domain = domain.toLowerCase();
  }

  /** Settings with the default {@link Retention}. */
  public SystemSettings(String id, String domain, HostPort sip, Optional<HostPort> http, String store, Security security) {
    this(id, domain, sip, http, store, security, Retention.defaults());
  }

  /** Settings with the default {@link Security} (digest, no TLS). */
  public SystemSettings(String id, String domain, HostPort sip, Optional<HostPort> http, String store) {
    this(id, domain, sip, http, store, Security.defaults());
  }

  /** True when {@code store} names a JDBC URL rather than an embedded database folder. */
  public boolean storeIsJdbcUrl() {
    return store.startsWith("jdbc:");
  }

  /** Same settings with another SIP address (tests and benchmarks bind port 0). */
  public SystemSettings withSip(HostPort newSip) {
    return new SystemSettings(id, domain, newSip, http, store, security, retention);
  }

  /** Same settings with another {@link Security}. */
  public SystemSettings withSecurity(Security newSecurity) {
    return new SystemSettings(id, domain, sip, http, store, newSecurity, retention);
  }

  /** Same settings with another {@link Retention}. */
  public SystemSettings withRetention(Retention newRetention) {
    return new SystemSettings(id, domain, sip, http, store, security, newRetention);
  }
}
