package org.muster.protocol;

import java.util.Objects;
import java.util.Optional;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * A regroup body (WIRE.md "Regroup bodies"): the info part ({@code callingUser},
 * {@code requestUri}, {@code broadcast}) and the preconfigured regroup document. The WIRE.md
 * rule holds for every instance: a {@code CREATE} carries the configuration group and exactly
 * one list; a {@code REMOVE} carries neither (its {@code <preconfig-group-id/>} is empty).
 *
 * @param service the MC service, from the MIME types of the body
 * @param callingUser {@code <mcptt-calling-user-id>}: the requester (empty for a single part)
 * @param requestUri {@code <mcptt-request-uri>}: the target client's user, on server requests
 * @param broadcast {@code <broadcast-ind>true</broadcast-ind>} in the info part
 * @param configurationGroup {@code <preconfigured-group>}: the preconfigured group (create only)
 * @param regroupGroup {@code <mcptt-regroup-uri>}: the MC service group ID of the regroup group
 * @param targets {@code <groups-for-regroup>} or {@code <users-for-regroup>} (create only)
 * @param expires Muster extension {@code <expires xmlns="urn:muster:ns:regroupExpiry:1.0">} (create only)
 */
public record RegroupDocument(
    McService service,
    RegroupAction action,
    Optional<McServiceId> callingUser,
    Optional<McServiceId> requestUri,
    boolean broadcast,
    Optional<McServiceGroupId> configurationGroup,
    McServiceGroupId regroupGroup,
    Optional<RegroupTargets> targets,
    Optional<org.muster.core.flow.RegroupExpiry> expires) {

  public RegroupDocument {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(callingUser, "callingUser");
    Objects.requireNonNull(requestUri, "requestUri");
    Objects.requireNonNull(configurationGroup, "configurationGroup");
    Objects.requireNonNull(regroupGroup, "regroupGroup");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(expires, "expires");
    if (action == RegroupAction.REMOVE && expires.isPresent()) throw new IllegalArgumentException("a remove carries no expiry");
    if (action == RegroupAction.CREATE && (configurationGroup.isEmpty() || targets.isEmpty())) {
      throw new IllegalArgumentException("a create carries the preconfigured group and one list");
    }
    if (action == RegroupAction.REMOVE && (configurationGroup.isPresent() || targets.isPresent())) {
      throw new IllegalArgumentException("a remove carries no preconfigured group and no list");
    }
  }

  /** A document without the expiry extension. */
  public RegroupDocument(McService service, RegroupAction action, Optional<McServiceId> callingUser, Optional<McServiceId> requestUri,
      boolean broadcast, Optional<McServiceGroupId> configurationGroup, McServiceGroupId regroupGroup, Optional<RegroupTargets> targets) {
    this(service, action, callingUser, requestUri, broadcast, configurationGroup, regroupGroup, targets, Optional.empty());
  }

  /** This create asking to expire per {@code expires} (Muster extension). */
  public RegroupDocument expiring(org.muster.core.flow.RegroupExpiry expires) {
    return new RegroupDocument(service, action, callingUser, requestUri, broadcast, configurationGroup, regroupGroup, targets,
        Optional.of(expires));
  }

  /** A preconfigured regroup request (create). */
  public static RegroupDocument create(
      McService service,
      McServiceId callingUser,
      McServiceGroupId configurationGroup,
      McServiceGroupId regroupGroup,
      RegroupTargets targets) {
    return new RegroupDocument(
        service, RegroupAction.CREATE, Optional.of(callingUser), Optional.empty(), false,
        Optional.of(configurationGroup), regroupGroup, Optional.of(targets));
  }

  /** A preconfigured regroup cancel request (remove). */
  public static RegroupDocument remove(McService service, McServiceId callingUser, McServiceGroupId regroupGroup) {
    return new RegroupDocument(
        service, RegroupAction.REMOVE, Optional.of(callingUser), Optional.empty(), false,
        Optional.empty(), regroupGroup, Optional.empty());
  }

  /** The same document sent to {@code target} (server to client: {@code <mcptt-request-uri>}). */
  public RegroupDocument toClient(McServiceId target, boolean broadcastIndication) {
    return new RegroupDocument(
        service, action, callingUser, Optional.of(target), broadcastIndication, configurationGroup, regroupGroup, targets);
  }
}
