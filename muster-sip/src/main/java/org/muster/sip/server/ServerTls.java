package org.muster.sip.server;

import java.util.List;
import java.util.Optional;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.Security;
import org.muster.core.config.TlsIdentity;
import org.muster.sip.stack.TlsCredentials;
import org.muster.sip.stack.TlsSettings;
import org.muster.sip.stack.TlsSetupException;

/**
 * The server's SIP over TLS from provisioning (WIRE.md, Authentication and identity binding):
 * offered to clients on {@code system.sips} with the certificate and key of {@code system.tls},
 * and used toward the partners provisioned with a {@code certificate} (mutual TLS, each side
 * pinning the other's certificate: {@link PartnerCertificates}).
 */
final class ServerTls {
  private ServerTls() {}

  /**
   * The endpoint's TLS, or empty without {@code system.sips}. Throws {@link TlsSetupException}
   * naming the file when a PEM file cannot be used, or when a partner has a certificate but this
   * system offers no TLS to reach it with.
   */
  static Optional<TlsSettings> settings(McSystemConfig config) {
    Security security = config.system().security();
    List<PartnerConfig> pinned = config.partners().stream().filter(p -> p.certificate().isPresent()).toList();
    if (security.sips().isEmpty()) {
      if (!pinned.isEmpty()) {
        throw new TlsSetupException("partner " + pinned.get(0).id() + " has a certificate (mutual TLS), but system.sips and "
            + "system.tls are not provisioned: this server has no TLS to reach it with");
      }
      return Optional.empty();
    }
    HostPort sips = security.sips().get();
    TlsIdentity identity = security.tls().orElseThrow();
    TlsCredentials credentials = TlsCredentials.fromPem(identity.certificate(), identity.key());
    return Optional.of(TlsSettings.server(sips.host(), sips.port(), credentials, new PartnerCertificates(config.partners())));
  }
}
