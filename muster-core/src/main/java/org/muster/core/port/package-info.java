/**
 * Ports of the core toward the outside: {@link org.muster.core.port.StateStore}, what the adapter
 * makes durable (registrations, affiliations, regroups and their per-member outcomes) and loads
 * back on start (STYLE.md 3.3: persist, then send, then answer; replay rebuilds state).
 */
package org.muster.core.port;
