package org.muster.core.config;

import java.util.Objects;
import java.util.Set;

/**
 * PROVISIONING.md {@code partners[]}: a partner MC system (TS 23.280 3.1), the SIP domain its
 * identities are homed in, its server's SIP address, and what it may ask of us ({@code trust}).
 */
public record PartnerConfig(String id, String domain, HostPort sip, Set<Authorization> trust) {
  public PartnerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sip, "sip");
    domain = Objects.requireNonNull(domain, "domain").toLowerCase();
    trust = Set.copyOf(trust);
  }

  public boolean trusts(Authorization a) {
    return trust.contains(a);
  }
}
