package org.muster.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.muster.app.provisioning.ProvisioningException;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.Credential;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipResponse;
import picocli.CommandLine.Option;

/** Options every client-side command shares: which system, which user, which service(s). */
public final class ClientSetup {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Provisioning file of the MC system to talk to.")
  Path config;

  @Option(names = "--user", required = true, paramLabel = "URI", description = "Your MC service ID, e.g. sip:disp1@metro.example.")
  String user;

  @Option(names = "--service", split = ",", paramLabel = "SERVICE", description = "mcptt, mcvideo, mcdata (default: mcptt).")
  List<String> services = new ArrayList<>(List.of("mcptt"));

  @Option(names = "--transport", paramLabel = "udp|tcp|tls", description = "SIP transport (default: udp); tls reaches the system's sips address.")
  String transport = "udp";

  @Option(names = "--ca", paramLabel = "FILE", description = "With --transport tls: PEM certificate(s) to trust, a CA's or the server's "
      + "(default: the certificate of the system's tls in --config).")
  Path ca;

  @Option(names = "--json", description = "Print JSON lines instead of readable lines.")
  boolean json;

  @Option(names = "--password", paramLabel = "PASSWORD", description = "Your password, for digest authentication (default: the "
      + "environment variable MUSTER_PASSWORD, then --credentials, then your credential in the --config file).")
  String password;

  @Option(names = "--credentials", paramLabel = "FILE", description = "A file of lines 'MC-SERVICE-ID PASSWORD' ('#' starts a comment).")
  Path credentials;

  /**
   * How long a command's registration lasts unless refreshed ({@code muster client} refreshes it
   * at half-time): a client stopped without logging off (killed, switched off) is dropped by the
   * server within this time.
   */
  static final int REGISTRATION_SECONDS = 300;

  /** Seconds {@link #connect} asks to be registered for. */
  int registrationSeconds = REGISTRATION_SECONDS;

  /** Seconds the server granted to the last {@link #connect}. */
  int grantedSeconds;

  /** A usage problem that names the field; the command prints it and exits 2. */
  static final class UsageProblem extends Exception {
    UsageProblem(String message) {
      super(message);
    }
  }

  McSystemConfig system() throws UsageProblem {
    try {
      return ProvisioningLoader.load(config);
    } catch (ProvisioningException e) {
      throw new UsageProblem(e.getMessage());
    }
  }

  McServiceId userId() throws UsageProblem {
    if (!SipUri.isValid(user)) throw new UsageProblem("--user: not a SIP URI: " + user);
    return new McServiceId(user);
  }

  Set<McService> serviceSet() throws UsageProblem {
    Set<McService> s = EnumSet.noneOf(McService.class);
    for (String w : services) {
      s.add(McService.fromWord(w.trim().toLowerCase()).orElseThrow(() -> new UsageProblem("--service: unknown service '" + w + "' (mcptt, mcvideo, mcdata)")));
    }
    return s;
  }

  McService firstService() throws UsageProblem {
    return serviceSet().iterator().next();
  }

  /** How long the first request waits before the client says nothing answers at the server's address. */
  static final int FIRST_ANSWER_SECONDS = 4;

  /** Starts a client toward the system's server and registers it; throws with the server's answer. */
  McClient connect(boolean acknowledge) throws UsageProblem {
    McSystemConfig sys = system();
    McServiceId id = userId();
    String t = transport.toUpperCase();
    if (!t.equals("UDP") && !t.equals("TCP") && !t.equals("TLS")) throw new UsageProblem("--transport: must be udp, tcp or tls, not " + transport);
    String host = sys.system().sip().host();
    String local = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    ClientOptions options = new ClientOptions(id, sys.domain(), local, sys.system().sip().port(), t.equals("TLS") ? "TCP" : t, local, 0, acknowledge);
    Optional<Credential> credential = credential(sys, id);
    if (credential.isPresent()) options = options.withCredential(credential.get());
    McClient c = McClient.start(t.equals("TLS") ? ClientTls.over(options, sys, Optional.ofNullable(ca)) : options);
    java.util.concurrent.CompletableFuture<SipResponse> registered = c.register(serviceSet(), registrationSeconds);
    try {
      // a server that runs answers a REGISTER at once: no answer soon means nothing listens there
      registered.get(FIRST_ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      c.close();
      throw new UsageProblem("no SIP answer from " + local + ":" + sys.system().sip().port() + " over " + t + " (system.sip in "
          + config + ") within " + FIRST_ANSWER_SECONDS + " s: is the server running?");
    } catch (Exception e) {
      // the answer (or failure) is read below
    }
    SipResponse r = await(registered);
    if (!r.isSuccess()) {
      c.close();
      String hint = r.status() == 401 ? " (wrong or no password: give --password, set MUSTER_PASSWORD, or --credentials FILE)" : "";
      throw new UsageProblem("registration of " + id + " refused: " + r.status() + " " + r.reason()
          + r.header("Warning").map(w -> " (" + w + ")").orElse("") + hint);
    }
    grantedSeconds = granted(r, registrationSeconds);
    return c;
  }

  /** The registration's lifetime the server granted ({@code Expires} of its 200), else what was asked. */
  static int granted(SipResponse r, int asked) {
    try {
      return r.header("Expires").map(v -> Integer.parseInt(v.trim())).filter(v -> v > 0).orElse(asked);
    } catch (NumberFormatException e) {
      return asked;
    }
  }

  /**
   * The credential to answer challenges with: {@code --password}, {@code MUSTER_PASSWORD}, the
   * {@code --credentials} file, or the user's HA1 in the provisioning file (digest needs no more),
   * in this order.
   */
  /** The user's credential ({@link #credential(McSystemConfig, McServiceId)}). */
  Optional<Credential> credential() throws UsageProblem {
    return credential(system(), McServiceId.of(user));
  }

  private Optional<Credential> credential(McSystemConfig sys, McServiceId id) throws UsageProblem {
    Optional<String> given = Optional.ofNullable(password).or(() -> Optional.ofNullable(System.getenv("MUSTER_PASSWORD")))
        .filter(p -> !p.isEmpty());
    if (given.isEmpty() && credentials != null) given = CredentialsFile.passwordOf(credentials, id);
    if (given.isPresent()) return Optional.of(Credential.ofPassword(UserConfig.digestUsername(id), id.domain(), given.get()));
    return sys.user(id).flatMap(UserConfig::credential);
  }

  static SipResponse await(java.util.concurrent.CompletableFuture<SipResponse> f) {
    try {
      return f.get(40, TimeUnit.SECONDS);
    } catch (Exception e) {
      return SipResponse.timeout();
    }
  }

  /** "200 OK" or "403 Forbidden: 148 group is regrouped". */
  /** "STATUS REASON: WARNING" with the text of every Warning (148 and 165 come with a second one naming the group). */
  static String describe(SipResponse r) {
    String w = warnings(r);
    return r.status() + " " + r.reason() + (w.isEmpty() ? "" : ": " + w);
  }

  static String warnings(SipResponse r) {
    return r.headers().stream().filter(h -> h.name().equalsIgnoreCase("Warning")).map(h -> warningText(h.value()))
        .collect(java.util.stream.Collectors.joining("; "));
  }

  static String warningText(String warning) {
    int q = warning.indexOf('"');
    int e = warning.lastIndexOf('"');
    return q >= 0 && e > q ? warning.substring(q + 1, e) : warning;
  }
}
