package org.muster.core.regroup;

import java.time.Instant;

/** One entry of a member's outcome history: a state, when it was reached, and a detail. */
public record MemberStep(MemberState state, Instant at, String detail) {}
