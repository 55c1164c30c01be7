package org.muster.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an MC system makes sure that nobody acts as somebody else (PROVISIONING.md {@code
 * system.authentication}, {@code digest-algorithms}, {@code sips}, {@code tls}, {@code
 * admin-token}; WIRE.md "Authentication and identity binding").
 *
 * @param digestAlgorithms the algorithms offered, one challenge each, in this order
 * @param sips SIP over TLS listen address, offered to clients and used with partners
 * @param tls this server's certificate and key (required with {@code sips})
 * @param adminToken the bearer token of the admin API, if one is configured
 * @param unauthenticatedPerSecond how many requests per second one source address may have
 *     challenged or refused before it authenticates (a burst of five seconds' worth)
 * @param clientsPerUser how many clients (registered Contacts) one user may have at once
 * @param clientsPerSource how many clients may be registered at once from one source address
 *     (the IP address the REGISTERs came from), whatever their users
 * @param proxies the SIP proxies in front of this system ({@code system.proxies}, a Muster
 *     extension): the only addresses whose {@code Path} a REGISTER is recorded with
 */
public record Security(
    Authentication authentication,
    List<DigestAlgorithm> digestAlgorithms,
    Optional<HostPort> sips,
    Optional<TlsIdentity> tls,
    Optional<String> adminToken,
    int unauthenticatedPerSecond,
    int clientsPerUser,
    int clientsPerSource,
    List<HostPort> proxies) {
  public static final List<DigestAlgorithm> DEFAULT_ALGORITHMS = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
  /**
   * Per source address and second: enough for a fleet of radios behind one NAT to register again
   * after an outage within a minute or so, while one flooding address costs little.
   */
  public static final int DEFAULT_UNAUTHENTICATED_PER_SECOND = 200;
  /** A radio, a console and a few spares per user; 1,000 bindings once made one 200 answer 39 KB. */
  public static final int DEFAULT_CLIENTS_PER_USER = 10;
  /**
   * Room for a large fleet behind one NAT or one front proxy, while one address cannot fill the
   * registrar (users times {@link #DEFAULT_CLIENTS_PER_USER} is the other bound).
   */
  public static final int DEFAULT_CLIENTS_PER_SOURCE = 10_000;

  public Security {
    Objects.requireNonNull(authentication, "authentication");
    digestAlgorithms = List.copyOf(digestAlgorithms);
    if (digestAlgorithms.isEmpty()) throw new IllegalArgumentException("digest-algorithms is empty");
    Objects.requireNonNull(sips, "sips");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(adminToken, "adminToken");
    if (sips.isPresent() && tls.isEmpty()) throw new IllegalArgumentException("sips needs tls");
    if (unauthenticatedPerSecond < 1) throw new IllegalArgumentException("unauthenticated-limit must be at least 1");
    if (clientsPerUser < 1) throw new IllegalArgumentException("clients-per-user must be at least 1");
    if (clientsPerSource < 1) throw new IllegalArgumentException("clients-per-source must be at least 1");
    proxies = List.copyOf(proxies);
  }

  /** With the default limit for unauthenticated requests. */
  public Security(Authentication authentication, List<DigestAlgorithm> digestAlgorithms, Optional<HostPort> sips,
      Optional<TlsIdentity> tls, Optional<String> adminToken) {
    this(authentication, digestAlgorithms, sips, tls, adminToken, DEFAULT_UNAUTHENTICATED_PER_SECOND, DEFAULT_CLIENTS_PER_USER, DEFAULT_CLIENTS_PER_SOURCE, List.of());
  }

  /** Digest with SHA-256 then MD5, no TLS, no admin token: what a file without these keys means. */
  public static Security defaults() {
    return new Security(Authentication.DIGEST, DEFAULT_ALGORITHMS, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Authentication off (lab mode). */
  public static Security none() {
    return new Security(Authentication.NONE, DEFAULT_ALGORITHMS, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean authenticates() {
    return authentication == Authentication.DIGEST;
  }

  public Security withAuthentication(Authentication a) {
    return new Security(a, digestAlgorithms, sips, tls, adminToken, unauthenticatedPerSecond, clientsPerUser, clientsPerSource, proxies);
  }

  public Security withUnauthenticatedLimit(int perSecond) {
    return new Security(authentication, digestAlgorithms, sips, tls, adminToken, perSecond, clientsPerUser, clientsPerSource, proxies);
  }

  public Security withClientsPerUser(int max) {
    return new Security(authentication, digestAlgorithms, sips, tls, adminToken, unauthenticatedPerSecond, max, clientsPerSource, proxies);
  }

  public Security withClientsPerSource(int max) {
    return new Security(authentication, digestAlgorithms, sips, tls, adminToken, unauthenticatedPerSecond, clientsPerUser, max, proxies);
  }

  public Security withProxies(List<HostPort> newProxies) {
    return new Security(authentication, digestAlgorithms, sips, tls, adminToken, unauthenticatedPerSecond, clientsPerUser, clientsPerSource, newProxies);
  }

  /**
   * True when a request from {@code host}:{@code port} over {@code transport} comes from a
   * configured proxy: the same IP address, and over UDP also the same port (over TCP and TLS the
   * proxy's source port is its own choice).
   */
  public boolean fromProxy(String host, int port, String transport) {
    for (HostPort p : proxies) {
      if (p.host().equalsIgnoreCase(host) && (p.port() == port || !"UDP".equalsIgnoreCase(transport))) return true;
    }
    return false;
  }

  public Security withSips(Optional<HostPort> newSips) {
    return new Security(authentication, digestAlgorithms, newSips, tls, adminToken, unauthenticatedPerSecond, clientsPerUser, clientsPerSource, proxies);
  }

  @Override
  public String toString() {
    return "Security[" + authentication.word() + " " + digestAlgorithms + ", sips=" + sips + ", tls=" + tls
        + ", adminToken=" + (adminToken.isPresent() ? "(set)" : "(none)") + ", unauthenticated-limit=" + unauthenticatedPerSecond + "/s, clients-per-user=" + clientsPerUser + ", proxies=" + proxies + "]";
  }
}
