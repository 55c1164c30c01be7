package org.muster.protocol.mime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Content-Type value (RFC 2045 5.1):
 *
 * <pre>
 * content   := type "/" subtype *(";" parameter)
 * parameter := attribute "=" value
 * value     := token / quoted-string
 * </pre>
 *
 * Type, subtype and parameter names are case-insensitive and kept in lower case; parameter
 * values keep their case, with quotes and quoted-pair escapes removed.
 */
public record MediaType(String type, String subtype, Map<String, String> parameters) {
  private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

  public MediaType {
    parameters = Map.copyOf(parameters);
  }

  /** {@code type/subtype} without parameters, lower case: the part to compare. */
  public String essence() {
    return type + "/" + subtype;
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Parses a Content-Type header value; empty if it does not follow the grammar. */
  public static Optional<MediaType> parse(String value) {
    if (value == null || value.length() > 1024) return Optional.empty();
    Cursor c = new Cursor(value);
    String type = c.token();
    if (type.isEmpty() || !c.take('/')) return Optional.empty();
    String subtype = c.token();
    if (subtype.isEmpty()) return Optional.empty();
    Map<String, String> params = new LinkedHashMap<>();
    while (c.take(';')) {
      if (c.atEnd()) break; // tolerate a trailing ';'
      String name = c.token();
      if (name.isEmpty() || !c.take('=')) return Optional.empty();
      Optional<String> v = c.peek() == '"' ? c.quoted() : Optional.of(c.token());
      if (v.isEmpty()) return Optional.empty();
      params.putIfAbsent(name.toLowerCase(Locale.ROOT), v.get());
    }
    if (!c.atEnd()) return Optional.empty();
    return Optional.of(new MediaType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), params));
  }

  /** A left-to-right reader over a header value that skips linear white space between items. */
  private static final class Cursor {
    private final String s;
    private int i;

    Cursor(String s) {
      this.s = s;
    }

    private void skipSpace() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    }

    boolean atEnd() {
      skipSpace();
      return i >= s.length();
    }

    char peek() {
      skipSpace();
      return i < s.length() ? s.charAt(i) : '\0';
    }

    boolean take(char ch) {
      if (peek() != ch) return false;
      i++;
      return true;
    }

    String token() {
      skipSpace();
      int start = i;
      while (i < s.length()) {
        char ch = s.charAt(i);
        if (ch <= ' ' || ch >= 0x7f || TSPECIALS.indexOf(ch) >= 0) break;
        i++;
      }
      return s.substring(start, i);
    }

    Optional<String> quoted() {
      StringBuilder b = new StringBuilder();
      i++; // opening quote
      while (i < s.length()) {
        char ch = s.charAt(i++);
        if (ch == '"') return Optional.of(b.toString());
        if (ch == '\\' && i < s.length()) ch = s.charAt(i++);
        if (ch == '\r' || ch == '\n') return Optional.empty();
        b.append(ch);
      }
      return Optional.empty();
    }
  }
}
