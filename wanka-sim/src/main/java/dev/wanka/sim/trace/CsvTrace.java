package dev.wanka.sim.trace;

import dev.wanka.spec.Problems;
import dev.wanka.spec.SourceLocation;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A comma-separated trace file with a header row, read row by row with every problem collected:
 * file, line, column name, the bad value and what is allowed. Fields hold no quoted commas in the
 * trace formats Wanka reads, so a row is split on every comma.
 */
final class CsvTrace {
  /** More problems than this are summarized by count: a wrong file gives one per row. */
  static final int MAX_PROBLEMS = 20;

  private static final String DATE_TIME_PATTERN = "yyyy-MM-dd HH:mm:ss";

  private final String source;
  private final List<String> header;
  private final List<String[]> rows = new ArrayList<>();
  private final List<Integer> lines = new ArrayList<>();
  private final Problems problems = new Problems();
  private int problemCount;

  private CsvTrace(String source, List<String> header) {
    this.source = source;
    this.header = header;
  }

  /**
   * Splits the text into its header and rows, checking that the header has every required column
   * and every row as many fields as the header.
   */
  static CsvTrace parse(String source, String text, List<String> required) {
    String[] all = lines(text);
    if (all.length == 0 || all[0].isBlank()) {
      CsvTrace empty = new CsvTrace(source, List.of());
      empty.problem(1, "header", "missing: the file is empty; expected a header with " + required);
      empty.throwIfAny();
    }
    CsvTrace trace = new CsvTrace(source, Arrays.asList(all[0].trim().split(",", -1)));
    for (String column : required) {
      if (!trace.header.contains(column)) {
        trace.problem(
            1,
            "header",
            "missing column '" + column + "'; the header has " + String.join(", ", trace.header));
      }
    }
    trace.throwIfAny();
    for (int i = 1; i < all.length; i++) {
      if (all[i].isBlank()) {
        continue;
      }
      String[] fields = all[i].split(",", -1);
      if (fields.length != trace.header.size()) {
        trace.problem(
            i + 1, "row", fields.length + " fields, but the header has " + trace.header.size());
        continue;
      }
      trace.addRow(fields, i + 1);
    }
    return trace;
  }

  /**
   * A trace whose rows the reader splits itself (a file without a header row, or with fields that
   * may hold commas), to be added with {@link #addRow} in the order of {@code columns}.
   */
  static CsvTrace withColumns(String source, List<String> columns) {
    return new CsvTrace(source, List.copyOf(columns));
  }

  /** Adds a row read from {@code line}, its fields in the order of the columns. */
  void addRow(String[] fields, int line) {
    if (fields.length != header.size()) {
      throw new IllegalArgumentException(
          "a row has " + fields.length + " fields; the columns are " + header);
    }
    rows.add(fields);
    lines.add(line);
  }

  int rowCount() {
    return rows.size();
  }

  boolean hasColumn(String column) {
    return header.contains(column);
  }

  int lineOf(int row) {
    return lines.get(row);
  }

  String text(int row, String column) {
    return rows.get(row)[header.indexOf(column)].trim();
  }

  /** A whole number from min to max, or min - 1 (with a problem recorded) when it is not one. */
  long integer(int row, String column, long min, long max) {
    String value = text(row, column);
    try {
      double number = Double.parseDouble(value);
      long whole = (long) number;
      if (whole == number && whole >= min && whole <= max) {
        return whole;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(
        lineOf(row),
        column,
        "'" + value + "' is not allowed: must be a whole number from " + min + " to " + max);
    return min - 1;
  }

  /** A number from min to max, or NaN (with a problem recorded) when it is not one. */
  double number(int row, String column, double min, double max) {
    String value = text(row, column);
    try {
      double number = Double.parseDouble(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(
        lineOf(row),
        column,
        "'" + value + "' is not allowed: must be a number from " + min + " to " + max);
    return Double.NaN;
  }

  /** The lines of a text, without their line ends (\n or \r\n). */
  static String[] lines(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].endsWith("\r")) {
        lines[i] = lines[i].substring(0, lines[i].length() - 1);
      }
    }
    return lines;
  }

  /**
   * Seconds since the epoch of a "yyyy-MM-dd HH:mm:ss" time (UTC), or -1 with a problem. Read by
   * hand rather than with a {@code DateTimeFormatter}, which took most of the time of reading an
   * 82,000-row trace; an impossible date (February 30) is refused.
   */
  long dateTime(int row, String column) {
    String value = text(row, column);
    if (value.length() == DATE_TIME_PATTERN.length()) {
      int year = digits(value, 0, 4);
      int month = digits(value, 5, 2);
      int day = digits(value, 8, 2);
      int hour = digits(value, 11, 2);
      int minute = digits(value, 14, 2);
      int second = digits(value, 17, 2);
      boolean separators =
          value.charAt(4) == '-'
              && value.charAt(7) == '-'
              && value.charAt(10) == ' '
              && value.charAt(13) == ':'
              && value.charAt(16) == ':';
      if (separators && (year | month | day | hour | minute | second) >= 0) {
        try {
          return LocalDateTime.of(year, month, day, hour, minute, second)
              .toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException e) {
          // reported below
        }
      }
    }
    problem(
        lineOf(row),
        column,
        "'" + value + "' is not allowed: must be a time as " + DATE_TIME_PATTERN);
    return -1;
  }

  /** The number written by {@code count} decimal digits from {@code from}, or -1. */
  private static int digits(String text, int from, int count) {
    int number = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }

  void problem(int line, String field, String message) {
    problemCount++;
    if (problemCount <= MAX_PROBLEMS) {
      problems.add(new SourceLocation(source, line, 1), field, message);
    } else if (problemCount == MAX_PROBLEMS + 1) {
      problems.add(
          new SourceLocation(source, line, 1),
          "file",
          "more problems follow; fix these first (is it the right trace format?)");
    }
  }

  boolean hasProblems() {
    return problemCount > 0;
  }

  void throwIfAny() {
    problems.throwIfAny();
  }
}
