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
 *
 * <p>Beyond PROVISIONING.md, {@code via} names the MC gateway server (TS 23.280 3.1) through which
 * a partner in another trust domain is reached: server-to-server requests then go to that address
 * and the partner's are accepted only from it ({@link #address()}); {@code certificate} is then the
 * gateway's. {@code sip} stays what the contract says it is, and is not used for SIP then.
 */
public record PartnerConfig(
    String id, String domain, HostPort sip, Set<Authorization> trust, Optional<X509Certificate> certificate, Optional<HostPort> via) {
  public PartnerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sip, "sip");
    domain = Objects.requireNonNull(domain, "domain").toLowerCase();
    trust = Set.copyOf(trust);
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(via, "via");
  }

  /** A partner reached directly (no gateway). */
  public PartnerConfig(String id, String domain, HostPort sip, Set<Authorization> trust, Optional<X509Certificate> certificate) {
    this(id, domain, sip, trust, certificate, Optional.empty());
  }

  /** A partner recognised by its address (no certificate). */
  public PartnerConfig(String id, String domain, HostPort sip, Set<Authorization> trust) {
    this(id, domain, sip, trust, Optional.empty());
  }

  /**
   * Where this system exchanges server-to-server SIP with the partner: its gateway's address when
   * it is reached through one ({@code via}), else its server's ({@code sip}).
   */
  public HostPort address() {
    return via.orElse(sip);
  }

  public boolean trusts(Authorization a) {
    return trust.contains(a);
  }
}
