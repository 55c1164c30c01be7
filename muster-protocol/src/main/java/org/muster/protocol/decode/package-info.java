/**
 * The result of reading a body: {@link org.muster.protocol.decode.Decoded}, a value or the
 * reason it was refused, naming the field. A leaf package, so that the body codecs ({@code
 * org.muster.protocol}) and their machinery ({@code xml}, {@code mime}) share it without a cycle.
 */
package org.muster.protocol.decode;
