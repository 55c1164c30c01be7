package org.muster.app.cli;

import org.muster.app.Servers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.muster.app.admin.AdminHttp;
import org.muster.app.provisioning.ProvisioningException;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.McSystemConfig;
import org.muster.core.port.StoreUnavailableException;
import org.muster.sip.server.MusterServer;
import org.muster.sip.server.ServerSettings;
import org.muster.sip.stack.SipBindException;
import org.muster.sip.stack.TlsSetupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code muster server --config FILE}: runs one MC system in the foreground until SIGTERM/Ctrl-C.
 * Lab mode ({@code authentication: none}) is announced by one warning line on stderr; an admin API
 * beyond loopback without a token is a provisioning error (exit 2, nothing started).
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the MC service server of one MC system.")
public final class ServerCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Provisioning file (PROVISIONING.md).")
  Path config;

  @Override
  public Integer call() {
    McSystemConfig system;
    try {
      system = ProvisioningLoader.loadForServer(config);
    } catch (ProvisioningException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    ServerSettings settings;
    try {
      settings = ServerSettings.fromSystemProperties(); // -D options, through MUSTER_JAVA_OPTS
    } catch (IllegalArgumentException e) {
      System.err.println("muster: " + e.getMessage());
      return 2;
    }
    system.system().security().authentication().warning().ifPresent(w -> System.err.println("muster: WARNING: " + w));
    MusterServer server;
    try {
      server = Servers.durable(system, settings);
    } catch (StoreUnavailableException e) {
      // the store is opened (and its state restored) before anything listens: nothing runs
      System.err.println("muster: cannot open the store of MC system " + system.system().id() + ": " + e.getMessage());
      return 4;
    } catch (SipBindException e) {
      System.err.println("muster: cannot listen on sip " + system.system().sip() + ": " + e.getMessage());
      return 3;
    } catch (TlsSetupException e) {
      System.err.println("muster: cannot offer SIP over TLS for MC system " + system.system().id() + ": " + e.getMessage());
      return 2;
    }
    AdminHttp admin = null;
    try {
      if (system.system().http().isPresent()) admin = AdminHttp.start(server, system.system().http().get());
    } catch (java.io.IOException e) {
      server.close();
      System.err.println("muster: cannot listen on http " + system.system().http().get() + ": " + e.getMessage());
      return 3;
    } catch (IllegalArgumentException e) {
      // the loader refused this already (with the line); kept for a name that resolved differently since
      server.close();
      System.err.println("muster: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AdminHttp adminRef = admin;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (adminRef != null) adminRef.close();
      server.close();
      stopped.countDown();
    }, "muster-shutdown"));
    String sips = server.sipsPort().isEmpty() ? ""
        : ", sips " + system.system().security().sips().get().host() + ":" + server.sipsPort().getAsInt() + " (TLS)";
    System.out.printf("muster: MC system %s (%s) listening on sip %s:%d (UDP, TCP)%s%s%n", system.system().id(), system.domain(),
        server.sipHost(), server.sipPort(), sips, admin == null ? "" : ", admin http://" + system.system().http().get().host() + ":" + admin.port());
    sayWhatTheStoreKept(server, config);
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * State survives restarts by design; a newcomer restarting the sample learns it here, not from a
   * 165 or 148 later: one line when regroups of an earlier run are still in effect.
   */
  private static void sayWhatTheStoreKept(MusterServer server, Path config) {
    try {
      java.util.List<String> kept = server.query(core -> core.activeRegroups().stream().map(r -> r.regroupGroup().uri()).sorted().toList())
          .get(5, java.util.concurrent.TimeUnit.SECONDS);
      if (kept.isEmpty()) return;
      System.out.println("muster: " + kept.size() + " regroup(s) of an earlier run still in effect from the store (" + String.join(", ", kept)
          + "): they stay until cancelled (muster cancel), or until the store is emptied: stop the server, then muster store reset --config "
          + config);
    } catch (Exception e) {
      // the core did not answer at once: nothing to say here, the server runs
    }
  }
}
