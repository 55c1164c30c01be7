/** Service authorization and log-off (WIRE.md REGISTER): the registered MC service clients. */
package org.muster.core.registration;
