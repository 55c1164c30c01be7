package org.muster.sip.stack;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syntax rules of RFC 3261 that the RI's lenient parser lets through, checked on the raw header
 * section of a request before it is parsed (RFC 4475 3.1.2.9, .10, .13 to .15, 3.3.8, 3.3.9;
 * RFC 5118 4.2 and 4.10 with RFC 5954).
 * Answers are not touched. A violation is a {@link ParseException}, which the RI answers 400 on
 * UDP (and drops on TCP).
 */
final class RawRequestChecks {
  /** Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 25.1): single spaces. */
  private static final Pattern REQUEST_LINE = Pattern.compile("([^ \\t]+) ([^ \\t]+) (SIP/[0-9]+\\.[0-9]+)");
  /** Headers that a request carries at most once (RFC 3261 20, and compact forms). */
  private static final Set<String> SINGLE =
      Set.of("from", "to", "call-id", "cseq", "max-forwards", "content-length", "content-type");
  private static final Set<String> NAME_ADDR = Set.of("from", "to", "contact");
  /** Characters that may not appear in an unquoted display name (RFC 3261 25.1 token, LWS). */
  private static final String NON_TOKEN = "()<>@,;:\\\"/[]?={}";

  private RawRequestChecks() {}

  /**
   * Checks the request at the start of {@code message}.
   *
   * @return the SIP-Version of the Request-Line as sent, or null when the message is an answer
   */
  static String check(byte[] message) throws ParseException {
    String[] lines = headerLines(message);
    if (lines.length > 0 && lines[0].startsWith("SIP/")) return null;
    if (lines.length == 0 || lines[0].isEmpty()) return null;
    Matcher m = REQUEST_LINE.matcher(lines[0]);
    if (!m.matches()) throw new ParseException("malformed Request-Line: spacing", 0);
    checkRequestUriHost(m.group(2));
    Ipv6References.check("Request-URI", m.group(2));
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) continue;
      String name = HeaderNames.aliases(lines[i].substring(0, colon)).get(0).toLowerCase(Locale.ROOT);
      if (SINGLE.contains(name) && !seen.add(name)) {
        throw new ParseException("more than one " + name + " header", 0);
      }
      if (NAME_ADDR.contains(name)) {
        checkNameAddr(name, lines[i].substring(colon + 1));
        Ipv6References.check(name + " header", lines[i].substring(colon + 1));
      }
    }
    return m.group(3);
  }

  /** The header section's lines, folded continuation lines joined (RFC 3261 7.3.1). */
  static String[] headerLines(byte[] message) {
    return unfold(headerSection(message));
  }

  private static String headerSection(byte[] message) {
    // ISO-8859-1 keeps one char per byte; only ASCII syntax is checked.
    String text = new String(message, StandardCharsets.ISO_8859_1);
    int start = 0;
    while (start < text.length() && (text.charAt(start) == '\r' || text.charAt(start) == '\n')) start++;
    int end = text.indexOf("\r\n\r\n", start);
    if (end < 0) end = text.indexOf("\n\n", start);
    return end < 0 ? text.substring(start) : text.substring(start, end);
  }

  /** The header lines with folded continuation lines joined (RFC 3261 7.3.1). */
  private static String[] unfold(String head) {
    return head.replaceAll("\\r?\\n[ \\t]+", " ").split("\\r?\\n");
  }

  /** RFC 5118 4.2: an IPv6 reference in a SIP URI must be in brackets. */
  private static void checkRequestUriHost(String uri) throws ParseException {
    String lower = uri.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("sip:") && !lower.startsWith("sips:")) return;
    String rest = uri.substring(uri.indexOf(':') + 1);
    String hostport = rest.substring(rest.lastIndexOf('@') + 1).split("[;?]", 2)[0];
    if (!hostport.startsWith("[") && hostport.indexOf(':') != hostport.lastIndexOf(':')) {
      throw new ParseException("IPv6 reference without brackets in Request-URI", 0);
    }
  }

  /**
   * RFC 3261 25.1: name-addr = [ display-name ] LAQUOT addr-spec RAQUOT, display-name = *(token
   * LWS) / quoted-string; no LWS inside the angle brackets (RFC 4475 3.1.2.14, 3.1.2.15).
   */
  private static void checkNameAddr(String name, String value) throws ParseException {
    StringBuilder unquoted = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
        unquoted.append('"');
      } else if (!quoted) {
        unquoted.append(c);
      }
    }
    String v = unquoted.toString();
    int lt = v.indexOf('<');
    if (lt < 0) {
      // RFC 3261 20: a URI with '?' (headers) must be enclosed in <> (RFC 4475 3.1.2.13).
      if (v.indexOf('?') >= 0) throw new ParseException("URI with headers in " + name + " needs <>", 0);
      return;
    }
    int gt = v.indexOf('>', lt);
    if (lt + 1 < v.length() && isLws(v.charAt(lt + 1)) || gt > 0 && isLws(v.charAt(gt - 1))) {
      throw new ParseException("whitespace inside <> in " + name + " header", 0);
    }
    if (name.equals("contact")) return; // a list: display names are checked on From and To only
    String display = v.substring(0, lt).trim();
    if (display.equals("\"\"")) return;
    for (char c : display.toCharArray()) {
      if (c < 0x20 || NON_TOKEN.indexOf(c) >= 0) {
        throw new ParseException("display name in " + name + " header needs quotes", 0);
      }
    }
  }

  private static boolean isLws(char c) {
    return c == ' ' || c == '\t';
  }
}
