/** What durable state costs: regroup fan-out with the store against the same run in memory. */
package org.muster.bench.store;
