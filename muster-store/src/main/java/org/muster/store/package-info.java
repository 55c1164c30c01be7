/** Durable state of an MC system: embedded database by default, PostgreSQL for shared state. */
package org.muster.store;
