package org.muster.protocol.xml;

/**
 * Bounds on an XML body, checked while streaming and before any binding (WIRE.md: "bound the
 * body size (64 KiB)"; depth, attribute and element counts are this module's own guards).
 */
public record XmlLimits(int maxBytes, int maxDepth, int maxAttributes, int maxElements) {
  /** The wire profile's limits: 64 KiB, 32 levels, 64 attributes per element, 50,000 elements. */
  public static final XmlLimits WIRE = new XmlLimits(64 * 1024, 32, 64, 50_000);

  public XmlLimits {
    if (maxBytes < 1 || maxDepth < 1 || maxAttributes < 0 || maxElements < 1) {
      throw new IllegalArgumentException("XML limits must be positive: " + maxBytes + "/" + maxDepth + "/" + maxAttributes + "/" + maxElements);
    }
  }

  /** The same limits with another size bound (tests use it to reach the streaming checks). */
  public XmlLimits withMaxBytes(int bytes) {
    return new XmlLimits(bytes, maxDepth, maxAttributes, maxElements);
  }
}
