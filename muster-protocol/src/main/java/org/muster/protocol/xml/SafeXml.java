package org.muster.protocol.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.glassfish.jaxb.runtime.marshaller.NamespacePrefixMapper;
import org.muster.protocol.decode.Decoded;

/**
 * Every XML body of this module is read and written here. Reading is two passes over the
 * bytes: a streaming pass that enforces {@link XmlLimits} and refuses any DOCTYPE before a
 * single object is built, then JAXB binding from a second hardened stream. No schema validation
 * at run time: unknown extension elements and attributes must bind, and the decoders check
 * structure (including xs:sequence order, via {@link BoundXml#childrenOf}) in code.
 */
public final class SafeXml {
  private SafeXml() {}

  /** A JAXB context over generated {@code ObjectFactory} classes; failure is a build fault. */
  public static JAXBContext context(Class<?>... objectFactories) {
    try {
      return JAXBContext.newInstance(objectFactories);
    } catch (JAXBException e) {
      throw new IllegalStateException("JAXB binding does not load", e);
    }
  }

  /**
   * Reads {@code body} within {@code limits}. A root element not in {@code roots} is
   * {@code Bad(rootField, ...)} without binding; any other failure is {@code Bad("body", ...)}.
   */
  public static Decoded<BoundXml> read(byte[] body, XmlLimits limits, JAXBContext context, Set<QName> roots, String rootField) {
    if (body == null || body.length == 0) return Decoded.bad("body", "empty");
    if (body.length > limits.maxBytes()) {
      return Decoded.bad("body", "larger than " + limits.maxBytes() + " bytes");
    }
    Decoded<QName> scanned = StreamGuard.scan(body, limits);
    if (!(scanned instanceof Decoded.Ok<QName> ok)) return ((Decoded.Bad<QName>) scanned).retype();
    QName root = ok.value();
    if (!roots.contains(root)) {
      return Decoded.bad(
          rootField, "expected as root, found <" + root.getLocalPart() + "> in namespace " + Decoded.quote(root.getNamespaceURI()));
    }
    return bind(body, limits, context, root);
  }

  private static Decoded<BoundXml> bind(byte[] body, XmlLimits limits, JAXBContext context, QName root) {
    IdentityHashMap<Object, List<Object>> children = new IdentityHashMap<>();
    XMLStreamReader reader = null;
    try {
      Unmarshaller u = context.createUnmarshaller();
      // Tolerance: unexpected elements and unconvertible values are recoverable; the decoders
      // see the gaps (missing or null fields) and name them.
      u.setEventHandler(event -> event.getSeverity() != ValidationEvent.FATAL_ERROR);
      u.setListener(
          new Unmarshaller.Listener() {
            @Override
            public void afterUnmarshal(Object target, Object parent) {
              if (parent != null) children.computeIfAbsent(parent, p -> new ArrayList<>()).add(target);
            }
          });
      reader = HardenedStax.reader(body, limits);
      Object value = u.unmarshal(reader);
      return Decoded.ok(new BoundXml(root, value, children));
    } catch (JAXBException | XMLStreamException | RuntimeException e) {
      return Decoded.bad("body", "does not bind: " + Decoded.quote(String.valueOf(rootCause(e).getMessage())));
    } finally {
      close(reader);
    }
  }

  /**
   * Writes {@code root} (a bound root object or {@code JAXBElement}) as compact UTF-8 (no
   * indentation: every byte of a fan-out counts) with the given namespace prefixes ("" for the
   * default namespace).
   */
  public static byte[] write(JAXBContext context, Object root, Map<String, String> prefixes) {
    try {
      Marshaller m = context.createMarshaller();
      m.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
      m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.FALSE);
      m.setProperty("org.glassfish.jaxb.namespacePrefixMapper", new Prefixes(prefixes));
      ByteArrayOutputStream out = new ByteArrayOutputStream(512);
      m.marshal(root, out);
      return out.toByteArray();
    } catch (JAXBException e) {
      throw new IllegalStateException("cannot write XML body", e);
    }
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    for (int i = 0; i < 10 && c.getCause() != null && c.getCause() != c; i++) c = c.getCause();
    return c;
  }

  static void close(XMLStreamReader reader) {
    if (reader == null) return;
    try {
      reader.close();
    } catch (XMLStreamException ignored) {
      // Closing a reader over a byte array releases nothing that could fail.
    }
  }

  private static final class Prefixes extends NamespacePrefixMapper {
    private final Map<String, String> prefixes;

    Prefixes(Map<String, String> prefixes) {
      this.prefixes = Map.copyOf(prefixes);
    }

    @Override
    public String getPreferredPrefix(String namespaceUri, String suggestion, boolean requirePrefix) {
      String p = prefixes.get(namespaceUri);
      if (p == null || (requirePrefix && p.isEmpty())) return suggestion;
      return p;
    }
  }
}
