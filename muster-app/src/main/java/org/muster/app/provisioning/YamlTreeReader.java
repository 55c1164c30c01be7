package org.muster.app.provisioning;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.muster.app.provisioning.YamlNode.Field;
import org.muster.app.provisioning.YamlNode.Mapping;
import org.muster.app.provisioning.YamlNode.Scalar;
import org.muster.app.provisioning.YamlNode.Sequence;

/**
 * Reads YAML text into a {@link YamlNode} tree that remembers lines, with Jackson's streaming YAML
 * parser. Only {@code true} and {@code false} are booleans ({@code yes}, {@code on} stay strings);
 * aliases, duplicate keys and a second document are reported as problems, and a file with
 * aliases is not validated further.
 */
final class YamlTreeReader {
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder()
          .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
          .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
          .build();

  private final JsonParser parser;
  private final Problems problems;
  private boolean refused;

  private YamlTreeReader(JsonParser parser, Problems problems) {
    this.parser = parser;
    this.problems = problems;
  }

  /** The document's root, or empty (with a problem added) when the text is empty or not YAML. */
  static Optional<YamlNode> read(String text, Problems problems) {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        problems.add(1, "", "the file is empty; it needs at least a system: section");
        return Optional.empty();
      }
      YamlTreeReader reader = new YamlTreeReader(p, problems);
      YamlNode root = reader.node("");
      if (p.nextToken() != null) {
        problems.add(
            line(p.currentTokenLocation()),
            "",
            "a second YAML document starts here; one file describes one MC system");
      }
      return reader.refused ? Optional.empty() : Optional.of(root);
    } catch (JacksonException e) {
      problems.add(line(e.getLocation()), "", "not valid YAML: " + syntaxMessage(e));
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a String does no I/O
    }
  }

  /** Reads the value at the current token; {@code path} names it in problems. */
  private YamlNode node(String path) throws IOException {
    int line = line(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) return mapping(path, line);
    if (token == JsonToken.START_ARRAY) return sequence(path, line);
    if (parser instanceof YAMLParser y && y.isCurrentAlias()) {
      problems.add(line, path, "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
      refused = true; // the tree is only read on, to report every alias, not validated
      return new Scalar(line, Scalar.Kind.NULL, "");
    }
    return switch (token) {
      case VALUE_TRUE, VALUE_FALSE -> new Scalar(line, Scalar.Kind.BOOLEAN, parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Scalar(line, Scalar.Kind.NUMBER, parser.getText());
      case VALUE_STRING -> string(line, parser.getText());
      default -> new Scalar(line, Scalar.Kind.NULL, "");
    };
  }

  private static Scalar string(int line, String text) {
    return text.isEmpty() ? new Scalar(line, Scalar.Kind.NULL, "") : new Scalar(line, Scalar.Kind.STRING, text);
  }

  private Mapping mapping(String path, int line) throws IOException {
    Map<String, Field> fields = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int keyLine = line(parser.currentTokenLocation());
      parser.nextToken();
      YamlNode value = node(path.isEmpty() ? key : path + "." + key);
      Field first = fields.get(key);
      if (first != null) {
        problems.add(keyLine, path, "key '" + key + "' appears twice (first at line " + first.keyLine() + ")");
      } else {
        fields.put(key, new Field(key, keyLine, value));
      }
    }
    return new Mapping(line, fields);
  }

  private Sequence sequence(String path, int line) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      items.add(node(path + "[" + items.size() + "]"));
    }
    return new Sequence(line, items);
  }

  private static int line(JsonLocation location) {
    return location == null ? 0 : Math.max(0, location.getLineNr());
  }

  /**
   * SnakeYAML's message, without its source excerpts: "while parsing a flow sequence, expected ','
   * or ']', but got :".
   */
  private static String syntaxMessage(JacksonException e) {
    String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    return original
        .lines()
        .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
        .collect(Collectors.joining(", "));
  }
}
