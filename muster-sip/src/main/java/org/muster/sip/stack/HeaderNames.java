package org.muster.sip.stack;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SIP header names and their compact forms (RFC 3261 7.3.3 and the registry of later RFCs), so a
 * header can be asked for by either name whichever form the peer sent.
 */
final class HeaderNames {
  private static final Map<String, String> FULL_BY_COMPACT =
      Map.ofEntries(
          Map.entry("a", "Accept-Contact"),
          Map.entry("b", "Referred-By"),
          Map.entry("c", "Content-Type"),
          Map.entry("d", "Request-Disposition"),
          Map.entry("e", "Content-Encoding"),
          Map.entry("f", "From"),
          Map.entry("i", "Call-ID"),
          Map.entry("j", "Reject-Contact"),
          Map.entry("k", "Supported"),
          Map.entry("l", "Content-Length"),
          Map.entry("m", "Contact"),
          Map.entry("n", "Identity-Info"),
          Map.entry("o", "Event"),
          Map.entry("r", "Refer-To"),
          Map.entry("s", "Subject"),
          Map.entry("t", "To"),
          Map.entry("u", "Allow-Events"),
          Map.entry("v", "Via"),
          Map.entry("x", "Session-Expires"),
          Map.entry("y", "Identity"));
  private static final Map<String, String> COMPACT_BY_FULL = new HashMap<>();

  static {
    FULL_BY_COMPACT.forEach((c, f) -> COMPACT_BY_FULL.put(f.toLowerCase(Locale.ROOT), c));
  }

  private HeaderNames() {}

  /** The names under which a header may be stored: its full name first, then its compact form. */
  static List<String> aliases(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    String full = FULL_BY_COMPACT.get(lower);
    if (full != null) return List.of(full, lower);
    String compact = COMPACT_BY_FULL.get(lower);
    return compact == null ? List.of(name.trim()) : List.of(name.trim(), compact);
  }

  /** True when {@code a} and {@code b} name the same header. */
  static boolean same(String a, String b) {
    return aliases(a).get(0).equalsIgnoreCase(aliases(b).get(0));
  }
}
