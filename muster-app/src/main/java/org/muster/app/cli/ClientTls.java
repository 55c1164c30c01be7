package org.muster.app.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.muster.app.cli.ClientSetup.UsageProblem;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.stack.PemFiles;
import org.muster.sip.stack.TlsSetupException;

/**
 * {@code --transport tls}: the client reaches the system's {@code system.sips} address and trusts
 * the certificates of {@code --ca FILE}, by default the system's own certificate ({@code
 * system.tls.certificate} of the provisioning file given with {@code --config}).
 */
final class ClientTls {
  private ClientTls() {}

  static ClientOptions over(ClientOptions options, McSystemConfig system, Optional<Path> ca) throws UsageProblem {
    Optional<HostPort> sips = system.system().security().sips();
    if (sips.isEmpty()) {
      throw new UsageProblem("--transport tls: MC system " + system.system().id() + " offers no SIP over TLS (no system.sips in its provisioning)");
    }
    String host = sips.get().host().equals("0.0.0.0") ? "127.0.0.1" : sips.get().host();
    return options.withTls(host, sips.get().port(), trusted(system, ca));
  }

  private static List<X509Certificate> trusted(McSystemConfig system, Optional<Path> ca) throws UsageProblem {
    try {
      if (ca.isPresent()) return PemFiles.certificates(ca.get());
    } catch (TlsSetupException e) {
      throw new UsageProblem("--ca: " + e.getMessage());
    }
    Path own = system.system().security().tls().orElseThrow().certificate();
    try {
      return PemFiles.certificates(own);
    } catch (TlsSetupException e) {
      throw new UsageProblem("tls.certificate of " + system.system().id() + ": " + e.getMessage());
    }
  }
}
