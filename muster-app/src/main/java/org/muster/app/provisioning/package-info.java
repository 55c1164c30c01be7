/**
 * Reads and validates the provisioning file (PROVISIONING.md) into an immutable {@link
 * org.muster.core.config.McSystemConfig}, reporting every mistake with its file, line and entry.
 */
package org.muster.app.provisioning;
