package org.muster.core.regroup;

import java.time.Instant;
import java.util.Optional;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;

/** Something that happened to a regroup, emitted for logs, the event stream and observers. */
public record RegroupEvent(
    Instant at,
    Kind kind,
    McServiceGroupId regroupGroup,
    McService service,
    Optional<McServiceClient> client,
    Optional<MemberState> memberState,
    String detail) {

  /** What kind of event. */
  public enum Kind {
    /** A create across MC systems was stored and sent to its partners (10.xx.3.3.1 step 4); in effect only when all accept. */
    FORMING,
    FORMED,
    REJECTED,
    CANCELLED,
    MEMBER
  }

  public static RegroupEvent member(Instant at, ActiveRegroup r, McServiceClient client, MemberState state, String detail) {
    return new RegroupEvent(at, Kind.MEMBER, r.regroupGroup(), r.service(), Optional.of(client), Optional.of(state), detail);
  }

  public static RegroupEvent of(Instant at, Kind kind, McServiceGroupId regroupGroup, McService service, String detail) {
    return new RegroupEvent(at, kind, regroupGroup, service, Optional.empty(), Optional.empty(), detail);
  }
}
