/**
 * The MC service server's SIP side (WIRE.md): REGISTER, PUBLISH and MESSAGE from clients to the
 * core on its serial thread, and regroup notifications from the core to clients.
 */
package org.muster.sip.server;
