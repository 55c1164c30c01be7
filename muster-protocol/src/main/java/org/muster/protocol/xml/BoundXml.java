package org.muster.protocol.xml;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.namespace.QName;

/**
 * A body after safe binding: the root element's name, the bound root object, and for every
 * bound object the bound objects of its child elements in document order. The order is what
 * lets decoders enforce an xs:sequence, which JAXB itself does not check on unmarshal.
 */
public final class BoundXml {
  private final QName root;
  private final Object value;
  private final Map<Object, List<Object>> children;

  BoundXml(QName root, Object value, IdentityHashMap<Object, List<Object>> children) {
    this.root = Objects.requireNonNull(root, "root");
    this.value = Objects.requireNonNull(value, "value");
    this.children = children;
  }

  /** The root element's qualified name as it appeared on the wire. */
  public QName root() {
    return root;
  }

  /** What JAXB bound the root to (a {@code JAXBElement} for roots of a named type). */
  public Object value() {
    return value;
  }

  /** The bound (non-wildcard) child objects of {@code parent}, in document order. */
  public List<Object> childrenOf(Object parent) {
    return List.copyOf(children.getOrDefault(parent, List.of()));
  }
}
