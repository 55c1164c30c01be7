package org.muster.protocol;

import java.util.Optional;

/**
 * The {@code <regroup-action>} of a preconfigured regroup document (WIRE.md "Regroup bodies"):
 * {@code create} is the preconfigured regroup request, {@code remove} the cancel request.
 */
public enum RegroupAction {
  CREATE("create"),
  REMOVE("remove");

  private final String wire;

  RegroupAction(String wire) {
    this.wire = wire;
  }

  /** The element text on the wire: "create" or "remove". */
  public String wire() {
    return wire;
  }

  /** The action for an element text (surrounding whitespace ignored, case-sensitive). */
  public static Optional<RegroupAction> fromWire(String text) {
    if (text == null) return Optional.empty();
    String t = text.strip();
    for (RegroupAction a : values()) {
      if (a.wire.equals(t)) return Optional.of(a);
    }
    return Optional.empty();
  }
}
