package org.muster.core.id;

/**
 * Validation of the SIP URIs used as MC service IDs and MC service group IDs (RFC 3261 25.1,
 * restricted to what identities need): {@code sip:user@host} or {@code sip:host}, no spaces,
 * no angle brackets, no headers.
 */
public final class SipUri {
  // SIP-URI = "sip:" [ userinfo "@" ] host [ ":" port ] *( ";" uri-parameter ), headers not allowed:
  //   userinfo  1*( alphanum / "-_.!~*'()&=+$,;?/%" )
  //   host      1*( label "." ) label, label = alphanum [ *( alphanum / "-" ) alphanum ]; or "[" 1*( HEX / ":" / "." ) "]"
  //   port      1*5DIGIT
  //   parameter 1*( alphanum / "-_.!~*'()%=" )
  // Read in one pass (start-up validates every provisioned identity: a million users take a
  // regular expression seconds); UriGrammarTest checks it against the same grammar as a regex.
  private static final String USER_MARKS = "-_.!~*'()&=+$,;?/%";
  private static final String PARAM_MARKS = "-_.!~*'()%=";

  private SipUri() {}

  /** True when {@code text} is a SIP URI usable as an identity. */
  public static boolean isValid(String text) {
    if (text == null || text.length() > 512) return false;
    int p;
    if (text.startsWith("sip:")) p = 4;
    else if (text.startsWith("sips:")) p = 5;
    else return false;
    int n = text.length();
    int run = p;
    while (run < n && (alnum(text.charAt(run)) || USER_MARKS.indexOf(text.charAt(run)) >= 0)) run++;
    if (run > p && run < n && text.charAt(run) == '@') p = run + 1;
    p = host(text, p);
    if (p < 0) return false;
    if (p < n && text.charAt(p) == ':') {
      int digits = ++p;
      while (p < n && p - digits < 6 && text.charAt(p) >= '0' && text.charAt(p) <= '9') p++;
      if (p == digits || p - digits > 5) return false;
    }
    while (p < n && text.charAt(p) == ';') {
      int from = ++p;
      while (p < n && (alnum(text.charAt(p)) || PARAM_MARKS.indexOf(text.charAt(p)) >= 0)) p++;
      if (p == from) return false;
    }
    return p == n;
  }

  /** Where the host starting at {@code p} ends, or -1 when there is none. */
  private static int host(String text, int p) {
    int n = text.length();
    if (p < n && text.charAt(p) == '[') {
      int from = ++p;
      while (p < n && (hex(text.charAt(p)) || text.charAt(p) == ':' || text.charAt(p) == '.')) p++;
      return p > from && p < n && text.charAt(p) == ']' ? p + 1 : -1;
    }
    while (true) {
      if (p >= n || !alnum(text.charAt(p))) return -1; // a label starts with a letter or digit
      while (p < n && (alnum(text.charAt(p)) || text.charAt(p) == '-')) p++;
      if (text.charAt(p - 1) == '-') return -1; // and ends with one
      if (p >= n || text.charAt(p) != '.') return p;
      p++;
    }
  }

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean hex(char c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9');
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
