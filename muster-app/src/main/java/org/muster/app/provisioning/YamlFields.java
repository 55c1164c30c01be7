package org.muster.app.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.muster.app.provisioning.YamlNode.Field;
import org.muster.app.provisioning.YamlNode.Mapping;
import org.muster.app.provisioning.YamlNode.Scalar;
import org.muster.app.provisioning.YamlNode.Sequence;
import org.muster.core.config.HostPort;

/**
 * Typed access to the keys of one YAML map (the file, {@code system}, one user, group or
 * partner): each accessor reports a missing key or a value of the wrong type to {@link Problems},
 * naming the entry and the line, and returns empty so that reading goes on.
 */
final class YamlFields {
  /** Item {@code index} of a list, a single value. */
  record Item(int index, Scalar value) {}

  private static final String HOST_PORT_EXAMPLE = " (example: 127.0.0.1:5060)";

  private final Mapping map;
  private final String entry;
  private final Problems problems;

  YamlFields(Mapping map, String entry, Problems problems) {
    this.map = map;
    this.entry = entry;
    this.problems = problems;
  }

  /**
   * The fields of list item {@code item}, or empty (with a problem) when it is not a map. {@code
   * example} shows the expected shape, such as {@code - id: sip:ff1@metro.example}.
   */
  static Optional<YamlFields> ofItem(YamlNode item, String entry, String example, Problems problems) {
    if (item instanceof Mapping m) return Optional.of(new YamlFields(m, entry, problems));
    problems.add(item, entry, "expected a map, got " + item.describe() + "; write it as " + example);
    return Optional.empty();
  }

  /** The same fields reported as {@code entry (label)}, once the entry's id is known. */
  YamlFields labelled(String label) {
    return new YamlFields(map, entry + " (" + label + ")", problems);
  }

  String entry() {
    return entry;
  }

  Problems problems() {
    return problems;
  }

  Mapping map() {
    return map;
  }

  /** {@code entry.key}, the name of one field in problems. */
  String path(String key) {
    return entry.isEmpty() ? key : entry + "." + key;
  }

  /** Reports a problem of this entry at {@code at}'s line. */
  void problem(YamlNode at, String message) {
    problems.add(at, entry, message);
  }

  /** Reports a problem of field {@code key} (or {@code key[i]}) at {@code at}'s line. */
  void problem(YamlNode at, String key, String message) {
    problems.add(at, path(key), message);
  }

  /** Reports every key not in {@code allowed}: a misspelt key must not be silently ignored. */
  void allowOnly(List<String> allowed) {
    for (Field f : map.fields().values()) {
      if (!allowed.contains(f.key())) {
        problems.add(
            f.keyLine(),
            entry,
            "unknown key '" + f.key() + "'; allowed: " + String.join(", ", allowed) + Spelling.suggestion(f.key(), allowed));
      }
    }
  }

  /** The value of {@code key}; empty when absent or null. */
  Optional<YamlNode> value(String key) {
    Field f = map.fields().get(key);
    return f == null || YamlNode.isNull(f.value()) ? Optional.empty() : Optional.of(f.value());
  }

  /** The text of single value {@code key}, reporting nothing (for labels); empty otherwise. */
  Optional<String> peek(String key) {
    Field f = map.fields().get(key);
    if (f != null && f.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) return Optional.of(s.text());
    return Optional.empty();
  }

  /** A single value (string or number, as written); a required one reports "key is missing". */
  Optional<Scalar> scalar(String key, boolean required) {
    Field f = map.fields().get(key);
    if (f == null || YamlNode.isNull(f.value())) {
      if (required) problems.add(f == null ? map.line() : f.keyLine(), entry, key + " is missing");
      return Optional.empty();
    }
    if (f.value() instanceof Scalar s && s.kind() != Scalar.Kind.BOOLEAN) return Optional.of(s);
    problem(f.value(), key, "expected a string, got " + f.value().describe());
    return Optional.empty();
  }

  /** {@code true} or {@code false}, nothing else; {@code absent} when the key is absent. */
  boolean bool(String key, boolean absent) {
    Optional<YamlNode> v = value(key);
    if (v.isEmpty()) return absent;
    if (v.get() instanceof Scalar s && s.kind() == Scalar.Kind.BOOLEAN) {
      if (s.text().equals("true")) return true;
      if (s.text().equals("false")) return false;
    }
    problem(v.get(), key, "expected true or false, got " + v.get().describe());
    return absent;
  }

  /** A {@code host:port} address; port 0 asks for any free port. */
  Optional<HostPort> hostPort(String key, boolean required) {
    Optional<Scalar> s = scalar(key, required);
    if (s.isEmpty()) return Optional.empty();
    String text = s.get().text();
    try {
      HostPort hp = HostPort.parse(text);
      if (Names.isHost(hp.host())) return Optional.of(hp);
      problem(s.get(), key, "'" + hp.host() + "' is not a host name or IP address" + HOST_PORT_EXAMPLE);
    } catch (IllegalArgumentException e) {
      problem(s.get(), key, e.getMessage() + HOST_PORT_EXAMPLE);
    }
    return Optional.empty();
  }

  /**
   * The single values of list {@code key}, with their lines; empty when absent. A single value
   * where a list is expected is reported with the list to write instead.
   */
  Optional<List<Item>> scalars(String key) {
    Optional<YamlNode> v = value(key);
    if (v.isEmpty()) return Optional.empty();
    if (!(v.get() instanceof Sequence seq)) {
      String hint = v.get() instanceof Scalar s ? "; write [" + s.text() + "]" : "";
      problem(v.get(), key, "expected a list, got " + v.get().describe() + hint);
      return Optional.empty();
    }
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      if (item instanceof Scalar s && s.kind() != Scalar.Kind.NULL && s.kind() != Scalar.Kind.BOOLEAN) {
        out.add(new Item(i, s));
      } else {
        problem(item, key + "[" + i + "]", "expected a string, got " + item.describe());
      }
    }
    return Optional.of(out);
  }

  /**
   * List {@code key} of words looked up by {@code lookup}; an unknown word is reported with the
   * {@code allowed} ones, a repeated word as listed twice. {@code what} names a word: "service".
   */
  <T> Optional<Set<T>> words(String key, Function<String, Optional<T>> lookup, String what, List<String> allowed) {
    Optional<List<Item>> items = scalars(key);
    if (items.isEmpty()) return Optional.empty();
    Map<T, Integer> found = new LinkedHashMap<>();
    for (Item item : items.get()) {
      String text = item.value().text();
      String at = key + "[" + item.index() + "]";
      Optional<T> word = lookup.apply(text);
      if (word.isEmpty()) {
        problem(item.value(), at, "unknown " + what + " '" + text + "'; allowed: " + String.join(", ", allowed));
      } else if (found.containsKey(word.get())) {
        problem(item.value(), at, "'" + text + "' is listed twice (also " + key + "[" + found.get(word.get()) + "])");
      } else {
        found.put(word.get(), item.index());
      }
    }
    return Optional.of(new LinkedHashSet<>(found.keySet()));
  }
}
