package org.muster.core.server;

import java.util.Optional;
import org.muster.core.regroup.Outcome;

/** The answer to a REGISTER: a refusal reason (403), or the granted expiry; plus what followed. */
public record RegisterResult(Optional<String> refusal, int grantedExpires, Outcome outcome) {}
