package org.muster.protocol.xml;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.muster.protocol.decode.Decoded;

/**
 * The first, streaming pass over a body: no DOCTYPE at all, no entity references, bounded
 * depth, attributes and elements. It is iterative, so a deeply nested body ends here with a
 * Bad result instead of a StackOverflowError in a later recursive walk (xml-attacks README).
 */
final class StreamGuard {
  private StreamGuard() {}

  /** The root element name of a body within {@code limits}, or why it is refused. */
  static Decoded<QName> scan(byte[] body, XmlLimits limits) {
    XMLStreamReader r = null;
    try {
      r = HardenedStax.reader(body, limits);
      return walk(r, limits);
    } catch (XMLStreamException | RuntimeException e) {
      return Decoded.bad("body", "XML not accepted" + where(e));
    } finally {
      SafeXml.close(r);
    }
  }

  private static Decoded<QName> walk(XMLStreamReader r, XmlLimits limits) throws XMLStreamException {
    QName root = null;
    int depth = 0;
    int elements = 0;
    while (r.hasNext()) {
      switch (r.next()) {
        case XMLStreamConstants.DTD:
          return Decoded.bad("body", "DOCTYPE is not allowed");
        case XMLStreamConstants.ENTITY_REFERENCE:
          return Decoded.bad("body", "entity references are not allowed");
        case XMLStreamConstants.START_ELEMENT:
          if (root == null) root = r.getName();
          if (++depth > limits.maxDepth()) {
            return Decoded.bad("body", "nested deeper than " + limits.maxDepth() + " elements");
          }
          if (++elements > limits.maxElements()) {
            return Decoded.bad("body", "more than " + limits.maxElements() + " elements");
          }
          if (r.getAttributeCount() + r.getNamespaceCount() > limits.maxAttributes()) {
            return Decoded.bad("body", "<" + r.getLocalName() + "> has more than " + limits.maxAttributes() + " attributes");
          }
          break;
        case XMLStreamConstants.END_ELEMENT:
          depth--;
          break;
        default:
          break;
      }
    }
    if (root == null) return Decoded.bad("body", "no root element");
    return Decoded.ok(root);
  }

  private static String where(Exception e) {
    String at = "";
    if (e instanceof XMLStreamException x && x.getLocation() != null) {
      at = " at line " + x.getLocation().getLineNumber() + ", column " + x.getLocation().getColumnNumber();
    }
    // The JDK prefixes its text with "ParseError at [row,col]:[l,c]\nMessage: ".
    String text = String.valueOf(e.getMessage());
    int m = text.indexOf("Message: ");
    return at + ": " + Decoded.quote(m >= 0 ? text.substring(m + 9) : text);
  }
}
