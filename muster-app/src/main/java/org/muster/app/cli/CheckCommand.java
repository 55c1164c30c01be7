package org.muster.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.muster.app.provisioning.ProvisioningException;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.Retention;
import org.muster.core.config.SystemSettings;
import org.muster.sip.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code muster check --config FILE}: the checks {@code muster server} makes of its provisioning
 * file and its {@code -D} settings before it starts anything, and a short summary of what it
 * would run. Exit code 0 when the server would start with it, 2 with one line per problem (the
 * same lines, and code, as {@code muster server}). Opens no socket and no store.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Validate a provisioning file as 'muster server' would and print a summary (exit 0), or its problems (exit 2).")
public final class CheckCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Provisioning file (docs/provisioning.md).")
  Path config;

  @Override
  public Integer call() {
    McSystemConfig system;
    try {
      system = ProvisioningLoader.loadForServer(config);
      ServerSettings.fromSystemProperties(); // -D options, through MUSTER_JAVA_OPTS
    } catch (ProvisioningException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println("muster: " + e.getMessage());
      return 2;
    }
    System.out.print(summary(config, system));
    System.out.flush();
    return 0;
  }

  /** What {@code muster server --config file} would run, one line per part. */
  static String summary(Path file, McSystemConfig c) {
    SystemSettings s = c.system();
    long preconfigured = c.groups().values().stream().filter(GroupConfig::preconfiguredRegroupOnly).count();
    StringBuilder b = new StringBuilder();
    b.append(file).append(": OK, MC system ").append(s.id()).append(" (domain ").append(s.domain()).append(")\n");
    line(b, "sip", s.sip() + " (UDP, TCP)" + s.security().sips().map(x -> ", " + x + " (TLS)").orElse(""));
    line(b, "http", s.http().map(h -> h + " (admin API, " + (s.security().adminToken().isPresent() ? "admin token set"
        : "no admin token: read-only") + ")").orElse("none (no admin API)"));
    line(b, "authentication", s.security().authentication().word() + (s.security().authenticates()
        ? " (" + s.security().digestAlgorithms().stream().map(DigestAlgorithm::token).collect(Collectors.joining(", ")) + ")"
        : ": " + s.security().authentication().warning().orElse("")));
    line(b, "users", String.valueOf(c.users().size()));
    line(b, "groups", c.groups().size() + " (" + preconfigured + " preconfigured)");
    line(b, "partners", c.partners().isEmpty() ? "none"
        : c.partners().size() + " (" + c.partners().stream().map(p -> p.id() + " " + p.domain() + " at " + p.sip() + p.via().map(v -> " via gateway " + v).orElse(""))
            .collect(Collectors.joining(", ")) + ")");
    line(b, "store", store(s.store()));
    Retention r = s.retention();
    line(b, "retention", "cancelled regroups kept " + r.days() + " days, " + r.regroups() + " at most; history " + r.historyDays() + " days");
    return b.toString();
  }

  /** An embedded folder (where it lands from here) or a JDBC URL without its credentials. */
  static String store(String store) {
    if (!store.startsWith("jdbc:")) {
      return "embedded H2 database in " + store + " (" + Path.of(store).toAbsolutePath().normalize() + " from this working directory)";
    }
    int q = store.indexOf('?');
    return "JDBC " + (q < 0 ? store : store.substring(0, q) + "?...");
  }

  private static void line(StringBuilder b, String name, String value) {
    b.append("  ").append(String.format("%-15s", name)).append(value).append('\n');
  }
}
