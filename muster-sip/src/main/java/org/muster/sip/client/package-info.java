/** The MC service client library (the UE side of WIRE.md), used by the CLI, tests and benchmarks. */
package org.muster.sip.client;
