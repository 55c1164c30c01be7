package org.muster.sip.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.muster.core.config.HostPort;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.TlsIdentity;

/**
 * One MC gateway server: where it listens toward the MC system of its own trust domain ({@code
 * inside}) and toward the partners in other trust domains ({@code outside}), that system and those
 * partners (each as a {@link PartnerConfig}: id, domain, SIP address, optional pinned
 * certificate), and what each partner may send in. Read from {@code muster gateway --config FILE}.
 *
 * @param id the gateway's short name; with the inside domain, its warn-agent ({@code ID.DOMAIN})
 * @param inside where the inside system's server reaches the gateway (its {@code partners[].via})
 * @param outside where the partners reach the gateway (their {@code partners[].sip})
 * @param tls the gateway's certificate and key, with {@code insideSips} and/or {@code outsideSips}
 * @param system the MC system inside the trust domain ({@code trust} unused)
 * @param partners the partner systems outside, in file order
 * @param timeout how long the gateway waits for the far side before it answers 408 itself
 */
public record GatewayConfig(
    String id,
    HostPort inside,
    HostPort outside,
    Optional<TlsIdentity> tls,
    Optional<HostPort> insideSips,
    Optional<HostPort> outsideSips,
    PartnerConfig system,
    List<Partner> partners,
    Duration timeout) {
  /** Default for {@link #timeout}: below the servers' 5 s partner deadline, so they hear a 408 first. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(4000);

  public GatewayConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(inside, "inside");
    Objects.requireNonNull(outside, "outside");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(insideSips, "insideSips");
    Objects.requireNonNull(outsideSips, "outsideSips");
    Objects.requireNonNull(system, "system");
    partners = List.copyOf(partners);
    Objects.requireNonNull(timeout, "timeout");
  }

  /** A partner system outside, and the request kinds it may send in through the gateway. */
  public record Partner(PartnerConfig peer, Set<RequestKind> may) {
    public Partner {
      Objects.requireNonNull(peer, "peer");
      may = Set.copyOf(may);
    }
  }

  /** The gateway's name in its Warning headers. */
  public String warnAgent() {
    return id + "." + system.domain();
  }

  public Optional<Partner> partnerForDomain(String domain) {
    return partners.stream().filter(p -> p.peer().domain().equalsIgnoreCase(domain)).findFirst();
  }

  public GatewayConfig withTimeout(Duration t) {
    return new GatewayConfig(id, inside, outside, tls, insideSips, outsideSips, system, partners, t);
  }
}
