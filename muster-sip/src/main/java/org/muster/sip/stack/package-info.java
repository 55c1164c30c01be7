/**
 * Muster's binding to the JAIN-SIP RI: one {@link org.muster.sip.stack.SipEndpoint} per listening
 * address (UDP and TCP, optionally TLS with its own certificate, RFC 3261 transactions left to
 * the stack), with requests and answers handed over as plain Muster values.
 */
package org.muster.sip.stack;
