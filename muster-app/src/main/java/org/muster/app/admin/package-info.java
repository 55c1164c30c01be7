/**
 * The admin HTTP API and live view of a running server, and who may use them ({@link
 * org.muster.app.admin.AdminAccess}: a bearer token, or read-only on loopback).
 */
package org.muster.app.admin;
