package org.muster.core.regroup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.registration.Registration;

/**
 * What one decision of the core changed in the dynamic data of the MC system (10.xx.3.2.1 NOTE 2),
 * in the order it changed it. The core returns these with every answer ({@link
 * org.muster.core.server.Decision}); the store writer makes them durable in that order, and a
 * change the store could not take is undone by the core from the record alone ({@link
 * org.muster.core.server.McServiceServer#undo}). No adapter works out what changed from events.
 *
 * <p>A {@linkplain #promise() promise} is a change the requester is answered on: it is committed
 * before the answer, or undone and the request refused. The others are written as soon as the
 * store can take them and kept until it can.
 */
public sealed interface StateChange {

  /** True when the answer to the request waits for this change to be committed (or undone). */
  default boolean promise() {
    return false;
  }

  /**
   * 10.xx.3.2.1 step 4 / 10.xx.3.2.2 / 10.xx.2.3 at a partner: a regroup is formed and in effect;
   * its groups (and the regroup group) are now claimed. The record has no members: those follow
   * as {@link MemberStepped}.
   */
  record RegroupFormed(RegroupRecord regroup) implements StateChange {
    @Override
    public boolean promise() {
      return true;
    }
  }

  /**
   * 10.xx.3.3.1 step 4: a regroup across MC systems is asked of its partners; its groups here are
   * claimed while it waits, and it takes effect only when all accept ({@link RegroupInEffect}).
   */
  record RegroupForming(RegroupRecord regroup) implements StateChange {
    @Override
    public boolean promise() {
      return true;
    }
  }

  /** 10.xx.3.3.1 step 10: every partner accepted; the forming regroup is in effect, spanning {@code partners}. */
  record RegroupInEffect(McServiceGroupId regroupGroup, Set<String> partners) implements StateChange {
    public RegroupInEffect {
      partners = Set.copyOf(partners);
    }

    @Override
    public boolean promise() {
      return true;
    }
  }

  /**
   * 10.xx.3.2.3 / 10.xx.3.3.3 / a primary's cancel at a partner: the regroup ended; {@code before}
   * is the regroup as it was (to reinstate it if the store cannot say so) and {@code owed} the
   * cancels now owed to its partner systems.
   */
  record RegroupCancelled(RegroupRecord before, Instant at, List<OwedCancel> owed) implements StateChange {
    public RegroupCancelled {
      owed = List.copyOf(owed);
    }

    public McServiceGroupId regroupGroup() {
      return before.regroupGroup();
    }

    @Override
    public boolean promise() {
      return true;
    }
  }

  /**
   * 10.xx.3.3.4: the forming regroup of {@code regroupGroup} did not take effect (a partner refused
   * or stayed silent); its groups are free again and the partners that may hold it are owed a cancel.
   */
  record RegroupNotInEffect(McServiceGroupId regroupGroup, Instant at, List<OwedCancel> owed) implements StateChange {
    public RegroupNotInEffect {
      owed = List.copyOf(owed);
    }
  }

  /** A partner confirmed a cancel it was owed ({@link OwedCancel#settledBy}). */
  record CancelSettled(McServiceGroupId regroupGroup, String partner) implements StateChange {}

  /**
   * One step of one member's outcome in the regroup of {@code regroupGroup} that formed at {@code
   * formedAt}. The instant tells that regroup from an earlier or later one of the same regroup
   * group: steps are written after the decisions (history), so the answer to a cancel may reach
   * the store once the regroup group is regrouped again. Empty: the regroup of {@code
   * regroupGroup} in effect, else the last one cancelled.
   */
  record MemberStepped(McServiceGroupId regroupGroup, McServiceClient client, MemberStep step, Optional<Instant> formedAt)
      implements StateChange {
    /** A step of the regroup of {@code regroupGroup} in effect, else of the last one cancelled. */
    public MemberStepped(McServiceGroupId regroupGroup, McServiceClient client, MemberStep step) {
      this(regroupGroup, client, step, Optional.empty());
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

  /**
   * A line of the regroup history ({@link HistoryEntry}): written in the same transaction as the
   * change it describes. The entry of a create the store refuses (another server sharing it
   * claimed a group first) is written as that reject instead; the entry of a change undone
   * because the store was down is dropped with it.
   */
  record Recorded(HistoryEntry entry) implements StateChange {}

  /**
   * A client's registration or affiliations changed: its whole state as it is after the decision
   * (no registration: logged off, and no affiliations either).
   */
  record ClientChanged(McServiceClient client, Optional<Registration> registration, Map<McService, Set<McServiceGroupId>> affiliations)
      implements StateChange {
    public ClientChanged {
      affiliations = Map.copyOf(affiliations);
    }
  }
}
