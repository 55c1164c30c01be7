package org.muster.sip.gateway;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.muster.core.config.HostPort;
import org.muster.core.config.PartnerConfig;
import org.muster.sip.server.PartnerCertificates;
import org.muster.sip.stack.JainSipEndpoint;
import org.muster.sip.stack.JainSipOptions;
import org.muster.sip.stack.SipEndpoint;
import org.muster.sip.stack.TlsCredentials;
import org.muster.sip.stack.TlsSettings;

/**
 * A running MC gateway server ({@link GatewayConfig}): two SIP endpoints of its own, one facing the
 * MC system of its trust domain ({@code inside}), one facing the partners ({@code outside}), each
 * with SIP over TLS when provisioned, and the {@link GatewayRelay} between them. Neither side ever
 * sees the other's addresses: each only talks to the endpoint facing it.
 */
public final class MusterGateway implements AutoCloseable {
  private final GatewayConfig config;
  private final GatewayRelay relay;
  private final JainSipEndpoint inside;
  private final JainSipEndpoint outside;

  private MusterGateway(GatewayConfig config, GatewayRelay relay, JainSipEndpoint inside, JainSipEndpoint outside) {
    this.config = config;
    this.relay = relay;
    this.inside = inside;
    this.outside = outside;
  }

  /**
   * Binds both sides and starts relaying.
   *
   * @throws org.muster.sip.stack.SipBindException when an address cannot be bound (nothing left running)
   * @throws org.muster.sip.stack.TlsSetupException when the TLS files cannot be used (nothing left running)
   */
  public static MusterGateway start(GatewayConfig config) {
    GatewayRelay relay = new GatewayRelay(config, new OpaqueTokens());
    JainSipOptions options = JainSipOptions.defaults().withThreadPoolSize(4);
    Optional<TlsCredentials> credentials = config.tls().map(t -> TlsCredentials.fromPem(t.certificate(), t.key()));
    JainSipEndpoint in = JainSipEndpoint.start("gateway-" + config.id() + "-inside", config.inside().host(), config.inside().port(),
        relay::fromInside, options, tls(config.insideSips(), credentials, List.of(config.system())));
    JainSipEndpoint out;
    try {
      out = JainSipEndpoint.start("gateway-" + config.id() + "-outside", config.outside().host(), config.outside().port(),
          relay::fromOutside, options, tls(config.outsideSips(), credentials,
              config.partners().stream().map(GatewayConfig.Partner::peer).toList()));
    } catch (RuntimeException e) {
      in.close();
      throw e;
    }
    relay.insideEndpoint = in;
    relay.outsideEndpoint = out;
    return new MusterGateway(config, relay, in, out);
  }

  /** TLS on one side: the gateway's certificate, and the peers of that side pinned as the servers do. */
  private static Optional<TlsSettings> tls(Optional<HostPort> sips, Optional<TlsCredentials> credentials, List<PartnerConfig> peers) {
    if (sips.isEmpty() || credentials.isEmpty()) return Optional.empty();
    return Optional.of(TlsSettings.server(sips.get().host(), sips.get().port(), credentials.get(), new PartnerCertificates(peers)));
  }

  public GatewayConfig config() {
    return config;
  }

  public SipEndpoint inside() {
    return inside;
  }

  public SipEndpoint outside() {
    return outside;
  }

  public OptionalInt insideTlsPort() {
    return inside.tlsPort();
  }

  public OptionalInt outsideTlsPort() {
    return outside.tlsPort();
  }

  /** Requests relayed (answered by the far side, or by the gateway's 408/503 for it). */
  public long relayed() {
    return relay.relayed();
  }

  /** Requests refused here with 403. */
  public long refused() {
    return relay.refused();
  }

  @Override
  public void close() {
    outside.close();
    inside.close();
  }
}
