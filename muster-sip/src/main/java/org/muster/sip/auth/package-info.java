/**
 * Proving who a client request comes from (WIRE.md "Authentication and identity binding"): SIP
 * digest authentication (RFC 3261 22, RFC 7616, RFC 8760) with nonces that expire and answers
 * that cannot be replayed, the flows that authenticated registrations came over (RFC 5626), and
 * limits per source address for requests that are not authenticated. No JAIN-SIP types here: the
 * headers come parsed as {@link org.muster.sip.stack.DigestAnswer} and {@link org.muster.sip.stack.DigestChallenge}.
 */
package org.muster.sip.auth;
