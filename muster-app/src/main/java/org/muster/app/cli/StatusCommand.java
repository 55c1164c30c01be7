package org.muster.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code muster status}: a regroup's per-member outcome, while in progress and afterwards. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a regroup's per-member outcome (needs system.http).")
public final class StatusCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE") java.nio.file.Path config;
  @Option(names = "--regroup-group", required = true, paramLabel = "URI") String regroupGroup;
  @Option(names = "--json") boolean json;

  @Override
  public Integer call() {
    ClientSetup s = new ClientSetup();
    s.config = config;
    try {
      if (!SipUri.isValid(regroupGroup)) throw new ClientSetup.UsageProblem("--regroup-group: not a SIP URI: " + regroupGroup);
      var sys = s.system();
      if (sys.system().http().isEmpty()) throw new ClientSetup.UsageProblem("system.http is not set in " + config + ": no admin API to ask");
      Optional<JsonNode> v = Outcomes.fetch(sys, new McServiceGroupId(regroupGroup));
      if (v.isEmpty()) {
        System.err.println("muster status: no such regroup (or admin API unreachable): " + regroupGroup);
        return 1;
      }
      if (json) {
        System.out.println(v.get().toString());
        return 0;
      }
      JsonNode r = v.get();
      System.out.println(r.path("regroupGroup").asText() + ": " + r.path("state").asText() + " " + r.path("service").asText() + " "
          + r.path("type").asText() + " regroup by " + r.path("requester").asText() + ", " + r.path("participants").asInt() + " affiliated"
          + (r.has("partnerParticipants") ? " here, " + r.path("partnerParticipants").asInt() + " at partners (as they reported)" : "")
          + (r.has("expiresAt") && r.path("state").asText().equals("ACTIVE") ? ", expires at " + r.path("expiresAt").asText() : ""));
      for (JsonNode m : r.path("members")) {
        System.out.println("  " + m.path("user").asText() + " at " + m.path("client").asText() + ": " + m.path("state").asText()
            + " (" + m.path("at").asText() + ")" + Outcomes.servedBy(m));
      }
      return 0;
    } catch (ClientSetup.UsageProblem e) {
      System.err.println("muster status: " + e.getMessage());
      return 2;
    }
  }
}
