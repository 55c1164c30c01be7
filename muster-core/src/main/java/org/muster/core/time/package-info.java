/** Time in the core: the one retry scheme ({@link org.muster.core.time.Backoff}), read from the core's clock. */
package org.muster.core.time;
