package org.muster.core.config;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McServiceId;

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
 *
 * <p>Also beyond it: {@code migratedUsers}, the partner's users that may obtain service here
 * (migration, TS 23.280 3.1: this system is then their partner MC system, serving them on the
 * profile their primary defines, of which our provisioning holds a copy); {@code releaseAfter},
 * how long a regroup this partner formed here may go on while the partner cannot be reached
 * before it is released here on its own (empty: never).
 */
public record PartnerConfig(String id, String domain, HostPort sip, Set<Authorization> trust, Optional<X509Certificate> certificate,
    Optional<HostPort> via, Set<McServiceId> migratedUsers, Optional<Duration> releaseAfter) {
  public PartnerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sip, "sip");
    domain = Objects.requireNonNull(domain, "domain").toLowerCase();
    trust = Set.copyOf(trust);
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(via, "via");
    migratedUsers = Set.copyOf(migratedUsers);
    Objects.requireNonNull(releaseAfter, "releaseAfter");
  }

  /** A partner without migrated users or release timer. */
  public PartnerConfig(String id, String domain, HostPort sip, Set<Authorization> trust, Optional<X509Certificate> certificate,
      Optional<HostPort> via) {
    this(id, domain, sip, trust, certificate, via, Set.of(), Optional.empty());
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

  /** True when {@code user}, homed in this partner, may obtain service here (migration). */
  public boolean migrates(McServiceId user) {
    return migratedUsers.contains(user);
  }
}
