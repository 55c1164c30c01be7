package org.muster.sip.stack;

import java.text.ParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv6 references ({@code [address]}) in SIP URIs checked against the corrected grammar of RFC
 * 5954 (RFC 3986's IPv6address): at most one {@code ::}, which stands for at least one group,
 * groups of 1 to 4 hex digits, 8 groups in all (an IPv4 tail counts as two). RFC 3261's ABNF
 * allowed {@code 2001:db8:::192.0.2.1} by mistake (RFC 5118 4.10); the RI's parser accepts it.
 */
final class Ipv6References {
  private static final Pattern REFERENCE = Pattern.compile("\\[([^\\]]*)\\]");
  private static final Pattern GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  private Ipv6References() {}

  /** Throws when a bracketed reference in {@code text} (a URI or a header value) is malformed. */
  static void check(String where, String text) throws ParseException {
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      if (!isAddress(m.group(1))) {
        throw new ParseException("malformed IPv6 reference [" + m.group(1) + "] in " + where, 0);
      }
    }
  }

  static boolean isAddress(String address) {
    String a = address;
    int lastColon = a.lastIndexOf(':');
    if (lastColon < 0) return false;
    if (a.indexOf('.') >= 0) {
      // An IPv4 tail is two groups' worth.
      if (!IPV4.matcher(a.substring(lastColon + 1)).matches()) return false;
      a = a.substring(0, lastColon + 1) + "0:0";
    }
    int gap = a.indexOf("::");
    if (gap < 0) {
      int groups = groups(a);
      return groups == 8;
    }
    if (a.indexOf("::", gap + 1) >= 0) return false; // a second '::', or ':::'
    int left = groups(a.substring(0, gap));
    int right = groups(a.substring(gap + 2));
    return left >= 0 && right >= 0 && left + right <= 7;
  }

  /** The number of groups in {@code part} ("" has none), or -1 when one is not 1 to 4 hex digits. */
  private static int groups(String part) {
    if (part.isEmpty()) return 0;
    String[] groups = part.split(":", -1);
    for (String g : groups) {
      if (!GROUP.matcher(g).matches()) return -1;
    }
    return groups.length;
  }
}
