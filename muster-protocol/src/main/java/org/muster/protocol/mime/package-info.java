/** Content-Type values and multipart/mixed framing (RFC 2045, RFC 2046) for SIP message bodies. */
package org.muster.protocol.mime;
