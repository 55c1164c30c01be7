package org.muster.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.muster.core.id.SipUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code muster release}: an operator of a partner system ends a regroup that a primary formed
 * there, when the primary cannot cancel it (beyond the seed; {@code POST /api/partner-regroups/release}).
 */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = "End here a regroup a partner system formed here as its primary (needs system.http and the admin token).")
public final class ReleaseCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The provisioning file of this (the partner) system.")
  java.nio.file.Path config;

  @Option(names = "--regroup-group", required = true, paramLabel = "URI", description = "MC service group ID of the primary's regroup group.")
  String regroupGroup;

  @Option(names = "--by", paramLabel = "NAME", description = "Who releases it, logged and told to the primary (default: the login name).")
  String by = System.getProperty("user.name", "");

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, told to the primary.")
  String reason = "";

  @Override
  public Integer call() {
    ClientSetup s = new ClientSetup();
    s.config = config;
    try {
      if (!SipUri.isValid(regroupGroup)) throw new ClientSetup.UsageProblem("--regroup-group: not a SIP URI: " + regroupGroup);
      if (by == null || by.isBlank()) throw new ClientSetup.UsageProblem("--by: give the operator's name");
      var sys = s.system();
      if (sys.system().http().isEmpty()) throw new ClientSetup.UsageProblem("system.http is not set in " + config + ": no admin API to ask");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("regroupGroup", regroupGroup);
      body.put("by", by);
      body.put("reason", reason);
      AdminPost.Answer a = AdminPost.post(sys, sys.system().http().get(), "/api/partner-regroups/release", body, config);
      if (a.status() != 200) {
        System.err.println("muster release: " + a.body().path("error").asText("refused (" + a.status() + ")"));
        return a.status() == 400 ? 2 : 1;
      }
      System.out.println("regroup " + regroupGroup + " released here by " + a.body().path("by").asText() + ": "
          + a.body().path("clients").asInt() + " client(s) sent the cancel; primary " + a.body().path("primary").asText() + " told");
      return 0;
    } catch (ClientSetup.UsageProblem e) {
      System.err.println("muster release: " + e.getMessage());
      return 2;
    }
  }
}
