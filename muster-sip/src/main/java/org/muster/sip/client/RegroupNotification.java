package org.muster.sip.client;

import java.util.Optional;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * A preconfigured regroup request (10.xx.2.2) or cancel request (10.xx.2.8) as a client received
 * it, with the server PSI it came from.
 */
public record RegroupNotification(
    McService service,
    boolean cancel,
    McServiceGroupId regroupGroup,
    Optional<McServiceGroupId> configurationGroup,
    Optional<RegroupTargets> targets,
    Optional<McServiceId> requester,
    Optional<McServiceId> target,
    boolean broadcast,
    String from) {

  /** A readable one-line summary for the CLI. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append(service.name()).append(cancel ? " regroup CANCELLED " : " REGROUPED into ").append(regroupGroup.uri());
    configurationGroup.ifPresent(g -> b.append(" (configuration of ").append(g.uri()).append(')'));
    targets.ifPresent(t -> {
      if (t instanceof RegroupTargets.Groups g) b.append(" groups ").append(g.groups());
      else b.append(" users ").append(((RegroupTargets.Users) t).users());
    });
    if (broadcast) b.append(" broadcast (receive only)");
    requester.ifPresent(r -> b.append(" by ").append(r.uri()));
    return b.toString();
  }
}
