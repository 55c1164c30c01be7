/**
 * The {@link org.muster.core.port.StateStore} on JDBC: an embedded H2 database in the store
 * folder (default) or PostgreSQL for a JDBC URL; HikariCP pool, Flyway migrations under
 * {@code db/migration}.
 */
package org.muster.store;
