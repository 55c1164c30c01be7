/**
 * The provisioned MC system (PROVISIONING.md) as an immutable model: users and their
 * authorizations, groups and their configuration, partner MC systems.
 */
package org.muster.core.config;
