package dev.wanka.spec;

import dev.wanka.spec.YamlNode.YamlList;
import dev.wanka.spec.YamlNode.YamlMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Typed access to the fields of one YAML map, declared up front so that unknown fields are reported
 * with the list of allowed ones. Every getter reports a problem and returns a placeholder (0, "",
 * the default) on bad input; callers call {@link Problems#throwIfAny()} before using the values
 * together.
 */
public final class MapReader {
  private final YamlMap map;
  private final SourceLocation at;
  private final String path;
  private final Problems problems;
  private final List<String> fields;

  private MapReader(
      YamlMap map, SourceLocation at, String path, Problems problems, List<String> fields) {
    this.map = map;
    this.at = at;
    this.path = path;
    this.problems = problems;
    this.fields = fields;
  }

  /**
   * Reads {@code node} as a map that may hold only {@code fields}. A node that is not a map is
   * reported once and yields a reader whose required fields are not reported again as missing.
   */
  public static MapReader of(YamlNode node, String path, Problems problems, String... fields) {
    List<String> allowed = List.of(fields);
    if (!(node instanceof YamlMap map)) {
      problems.add(
          node.at(),
          path,
          node.describe()
              + " is not allowed: must be a map with the fields "
              + String.join(", ", allowed));
      return new MapReader(null, node.at(), path, problems, allowed);
    }
    for (Map.Entry<String, SourceLocation> key : map.keyAt().entrySet()) {
      if (!allowed.contains(key.getKey())) {
        problems.add(
            key.getValue(),
            Paths.child(path, key.getKey()),
            "unknown field; allowed here: "
                + String.join(", ", allowed)
                + Suggestions.didYouMean(key.getKey(), allowed));
      }
    }
    return new MapReader(map, map.at(), path, problems, allowed);
  }

  public SourceLocation at() {
    return at;
  }

  public String path() {
    return path;
  }

  public String path(String field) {
    return Paths.child(path, field);
  }

  public Problems problems() {
    return problems;
  }

  public boolean has(String field) {
    return node(field).isPresent();
  }

  /** Where a field's value was written, or the map itself when the field is absent. */
  public SourceLocation at(String field) {
    return node(field).map(YamlNode::at).orElse(at);
  }

  public Optional<YamlNode> node(String field) {
    if (!fields.contains(field)) {
      throw new IllegalArgumentException(field + " is not a declared field of " + path);
    }
    return map == null ? Optional.empty() : map.get(field);
  }

  /** Reports a problem about {@code field}'s value (or about the map, if the field is absent). */
  public void problem(String field, String message) {
    problems.add(at(field), path(field), message);
  }

  /** The field's node; reports it as missing (with {@code expected}) when absent. */
  public Optional<YamlNode> required(String field, String expected) {
    Optional<YamlNode> node = node(field);
    if (node.isEmpty() && map != null) {
      problems.add(at, path(field), "missing field: must be " + expected);
    }
    return node;
  }

  public String string(String field) {
    return required(field, "a non-empty text")
        .flatMap(n -> Values.string(n, path(field), problems))
        .orElse("");
  }

  /** A required slug such as {@code h100-sxm} (see {@link Values#slug}). */
  public String slug(String field) {
    return required(field, "a slug of lower-case letters, digits and '-'")
        .flatMap(n -> Values.slug(n, path(field), problems))
        .orElse("");
  }

  public Optional<String> optionalString(String field) {
    return node(field).flatMap(n -> Values.string(n, path(field), problems));
  }

  public long integer(String field, long min, long max) {
    return required(field, "a whole number from " + min + " to " + max)
        .map(n -> Values.integer(n, path(field), min, max, problems))
        .filter(OptionalLong::isPresent)
        .map(OptionalLong::getAsLong)
        .orElse(0L);
  }

  public long integer(String field, long min, long max, long defaultValue) {
    return node(field)
        .map(n -> Values.integer(n, path(field), min, max, problems).orElse(defaultValue))
        .orElse(defaultValue);
  }

  /** A number greater than 0. */
  public double positive(String field) {
    return required(field, "a number greater than 0")
        .map(n -> Values.number(n, path(field), 0, true, Double.MAX_VALUE, problems))
        .filter(OptionalDouble::isPresent)
        .map(OptionalDouble::getAsDouble)
        .orElse(0.0);
  }

  public OptionalDouble optionalPositive(String field) {
    return node(field)
        .map(n -> Values.number(n, path(field), 0, true, Double.MAX_VALUE, problems))
        .orElse(OptionalDouble.empty());
  }

  /** An optional number in [min, max]. */
  public OptionalDouble optionalNumber(String field, double min, double max) {
    return node(field)
        .map(n -> Values.number(n, path(field), min, false, max, problems))
        .orElse(OptionalDouble.empty());
  }

  public <E extends Enum<E> & Keyword> Optional<E> keyword(String field, Class<E> type) {
    return required(field, "one of " + keywords(type))
        .flatMap(n -> Values.keyword(n, path(field), type, problems));
  }

  public <E extends Enum<E> & Keyword> E keyword(String field, Class<E> type, E defaultValue) {
    return node(field)
        .flatMap(n -> Values.keyword(n, path(field), type, problems))
        .orElse(defaultValue);
  }

  public MapReader map(String field, String... fields) {
    Optional<YamlNode> node = required(field, "a map with the fields " + String.join(", ", fields));
    return node.map(n -> of(n, path(field), problems, fields))
        .orElseGet(() -> new MapReader(null, at, path(field), problems, List.of(fields)));
  }

  public Optional<MapReader> optionalMap(String field, String... fields) {
    return node(field).map(n -> of(n, path(field), problems, fields));
  }

  /** A list's items; reports a node that is not a list (or an empty one, if {@code nonEmpty}). */
  public List<YamlNode> list(String field, boolean nonEmpty) {
    Optional<YamlNode> node = nonEmpty ? required(field, "a non-empty list") : node(field);
    if (node.isEmpty()) {
      return List.of();
    }
    if (!(node.get() instanceof YamlList list)) {
      problem(field, node.get().describe() + " is not allowed: must be a list");
      return List.of();
    }
    if (nonEmpty && list.items().isEmpty()) {
      problem(field, "an empty list is not allowed: give at least one item");
    }
    return list.items();
  }

  private static <E extends Enum<E> & Keyword> String keywords(Class<E> type) {
    StringBuilder out = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(constant.keyword());
    }
    return out.toString();
  }
}
