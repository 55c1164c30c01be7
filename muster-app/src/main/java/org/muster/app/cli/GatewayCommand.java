package org.muster.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.muster.app.provisioning.GatewayLoader;
import org.muster.app.provisioning.ProvisioningException;
import org.muster.sip.gateway.GatewayConfig;
import org.muster.sip.gateway.MusterGateway;
import org.muster.sip.stack.SipBindException;
import org.muster.sip.stack.TlsSetupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code muster gateway --config FILE}: runs an MC gateway server (README "Trust domains") in the
 * foreground until SIGTERM/Ctrl-C. Exit codes as for {@code muster server}: 2 for a bad file or
 * TLS files that cannot be used, 3 when an address cannot be bound.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Run an MC gateway server between one MC system and its partners in other trust domains.")
public final class GatewayCommand implements Callable<Integer> {
  /** How long the gateway waits for the far side before it answers 408 itself (a -D option). */
  public static final String TIMEOUT_PROPERTY = "muster.gateway.timeout.ms";

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Gateway file (README, Trust domains).")
  Path config;

  @Override
  public Integer call() {
    GatewayConfig gw;
    try {
      gw = GatewayLoader.load(config);
    } catch (ProvisioningException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    String timeout = System.getProperty(TIMEOUT_PROPERTY);
    if (timeout != null) {
      try {
        long ms = Long.parseLong(timeout.trim());
        if (ms < 100 || ms > 32_000) throw new NumberFormatException();
        gw = gw.withTimeout(Duration.ofMillis(ms));
      } catch (NumberFormatException e) {
        System.err.println("muster: -D" + TIMEOUT_PROPERTY + " must be milliseconds, 100 to 32000, got '" + timeout + "'");
        return 2;
      }
    }
    MusterGateway gateway;
    try {
      gateway = MusterGateway.start(gw);
    } catch (SipBindException e) {
      System.err.println("muster: gateway " + gw.id() + " cannot listen: " + e.getMessage());
      return 3;
    } catch (TlsSetupException e) {
      System.err.println("muster: gateway " + gw.id() + " cannot offer SIP over TLS: " + e.getMessage());
      return 2;
    }
    String partners = gw.partners().stream().map(p -> p.peer().id() + " " + p.peer().domain()).collect(Collectors.joining(", "));
    Foreground.holdUntilStopped("muster-gateway-shutdown", gateway::close, String.format(
        "muster: gateway %s listening on sip inside %s:%d%s for %s (%s), outside %s:%d%s for %s", gw.id(), gateway.inside().host(),
        gateway.inside().port(), tls(gateway.insideTlsPort()), gw.system().id(), gw.system().domain(), gateway.outside().host(),
        gateway.outside().port(), tls(gateway.outsideTlsPort()), partners));
    return 0;
  }

  private static String tls(java.util.OptionalInt port) {
    return port.isPresent() ? " (UDP, TCP; TLS on " + port.getAsInt() + ")" : " (UDP, TCP)";
  }
}
