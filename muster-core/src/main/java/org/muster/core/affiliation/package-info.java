/** MC service group affiliation and de-affiliation (TS 23.280 10.8, WIRE.md PUBLISH). */
package org.muster.core.affiliation;
