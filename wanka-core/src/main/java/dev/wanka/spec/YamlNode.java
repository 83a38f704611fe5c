package dev.wanka.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML (or JSON) document as a tree whose every node remembers where it was written, so that
 * error messages can name the line. Built by {@link YamlTreeReader}.
 */
public sealed interface YamlNode {

  SourceLocation at();

  /** A short description of the node's kind for messages: "a map", "a list", "'abc'". */
  String describe();

  /** A mapping; keys keep document order; {@code keyAt} holds where each key was written. */
  record YamlMap(
      SourceLocation at, Map<String, YamlNode> entries, Map<String, SourceLocation> keyAt)
      implements YamlNode {
    public YamlMap {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      keyAt = Collections.unmodifiableMap(new LinkedHashMap<>(keyAt));
    }

    public Optional<YamlNode> get(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** A sequence. */
  record YamlList(SourceLocation at, List<YamlNode> items) implements YamlNode {
    public YamlList {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar with its text exactly as written and the kind the YAML 1.2 core schema gave it. */
  record YamlScalar(SourceLocation at, String text, Kind kind) implements YamlNode {
    public enum Kind {
      STRING,
      INTEGER,
      DECIMAL,
      BOOLEAN,
      NULL
    }

    @Override
    public String describe() {
      return kind == Kind.NULL ? "empty" : "'" + text + "'";
    }
  }
}
