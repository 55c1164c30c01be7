package org.muster.core.port;

import java.util.Optional;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.core.regroup.RegroupEvent;

/** One step of one member's outcome in the regroup of {@code regroupGroup}. */
public record MemberChange(McServiceGroupId regroupGroup, McServiceClient client, MemberStep step) {

  /** The change a {@link RegroupEvent.Kind#MEMBER} event reports; empty for other events. */
  public static Optional<MemberChange> of(RegroupEvent e) {
    if (e.kind() != RegroupEvent.Kind.MEMBER || e.client().isEmpty() || e.memberState().isEmpty()) return Optional.empty();
    return Optional.of(new MemberChange(e.regroupGroup(), e.client().get(), new MemberStep(e.memberState().get(), e.at(), e.detail())));
  }

  /** True when the step makes the client a participant (affiliated to the regroup group). */
  public boolean joins() {
    return step.state() == MemberState.AFFILIATED || step.state() == MemberState.JOINED_LATE;
  }

  /** True when the client answered a cancel request (it knows the regroup ended). */
  public boolean answersCancel() {
    return step.state() == MemberState.CANCEL_ACKNOWLEDGED || step.state() == MemberState.CANCEL_FAILED;
  }

  /** True when the step ends the client's participation. */
  public boolean leaves() {
    return step.state() == MemberState.LEFT || step.state() == MemberState.DEAFFILIATED;
  }
}
