package dev.wanka.sim.trace;

import dev.wanka.spec.Problems;
import dev.wanka.spec.SourceLocation;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

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
    String[] all = text.split("\r?\n", -1);
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

  /** Seconds since the epoch of a "yyyy-MM-dd HH:mm:ss" time (UTC), or -1 with a problem. */
  long dateTime(int row, String column) {
    String value = text(row, column);
    try {
      return LocalDateTime.parse(value, DATE_TIME).toEpochSecond(java.time.ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      problem(
          lineOf(row),
          column,
          "'" + value + "' is not allowed: must be a time as yyyy-MM-dd HH:mm:ss");
      return -1;
    }
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
