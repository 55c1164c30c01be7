package org.muster.core.id;

import java.util.regex.Pattern;

/**
 * Validation of the SIP URIs used as MC service IDs and MC service group IDs (RFC 3261 25.1,
 * restricted to what identities need): {@code sip:user@host} or {@code sip:host}, no spaces,
 * no angle brackets, no headers.
 */
public final class SipUri {
  // SIP-URI = "sip:" [ userinfo ] hostport uri-parameters   (headers are not allowed in an identity)
  private static final Pattern SIP_URI =
      Pattern.compile(
          "^sips?:(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+@)?"
              + "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])"
              + "(?::[0-9]{1,5})?(?:;[A-Za-z0-9\\-_.!~*'()%=]+)*$");

  private SipUri() {}

  /** True when {@code text} is a SIP URI usable as an identity. */
  public static boolean isValid(String text) {
    return text != null && text.length() <= 512 && SIP_URI.matcher(text).matches();
  }

  /** Returns {@code text} if it is a valid identity URI, else throws naming {@code what}. */
  public static String require(String text, String what) {
    if (!isValid(text)) {
      throw new IllegalArgumentException(what + " is not a valid SIP URI: '" + text + "'");
    }
    return text;
  }

  /** The host part (domain) of a valid SIP URI, lower case, without port or parameters. */
  public static String domain(String uri) {
    String rest = uri.substring(uri.indexOf(':') + 1);
    int at = rest.lastIndexOf('@');
    if (at >= 0) rest = rest.substring(at + 1);
    int semi = rest.indexOf(';');
    if (semi >= 0) rest = rest.substring(0, semi);
    if (rest.startsWith("[")) return rest.substring(0, rest.indexOf(']') + 1).toLowerCase();
    int colon = rest.indexOf(':');
    if (colon >= 0) rest = rest.substring(0, colon);
    return rest.toLowerCase();
  }
}
