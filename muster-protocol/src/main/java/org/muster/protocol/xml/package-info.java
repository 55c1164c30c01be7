/** Hardened XML reading and writing over the generated JAXB binding: no DTDs, bounded size, depth and counts. */
package org.muster.protocol.xml;
