/** Identities of TS 23.280: MC service IDs, MC service group IDs, MC services and clients. */
package org.muster.core.id;
