package org.muster.core.config;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * PROVISIONING.md {@code partners[]}: a partner MC system (TS 23.280 3.1), the SIP domain its
 * identities are homed in, its server's SIP address, what it may ask of us ({@code trust}), and
 * optionally its server's TLS certificate ({@code certificate}): with one, both directions use
 * mutual TLS and the partner is recognised by that certificate alone (WIRE.md, Authentication).
 */
public record PartnerConfig(String id, String domain, HostPort sip, Set<Authorization> trust, Optional<X509Certificate> certificate) {
  public PartnerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sip, "sip");
    domain = Objects.requireNonNull(domain, "domain").toLowerCase();
    trust = Set.copyOf(trust);
    Objects.requireNonNull(certificate, "certificate");
  }

  /** A partner recognised by its address (no certificate). */
  public PartnerConfig(String id, String domain, HostPort sip, Set<Authorization> trust) {
    this(id, domain, sip, trust, Optional.empty());
  }

  public boolean trusts(Authorization a) {
    return trust.contains(a);
  }
}
