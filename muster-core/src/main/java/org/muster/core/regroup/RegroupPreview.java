package org.muster.core.regroup;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/**
 * What a create would do, found by the create's own checks without acting on them (a dry run):
 * how it would be answered ({@code refusal}, or none: success; {@code retry}: an exact repeat of
 * a create in effect, which changes nothing), every group of the request already regrouped and
 * what holds it, the partner systems that would be asked first, and the clients here that would
 * be sent the regroup (the fan-out here; none when it would be refused or is a retry).
 */
public record RegroupPreview(
    Optional<Rejection> refusal, boolean retry, List<Conflict> conflicts, Set<String> partners, List<McServiceClient> notified) {
  public RegroupPreview {
    conflicts = List.copyOf(conflicts);
    partners = Set.copyOf(partners);
    notified = List.copyOf(notified);
  }

  /** A group of the request (a listed one, or the regroup group) already regrouped, and what holds it. */
  public record Conflict(McServiceGroupId group, String heldBy) {}

  /** How many clients here the regroup would be sent to. */
  public int fanOut() {
    return notified.size();
  }
}
