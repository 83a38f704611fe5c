package dev.wanka.spec;

import dev.wanka.spec.YamlNode.YamlList;
import dev.wanka.spec.YamlNode.YamlMap;
import dev.wanka.spec.YamlNode.YamlScalar;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads YAML 1.2 (and therefore JSON) into a {@link YamlNode} tree that keeps line numbers. Rejects
 * what a hand-written spec should never contain: duplicate keys, several documents, an empty
 * document. Syntax errors become a {@link SpecException} naming the line.
 *
 * <p>Text that starts with '{' or '[' is tried as JSON first: the YAML parser refuses tabs before a
 * JSON key (indentation, to YAML), which JSON allows and tools write. What is not valid JSON is
 * read as YAML, whose messages then explain the mistake.
 */
public final class YamlTreeReader {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern PARSER_MARK =
      Pattern.compile("\\s*in reader, line (\\d+), column (\\d+):\\s*");

  private final String source;

  private YamlTreeReader(String source) {
    this.source = source;
  }

  /** Parses {@code text}; {@code source} names it in messages (a path, or "bundled:..."). */
  public static YamlNode read(String source, String text) {
    String start = text.stripLeading();
    if (start.startsWith("{") || start.startsWith("[")) {
      Optional<YamlNode> json = new YamlTreeReader(source).readJson(text);
      if (json.isPresent()) {
        return json.get();
      }
    }
    return read(source, new StringReader(text));
  }

  public static YamlNode read(String source, Reader text) {
    return new YamlTreeReader(source).readDocument(text);
  }

  private YamlNode readDocument(Reader text) {
    try (JsonParser parser = YAML.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SpecException(
            new SpecProblem(SourceLocation.of(source), "", "the document is empty"));
      }
      YamlNode root = readValue(parser, "");
      JsonToken extra = parser.nextToken();
      if (extra != null) {
        throw new SpecException(
            new SpecProblem(
                locationOf(parser.currentTokenLocation()),
                "",
                "the file holds more than one YAML document; put everything in one"));
      }
      return root;
    } catch (JacksonException e) {
      throw new SpecException(syntaxProblem(e));
    }
  }

  /** The JSON document in {@code text}, or empty if it is not valid JSON. */
  private Optional<YamlNode> readJson(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      parser.nextToken();
      YamlNode root = readValue(parser, "");
      return parser.nextToken() == null ? Optional.of(root) : Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  private YamlNode readValue(JsonParser parser, String path) {
    SourceLocation at = locationOf(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return readMap(parser, at, path);
      case START_ARRAY:
        return readList(parser, at, path);
      case VALUE_STRING:
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          throw new SpecException(
              new SpecProblem(
                  at,
                  path,
                  "YAML aliases (*"
                      + parser.getString()
                      + ") are not supported; write the value out in full"));
        }
        return new YamlScalar(at, parser.getString(), YamlScalar.Kind.STRING);
      case VALUE_NUMBER_INT:
        return new YamlScalar(at, parser.getString(), YamlScalar.Kind.INTEGER);
      case VALUE_NUMBER_FLOAT:
        return new YamlScalar(at, parser.getString(), YamlScalar.Kind.DECIMAL);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new YamlScalar(at, parser.getString(), YamlScalar.Kind.BOOLEAN);
      case VALUE_NULL:
        return new YamlScalar(at, "", YamlScalar.Kind.NULL);
      default:
        throw new SpecException(
            new SpecProblem(at, path, "unexpected YAML content (" + token + ")"));
    }
  }

  private YamlMap readMap(JsonParser parser, SourceLocation at, String path) {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, SourceLocation> keyAt = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String key = parser.currentName();
      SourceLocation keyLocation = locationOf(parser.currentTokenLocation());
      parser.nextToken();
      YamlNode value = readValue(parser, Paths.child(path, key));
      if (entries.containsKey(key)) {
        throw new SpecException(
            new SpecProblem(
                keyLocation,
                Paths.child(path, key),
                "duplicate key: already given at line "
                    + keyAt.get(key).line()
                    + "; give each key once"));
      }
      entries.put(key, value);
      keyAt.put(key, keyLocation);
    }
    return new YamlMap(at, entries, keyAt);
  }

  private YamlList readList(JsonParser parser, SourceLocation at, String path) {
    List<YamlNode> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(readValue(parser, Paths.item(path, items.size())));
    }
    return new YamlList(at, items);
  }

  private SourceLocation locationOf(TokenStreamLocation location) {
    if (location == null || location == TokenStreamLocation.NA) {
      return SourceLocation.of(source);
    }
    return new SourceLocation(
        source, Math.max(0, location.getLineNr()), Math.max(0, location.getColumnNr()));
  }

  /**
   * The YAML parser's message names what it was reading and where that started, then what went
   * wrong and where ("while parsing a flow mapping / in reader, line 1, column 4: / ... / expected
   * ',' or '}' / in reader, line 2, column 2: ..."). The problem is reported where it went wrong,
   * with the context's start in words; the quoted source lines are left out.
   */
  private SpecProblem syntaxProblem(JacksonException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    List<String> words = new ArrayList<>();
    List<int[]> marks = new ArrayList<>();
    for (String line : message.split("\n")) {
      Matcher mark = PARSER_MARK.matcher(line);
      if (mark.matches()) {
        marks.add(new int[] {Integer.parseInt(mark.group(1)), Integer.parseInt(mark.group(2))});
      } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        words.add(line.trim());
      }
    }
    // Hitting the end of the file means something opened earlier never closed: point there.
    boolean unclosed = message.contains("end of stream");
    SourceLocation at = locationOf(e.getLocation());
    if (!marks.isEmpty()) {
      int[] problem = marks.get(unclosed ? 0 : marks.size() - 1);
      at = new SourceLocation(source, problem[0], problem[1]);
    }
    if (words.size() > 1 && marks.size() > 1 && !unclosed) {
      int[] context = marks.get(0);
      words.set(0, words.get(0) + " started at line " + context[0] + ", column " + context[1]);
    }
    String explanation = words.isEmpty() ? "syntax error" : String.join(": ", words);
    return new SpecProblem(at, "", "not valid YAML: " + explanation);
  }
}
