/**
 * The bodies of the Muster wire profile (WIRE.md) as typed values: affiliation PUBLISH bodies
 * (pidf, TS 24.379 clause 9) and regroup bodies (info and preconfigured regroup parts, TS 24.379
 * Annex F.7), decoded into {@link org.muster.protocol.decode.Decoded} results and encoded back.
 */
package org.muster.protocol;
