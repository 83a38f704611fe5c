package dev.wanka.spec;

import dev.wanka.spec.YamlNode.YamlMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line overrides of a YAML document, as {@code key.path=value}: the value (any YAML: a
 * number, a word, a flow list or map) replaces the field at that path, or adds it, creating the
 * maps on the way. The new nodes are located at the override itself, so a bad value is reported as
 * "--set workload.loadScale=0:1:1: workload.loadScale: ...".
 */
public final class YamlOverrides {
  private YamlOverrides() {}

  /**
   * The document with every override applied in order.
   *
   * @throws SpecException naming the override when it is not {@code key.path=value} or its path
   *     runs through something that is not a map
   */
  public static YamlNode apply(YamlNode root, List<String> overrides) {
    YamlNode result = root;
    for (String override : overrides) {
      result = apply(result, override);
    }
    return result;
  }

  private static YamlNode apply(YamlNode root, String override) {
    String source = "--set " + override;
    int equals = override.indexOf('=');
    String path = equals < 0 ? "" : override.substring(0, equals).trim();
    if (equals < 0
        || path.isEmpty()
        || path.startsWith(".")
        || path.endsWith(".")
        || path.contains("..")) {
      throw new SpecException(
          new SpecProblem(
              SourceLocation.of(source),
              "--set",
              "'" + override + "' is not allowed: must be key.path=value, e.g. seeds=3"));
    }
    YamlNode value = YamlTreeReader.read(source, override.substring(equals + 1));
    return set(root, path.split("\\."), 0, value, source, path);
  }

  private static YamlNode set(
      YamlNode node, String[] keys, int depth, YamlNode value, String source, String path) {
    if (!(node instanceof YamlMap)) {
      String at = String.join(".", java.util.Arrays.copyOf(keys, depth));
      throw new SpecException(
          new SpecProblem(
              SourceLocation.of(source),
              "--set",
              "cannot set '"
                  + path
                  + "': "
                  + (at.isEmpty() ? "the document" : "'" + at + "'")
                  + " is "
                  + node.describe()
                  + ", not a map"));
    }
    YamlMap map = (YamlMap) node;
    Map<String, YamlNode> entries = new LinkedHashMap<>(map.entries());
    Map<String, SourceLocation> keyAt = new LinkedHashMap<>(map.keyAt());
    String key = keys[depth];
    YamlNode replacement;
    if (depth == keys.length - 1) {
      replacement = value;
    } else {
      YamlNode child =
          entries.getOrDefault(key, new YamlMap(SourceLocation.of(source), Map.of(), Map.of()));
      replacement = set(child, keys, depth + 1, value, source, path);
    }
    entries.put(key, replacement);
    keyAt.putIfAbsent(key, SourceLocation.of(source));
    return new YamlMap(map.at(), entries, keyAt);
  }
}
