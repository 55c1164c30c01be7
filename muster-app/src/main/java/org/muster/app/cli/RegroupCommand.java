package org.muster.app.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipResponse;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code muster regroup}: an authorized user forms a group or user regroup (10.xx.3.2.1/.2). */
@Command(name = "regroup", mixinStandardHelpOptions = true,
    description = "Form a preconfigured group regroup (--groups) or user regroup (--users), print the result and the per-member outcome.")
public final class RegroupCommand implements Callable<Integer> {
  @Mixin ClientSetup setup;

  @Option(names = "--regroup-group", required = true, paramLabel = "URI", description = "MC service group ID of the regroup group.")
  String regroupGroup;

  @Option(names = "--preconfigured", required = true, paramLabel = "URI", description = "Group the configuration is taken from.")
  String preconfigured;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Targets targets;

  @Option(names = "--dry-run", description = "Change nothing: ask the system's admin API (system.http) what the regroup would do "
      + "(would it form or be refused and why, which groups conflict with which regroup, which partners would be asked, which clients "
      + "would be notified). Sends no SIP request.")
  boolean dryRun;

  @Option(names = "--expires", paramLabel = "WHEN", description = "Muster extension: the system cancels the regroup then, an ISO-8601 "
      + "duration after forming (PT30M) or instant (2026-12-08T12:00:00Z).")
  String expires;

  static final class Targets {
    @Option(names = "--groups", split = ",", paramLabel = "URI", description = "Groups to regroup.") List<String> groups;
    @Option(names = "--users", split = ",", paramLabel = "URI", description = "Users to regroup.") List<String> users;
  }

  @Override
  public Integer call() {
    try {
      McServiceGroupId rg = group("--regroup-group", regroupGroup);
      McServiceGroupId tmpl = group("--preconfigured", preconfigured);
      RegroupTargets t = targets.groups != null
          ? new RegroupTargets.Groups(targets.groups.stream().map(this::groupUnchecked).toList())
          : new RegroupTargets.Users(targets.users.stream().map(this::userUnchecked).toList());
      McService service = setup.firstService();
      if (expires != null) org.muster.core.flow.RegroupExpiry.parse(expires); // named before anything is sent
      if (dryRun) return Previews.print(setup, service, rg, tmpl, t);
      try (McClient c = setup.connect(true)) {
        SipResponse r = ClientSetup.await(expires == null ? c.regroup(service, rg, tmpl, t)
            : c.regroup(service, rg, tmpl, t, org.muster.core.flow.RegroupExpiry.parse(expires)));
        Outcomes.print(setup, rg, r, r.isSuccess() ? "formed" : "rejected");
        ClientSetup.await(c.logOff());
        return r.isSuccess() ? 0 : 1;
      }
    } catch (ClientSetup.UsageProblem | IllegalArgumentException e) {
      System.err.println("muster regroup: " + e.getMessage());
      return 2;
    }
  }

  private static McServiceGroupId group(String field, String uri) throws ClientSetup.UsageProblem {
    if (!SipUri.isValid(uri)) throw new ClientSetup.UsageProblem(field + ": not a SIP URI: " + uri);
    return new McServiceGroupId(uri);
  }

  private McServiceGroupId groupUnchecked(String uri) {
    if (!SipUri.isValid(uri)) throw new IllegalArgumentException("--groups: not a SIP URI: " + uri);
    return new McServiceGroupId(uri);
  }

  private McServiceId userUnchecked(String uri) {
    if (!SipUri.isValid(uri)) throw new IllegalArgumentException("--users: not a SIP URI: " + uri);
    return new McServiceId(uri);
  }
}
