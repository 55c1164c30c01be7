package org.muster.protocol.decode;

import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The result of decoding a body: a typed value, or the element (or header) that was malformed
 * and why (STYLE.md 3.4: malformed input is data, not an exception). The SIP adapter answers a
 * {@link Bad} with 400 and {@link Bad#message()} in the Warning.
 */
public sealed interface Decoded<T> {
  /** Bad fields that are not XML elements; {@link Bad#message()} shows them without brackets. */
  Set<String> NON_ELEMENT_FIELDS = Set.of("Content-Type", "body", "multipart");

  /** The body decoded into {@code value}. */
  record Ok<T>(T value) implements Decoded<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The body is malformed. {@code field} is an element name ({@code mcptt-regroup-uri}), an
   * attribute as {@code element@attribute}, or one of {@link #NON_ELEMENT_FIELDS}.
   */
  record Bad<T>(String field, String reason) implements Decoded<T> {
    public Bad {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(reason, "reason");
    }

    /** Human readable, for a Warning header: {@code <mcptt-regroup-uri> missing}. */
    public String message() {
      if (NON_ELEMENT_FIELDS.contains(field)) return field + ": " + reason;
      return "<" + field.replace('@', ' ') + "> " + reason;
    }

    /** The same failure typed for another value type. */
    public <U> Bad<U> retype() {
      return new Bad<>(field, reason);
    }
  }

  static <T> Decoded<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Decoded<T> bad(String field, String reason) {
    return new Bad<>(field, reason);
  }

  default boolean isOk() {
    return this instanceof Ok;
  }

  default <U> Decoded<U> map(Function<? super T, ? extends U> f) {
    if (this instanceof Ok<T> ok) return new Ok<>(f.apply(ok.value()));
    return ((Bad<T>) this).retype();
  }

  default <U> Decoded<U> flatMap(Function<? super T, Decoded<U>> f) {
    if (this instanceof Ok<T> ok) return f.apply(ok.value());
    return ((Bad<T>) this).retype();
  }

  /**
   * A value from the body for use inside a reason: at most 80 characters, control characters
   * and double quotes replaced, so that it is safe in a SIP Warning header.
   */
  static String quote(String value) {
    String v = value == null ? "" : value;
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < v.length() && i < 80; i++) {
      char c = v.charAt(i);
      b.append(c < 0x20 || c == 0x7f || c == '"' || c == '\\' ? '?' : c);
    }
    if (v.length() > 80) b.append("...");
    return b.append('\'').toString();
  }
}
