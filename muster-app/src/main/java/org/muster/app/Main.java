package org.muster.app;

import org.muster.app.cli.CancelCommand;
import org.muster.app.cli.ReleaseCommand;
import org.muster.app.cli.CheckCommand;
import org.muster.app.cli.ClientCommand;
import org.muster.app.cli.GatewayCommand;
import org.muster.app.cli.RegroupCommand;
import org.muster.app.cli.GmsCommand;
import org.muster.app.cli.ServerCommand;
import org.muster.app.cli.StatusCommand;
import org.muster.app.cli.HistoryCommand;
import org.muster.app.cli.StoreCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code muster} command: the MC service server, the MC client, and dispatcher commands. */
@Command(
    name = "muster",
    mixinStandardHelpOptions = true,
    version = "muster 0.1.0",
    description = "3GPP MC preconfigured regrouping (TS 23.280 10.xx): server, client and dispatcher tools.",
    subcommands = {ServerCommand.class, GatewayCommand.class, CheckCommand.class, StoreCommand.class, GmsCommand.class, ClientCommand.class, RegroupCommand.class, CancelCommand.class, StatusCommand.class, HistoryCommand.class, ReleaseCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** Where regroup events go (logback.xml): {@code file} or {@code stderr}; a -D option or an environment variable. */
  public static final String EVENTS_TO = "MUSTER_EVENTS_TO";

  public static void main(String[] args) {
    // muster server writes its events to their own rolling file unless told otherwise; set
    // before anything logs (logback reads it once, at its start)
    if (args.length > 0 && args[0].equals("server") && System.getProperty(EVENTS_TO) == null && System.getenv(EVENTS_TO) == null) {
      System.setProperty(EVENTS_TO, "file");
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
      cmd.getErr().println("muster: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      return 2;
    });
    return cl.execute(args);
  }
}
