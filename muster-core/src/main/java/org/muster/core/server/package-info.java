/**
 * The MC service server's rules for one MC system as one facade: registration, affiliation and
 * every preconfigured regroup procedure, no I/O, called from one serial executor.
 */
package org.muster.core.server;
