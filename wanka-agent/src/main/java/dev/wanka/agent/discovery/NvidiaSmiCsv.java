package dev.wanka.agent.discovery;

import dev.wanka.api.Health;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads the CSV of {@code nvidia-smi --query-gpu=... --format=csv[,nounits]}. Columns are found by
 * their header names, so any field order and extra fields are fine; values may carry units ({@code
 * 81559 MiB}, {@code 69.85 W}, {@code 0 %}) or not.
 *
 * <p>A value in brackets is not a number: {@code [N/A]} and {@code [Not Supported]} mean the device
 * does not report it ({@link Readings#UNKNOWN}); any other bracketed text ({@code [Unknown Error]},
 * {@code [GPU requires reset]}) is an error, and the device is reported DEGRADED.
 */
public final class NvidiaSmiCsv {
  /** The fields the agent asks for. */
  public static final List<String> FIELDS =
      List.of(
          "index",
          "uuid",
          "name",
          "memory.total",
          "temperature.gpu",
          "power.draw",
          "utilization.gpu");

  private static final long MIB = 1024L * 1024L;

  private NvidiaSmiCsv() {}

  /**
   * Parses the tool's output, header line first.
   *
   * @throws IllegalArgumentException when a needed column is missing or a line cannot be read,
   *     naming the line
   */
  public static List<DeviceReading> parse(String text) {
    List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("nvidia-smi printed nothing");
    }
    Map<String, Integer> columns = columns(lines.get(0));
    for (String field : FIELDS) {
      if (!columns.containsKey(field)) {
        throw new IllegalArgumentException(
            "nvidia-smi output has no '"
                + field
                + "' column; its header is: "
                + abbreviate(lines.get(0)));
      }
    }
    List<DeviceReading> readings = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      readings.add(row(lines.get(i), i + 1, columns));
    }
    return readings;
  }

  private static Map<String, Integer> columns(String header) {
    Map<String, Integer> columns = new HashMap<>();
    String[] names = header.split(",");
    for (int i = 0; i < names.length; i++) {
      String name = names[i].trim();
      int unit = name.indexOf(" [");
      columns.putIfAbsent(unit > 0 ? name.substring(0, unit) : name, i);
    }
    return columns;
  }

  private static DeviceReading row(String line, int lineNumber, Map<String, Integer> columns) {
    String[] cells = line.split(",", -1);
    if (cells.length < columns.size()) {
      throw new IllegalArgumentException(
          "nvidia-smi line "
              + lineNumber
              + " has "
              + cells.length
              + " values, fewer than the "
              + columns.size()
              + " columns of its header: "
              + abbreviate(line));
    }
    Cells row = new Cells(cells, columns, lineNumber);
    OptionalDouble memoryMiB = row.number("memory.total");
    OptionalDouble index = row.number("index");
    if (index.isEmpty()) {
      throw new IllegalArgumentException(
          "nvidia-smi line " + lineNumber + " has no GPU index: " + abbreviate(line));
    }
    double temperature = Readings.orUnknown(row.number("temperature.gpu"));
    double power = Readings.orUnknown(row.number("power.draw"));
    OptionalDouble percent = row.number("utilization.gpu");
    double utilization = percent.isPresent() ? percent.getAsDouble() / 100.0 : Readings.UNKNOWN;
    return new DeviceReading(
        (int) index.getAsDouble(),
        row.text("uuid"),
        row.text("name"),
        memoryMiB.isPresent() ? Math.round(memoryMiB.getAsDouble() * MIB) : 0,
        row.errors ? Health.DEGRADED : Health.OK,
        temperature,
        power,
        utilization);
  }

  private static String abbreviate(String text) {
    return text.length() <= 160 ? text : text.substring(0, 160) + "...";
  }

  /** The cells of one line, read by column name; remembers whether any held an error. */
  private static final class Cells {
    private final String[] cells;
    private final Map<String, Integer> columns;
    private final int lineNumber;
    private boolean errors;

    Cells(String[] cells, Map<String, Integer> columns, int lineNumber) {
      this.cells = cells;
      this.columns = columns;
      this.lineNumber = lineNumber;
    }

    String text(String field) {
      return cells[columns.get(field)].trim();
    }

    OptionalDouble number(String field) {
      String value = text(field);
      if (value.startsWith("[")) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals("[n/a]") && !lower.equals("[not supported]")) {
          errors = true;
        }
        return OptionalDouble.empty();
      }
      if (value.equalsIgnoreCase("N/A")) {
        return OptionalDouble.empty();
      }
      String number = value.split(" ")[0];
      try {
        return OptionalDouble.of(Double.parseDouble(number));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "nvidia-smi line " + lineNumber + ": " + field + " is '" + value + "', not a number");
      }
    }
  }
}
