/** The admin HTTP API and live view of a running server. */
package org.muster.app.admin;
