package org.muster.core.regroup;

/**
 * A regroup as the store has it now, read because it changed ({@link SharedStoreFollower}): its
 * lists (no participants, no outcome history) and whether it is still forming, in effect or
 * cancelled.
 */
public record StoredRegroup(RegroupRecord regroup, State state) {
  public enum State { FORMING, IN_EFFECT, CANCELLED }
}
