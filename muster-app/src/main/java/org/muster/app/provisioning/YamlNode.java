package org.muster.app.provisioning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on. Jackson's {@code JsonNode} forgets locations, so {@link
 * YamlTreeReader} builds this small tree instead.
 */
sealed interface YamlNode {
  /** 1-based line of the value's first character. */
  int line();

  /** What the value is, for "expected X, got Y" messages: "a map", "the string 'x'". */
  String describe();

  /** A mapping; {@code fields} keeps file order and the first of duplicate keys. */
  record Mapping(int line, Map<String, Field> fields) implements YamlNode {
    public Mapping {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** One {@code key: value} of a mapping. */
  record Field(String key, int keyLine, YamlNode value) {}

  /** A sequence. */
  record Sequence(int line, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar; {@link Kind#NULL} covers {@code ~}, {@code null}, an empty value and {@code ''}. */
  record Scalar(int line, Kind kind, String text) implements YamlNode {
    enum Kind {
      STRING,
      NUMBER,
      BOOLEAN,
      NULL
    }

    @Override
    public String describe() {
      return switch (kind) {
        case NULL -> "nothing";
        case BOOLEAN -> text;
        case NUMBER -> "the number " + text;
        case STRING -> "the string '" + text + "'";
      };
    }
  }

  /** True for an absent-like value: {@code ~}, {@code null} or empty. */
  static boolean isNull(YamlNode node) {
    return node instanceof Scalar s && s.kind() == Scalar.Kind.NULL;
  }
}
