/**
 * The admin HTTP API and dispatcher's console of a running server ({@link
 * org.muster.app.admin.ConsoleRoutes}: live over Server-Sent Events, actions as a signed-in MC
 * user), and who may use them ({@link org.muster.app.admin.AdminAccess}: a bearer token, or
 * read-only on loopback).
 */
package org.muster.app.admin;
