package org.muster.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.muster.app.provisioning.ProvisioningException;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.McSystemConfig;
import org.muster.core.port.StoreUnavailableException;
import org.muster.store.StoreMaintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code muster store export|reset --config FILE}: what an MC system's store holds, as JSON, and
 * starting it afresh. Both need the store to themselves where it is an embedded folder (a running
 * server holds it: stop it first). Exit codes as {@code muster server}'s: 2 for a bad file or
 * usage, 4 when the store cannot be opened (unreachable, or in use), 1 when a reset is not
 * confirmed or there is no store to export.
 */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Look into or reset an MC system's store (system.store).",
    subcommands = {StoreCommand.Export.class, StoreCommand.Reset.class})
public final class StoreCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** {@code muster store export}: read-only. */
  @Command(name = "export", mixinStandardHelpOptions = true, description = "Print what the store holds as JSON (read-only): regroups "
      + "in effect and the recently cancelled ones with their member steps, registrations, affiliations, cancels owed to partners, "
      + "marks of groups regrouped by another mechanism.")
  static final class Export implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Provisioning file whose system.store to read.")
    Path config;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON to FILE instead of standard output.")
    Path out;

    @Option(names = "--recent", paramLabel = "N", defaultValue = "20", description = "How many of the last cancelled regroups (default: 20).")
    int recent;

    @Override
    public Integer call() {
      if (recent < 0) return usage("export", "--recent: must be 0 or more, was " + recent);
      Optional<McSystemConfig> system = system(config, "export");
      if (system.isEmpty()) return 2;
      String store = system.get().system().store();
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("system", system.get().system().id());
      doc.put("store", where(store));
      doc.put("exportedAt", Instant.now().toString());
      try (StoreMaintenance m = StoreMaintenance.open(store)) {
        doc.putAll(m.export(recent));
      } catch (StoreMaintenance.Missing e) {
        System.err.println("muster store export: " + e.getMessage());
        return 1;
      } catch (StoreMaintenance.InUse | StoreUnavailableException e) {
        System.err.println("muster store export: " + e.getMessage());
        return 4;
      }
      try {
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc);
        if (out == null) {
          System.out.write(json);
          System.out.println();
          System.out.flush();
        } else {
          Files.write(out, json);
          System.err.println("muster store export: written to " + out);
        }
      } catch (IOException e) {
        System.err.println("muster store export: --out " + out + ": cannot write: " + e.getMessage());
        return 2;
      }
      return 0;
    }
  }

  /** {@code muster store reset}: asks first. */
  @Command(name = "reset", mixinStandardHelpOptions = true, description = "Delete everything the store holds (regroups, their history, "
      + "registrations, affiliations, cancels owed to partners, the GMS's documents, marks and keys): as a first start. Asks for the "
      + "system id unless --yes.")
  static final class Reset implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Provisioning file whose system.store to reset.")
    Path config;

    @Option(names = "--yes", description = "Do not ask (scripts); without it the system id must be typed on a terminal.")
    boolean yes;

    @Override
    public Integer call() {
      Optional<McSystemConfig> system = system(config, "reset");
      if (system.isEmpty()) return 2;
      String id = system.get().system().id();
      String store = system.get().system().store();
      try (StoreMaintenance m = StoreMaintenance.open(store)) {
        Optional<Integer> others = m.otherSessions();
        if (others.isPresent() && others.get() > 0) {
          System.err.println("muster store reset: " + others.get() + " other session(s) are connected to " + m.location().safeUrl()
              + " (muster server instances sharing it?): stop them first");
          return 4;
        }
        if (!yes && !confirmed(id, store)) return 1;
        Map<String, Integer> deleted = m.reset();
        System.out.println("muster store reset: the store of MC system " + id + " (" + where(store) + ") is empty now"
            + (deleted.isEmpty() ? " (it was already)" : "; deleted " + deleted.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).reduce((a, b) -> a + ", " + b).orElse("")));
        return 0;
      } catch (StoreMaintenance.Missing e) {
        System.out.println("muster store reset: " + e.getMessage());
        return 0;
      } catch (StoreMaintenance.InUse | StoreUnavailableException e) {
        System.err.println("muster store reset: " + e.getMessage());
        return 4;
      }
    }

    /** On a terminal, the operator types the system id; elsewhere (a script, a pipe) only --yes resets. */
    private static boolean confirmed(String id, String store) {
      Console console = System.console();
      if (console == null) {
        System.err.println("muster store reset: not on a terminal, so nobody can confirm: add --yes to reset the store of " + id);
        return false;
      }
      console.printf("This deletes every regroup, registration and affiliation that MC system %s keeps in %s.%n"
          + "Type the system id (%s) to confirm: ", id, where(store), id);
      String answer = console.readLine();
      if (answer == null || !answer.trim().equals(id)) {
        System.err.println("muster store reset: not confirmed, nothing deleted");
        return false;
      }
      return true;
    }
  }

  /** The store's folder from here, or its JDBC URL without credentials. */
  static String where(String store) {
    if (!store.startsWith("jdbc:")) return Path.of(store).toAbsolutePath().normalize().toString();
    int q = store.indexOf('?');
    return q < 0 ? store : store.substring(0, q);
  }

  private static Optional<McSystemConfig> system(Path config, String command) {
    try {
      return Optional.of(ProvisioningLoader.load(config));
    } catch (ProvisioningException e) {
      System.err.println(e.getMessage());
      return Optional.empty();
    }
  }

  private static int usage(String command, String problem) {
    System.err.println("muster store " + command + ": " + problem);
    return 2;
  }
}
