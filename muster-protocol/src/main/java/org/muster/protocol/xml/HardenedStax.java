package org.muster.protocol.xml;

import java.io.ByteArrayInputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The only way this module makes a StAX reader: the JDK's built-in implementation with DTDs,
 * external entities and entity replacement switched off, and a resolver that refuses to load
 * anything (xml-attacks README: SUPPORT_DTD=false, IS_SUPPORTING_EXTERNAL_ENTITIES=false).
 */
final class HardenedStax {
  private HardenedStax() {}

  /** A new reader over {@code body}; a fresh factory each time, so nothing is shared between threads. */
  static XMLStreamReader reader(byte[] body, XmlLimits limits) throws XMLStreamException {
    return factory(limits).createXMLStreamReader(new ByteArrayInputStream(body));
  }

  private static XMLInputFactory factory(XmlLimits limits) {
    // newDefaultFactory: the JDK's own parser, never whatever StAX provider is on the classpath.
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_VALIDATING, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external resource refused: " + systemId);
        });
    // The JDK parser's own limits as a second line (names from java.xml's XMLSecurityManager).
    jdkLimit(f, "jdk.xml.elementAttributeLimit", limits.maxAttributes() + 1);
    jdkLimit(f, "jdk.xml.maxElementDepth", limits.maxDepth() + 1);
    jdkLimit(f, "jdk.xml.entityExpansionLimit", 1);
    return f;
  }

  private static void jdkLimit(XMLInputFactory f, String name, int value) {
    try {
      f.setProperty(name, String.valueOf(value));
    } catch (IllegalArgumentException unsupported) {
      // Not every JDK build knows every limit; SafeXml checks the same bounds itself.
    }
  }
}
