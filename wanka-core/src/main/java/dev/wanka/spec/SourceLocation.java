package dev.wanka.spec;

/**
 * Where a value came from: a source name (a file path as the user typed it, or {@code bundled:...}
 * for data inside Wanka) and a 1-based line and column. Column 0 means "unknown".
 */
public record SourceLocation(String source, int line, int column) {

  public static SourceLocation of(String source) {
    return new SourceLocation(source, 0, 0);
  }

  @Override
  public String toString() {
    if (line <= 0) {
      return source;
    }
    return column > 0 ? source + ":" + line + ":" + column : source + ":" + line;
  }
}
