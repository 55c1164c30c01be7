package org.muster.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.muster.app.Servers;
import org.muster.app.admin.GmsHttp;
import org.muster.app.provisioning.ProvisioningException;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.port.StoreUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code muster gms --config FILE --http HOST:PORT}: the system's group management server as its
 * own process, beside the servers, on the store they share: its group documents, its marks and
 * each user's configuration over HTTP. The servers keep their embedded GMS for what needs SIP
 * (sharing with partners) and follow what this one changes through the store (its change feed).
 */
@Command(name = "gms", mixinStandardHelpOptions = true, description = "Run the group management server of one MC system on its own.")
public final class GmsCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Provisioning file (PROVISIONING.md); system.store must be shared.")
  Path config;

  @Option(names = "--http", required = true, paramLabel = "HOST:PORT", description = "Where the GMS's HTTP interface listens.")
  String http;

  @Override
  public Integer call() {
    McSystemConfig system;
    HostPort address;
    try {
      system = ProvisioningLoader.loadForServer(config);
      address = HostPort.parse(http);
    } catch (ProvisioningException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println("muster gms: --http: " + e.getMessage());
      return 2;
    }
    Servers.StandaloneGms gms;
    try {
      gms = Servers.standaloneGms(system);
    } catch (IllegalArgumentException e) {
      System.err.println("muster gms: " + e.getMessage());
      return 2;
    } catch (StoreUnavailableException e) {
      System.err.println("muster gms: cannot open the store of MC system " + system.system().id() + ": " + e.getMessage());
      return 4;
    }
    GmsHttp web;
    try {
      web = GmsHttp.start(system, gms.gms(), gms.groups(), gms::regroupsInEffect, address);
    } catch (java.io.IOException e) {
      gms.close();
      System.err.println("muster gms: cannot listen on http " + address + ": " + e.getMessage());
      return 3;
    } catch (IllegalArgumentException e) {
      gms.close();
      System.err.println("muster gms: " + e.getMessage());
      return 2;
    }
    Foreground.holdUntilStopped("muster-gms-shutdown", () -> {
      web.close();
      gms.close();
    }, String.format("muster: GMS of MC system %s (%s) listening on http://%s:%d", system.system().id(), system.domain(), address.host(),
        web.port()));
    return 0;
  }
}
