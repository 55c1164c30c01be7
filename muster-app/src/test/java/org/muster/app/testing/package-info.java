/** Helpers shared by the integration tests. */
package org.muster.app.testing;
