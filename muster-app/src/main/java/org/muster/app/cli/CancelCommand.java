package org.muster.app.cli;

import java.util.concurrent.Callable;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code muster cancel}: an authorized user cancels a regroup (10.xx.3.2.3). */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a preconfigured regroup and print the result.")
public final class CancelCommand implements Callable<Integer> {
  @Mixin ClientSetup setup;

  @Option(names = "--regroup-group", required = true, paramLabel = "URI", description = "MC service group ID of the regroup group.")
  String regroupGroup;

  @Override
  public Integer call() {
    try {
      if (!SipUri.isValid(regroupGroup)) throw new ClientSetup.UsageProblem("--regroup-group: not a SIP URI: " + regroupGroup);
      McServiceGroupId rg = new McServiceGroupId(regroupGroup);
      try (McClient c = setup.connect(true)) {
        SipResponse r = ClientSetup.await(c.cancel(setup.firstService(), rg));
        Outcomes.print(setup, rg, r, r.isSuccess() ? "cancelled" : "cancel rejected");
        ClientSetup.await(c.logOff());
        return r.isSuccess() ? 0 : 1;
      }
    } catch (ClientSetup.UsageProblem e) {
      System.err.println("muster cancel: " + e.getMessage());
      return 2;
    }
  }
}
