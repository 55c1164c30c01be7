package org.muster.protocol.xml;

/**
 * Bounds on an XML body, checked while streaming and before any binding (WIRE.md: "bound the
 * body size (64 KiB)"; depth, attribute and element counts are this module's own guards).
 */
public record XmlLimits(int maxBytes, int maxDepth, int maxAttributes, int maxElements) {
  /** The wire profile's limits: 64 KiB, 32 levels, 64 attributes per element, 50,000 elements. */
  public static final XmlLimits WIRE = new XmlLimits(64 * 1024, 32, 64, 50_000);

  /**
   * A group document's limits ({@code GroupDocumentBody}, operator to group management server
   * over HTTP, not SIP): the wire limits with 1 MiB instead of 64 KiB, room for a group of 10,000
   * members (some 60 bytes each); 50,000 elements still leave room for extensions.
   */
  public static final XmlLimits GROUP_DOCUMENT = WIRE.withMaxBytes(1 << 20);

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
