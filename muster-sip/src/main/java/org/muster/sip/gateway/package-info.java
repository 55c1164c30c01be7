/**
 * The MC gateway server (TS 23.280 3.1: "a server providing topology hiding for MC service
 * interconnection with a partner MC system, where that partner MC system is in a different trust
 * domain"): a relay of the server-to-server requests of WIRE.md between one MC system and its
 * partners, which authenticates both sides, enforces what each partner may send, and lets no
 * address of one trust domain through to the other (docs/gateway.md).
 */
package org.muster.sip.gateway;
