package dev.wanka.agent.discovery;

import dev.wanka.api.Health;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the device table of {@code npu-smi info}: for every chip, a row with NPU id, name, health,
 * power and temperature, then a row with chip id (and on Atlas A3 parts its physical id), bus id,
 * AI Core use and memory. The process table that follows is not read.
 *
 * <p>Health {@code OK} is OK, {@code Warning} DEGRADED, anything else ({@code Alarm}, {@code
 * Critical}) FAILED.
 */
public final class NpuSmiTable {
  private static final Pattern USAGE = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)");
  private static final long MIB = 1024L * 1024L;

  private NpuSmiTable() {}

  /**
   * Parses the whole output of {@code npu-smi info}.
   *
   * @throws IllegalArgumentException when a device row is not followed by its chip row, naming the
   *     line
   */
  public static List<NpuChip> parse(String text) {
    List<NpuChip> chips = new ArrayList<>();
    List<String> lines = text.lines().map(String::trim).toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.contains("Process id")) {
        break;
      }
      String[] device = cells(line);
      if (device.length < 3 || !isDeviceRow(device[0])) {
        continue;
      }
      String[] chip = i + 1 < lines.size() ? cells(lines.get(i + 1)) : new String[0];
      if (chip.length < 3 || !chip[0].trim().matches("\\d+(\\s+\\d+)?")) {
        throw new IllegalArgumentException(
            "npu-smi line "
                + (i + 1)
                + " names a device but the next line is not its chip row: "
                + line);
      }
      chips.add(chip(chips.size(), device, chip, i + 1));
      i++;
    }
    return chips;
  }

  private static NpuChip chip(int index, String[] device, String[] chip, int lineNumber) {
    String[] idAndName = device[0].trim().split("\\s+", 2);
    String[] readings = device[2].trim().split("\\s+");
    String[] chipIds = chip[0].trim().split("\\s+");
    String[] chipReadings = chip[2].trim().split("\\s+");
    List<long[]> usages = new ArrayList<>();
    Matcher usage = USAGE.matcher(chip[2]);
    while (usage.find()) {
      usages.add(new long[] {Long.parseLong(usage.group(1)), Long.parseLong(usage.group(2))});
    }
    if (readings.length < 2 || usages.isEmpty()) {
      throw new IllegalArgumentException(
          "npu-smi line "
              + lineNumber
              + ": cannot read power, temperature and memory of NPU "
              + idAndName[0]);
    }
    long hbmMiB = usages.get(usages.size() - 1)[1];
    long memoryMiB = hbmMiB > 0 ? hbmMiB : usages.get(0)[1];
    return new NpuChip(
        index,
        Integer.parseInt(idAndName[0]),
        Integer.parseInt(chipIds[0]),
        idAndName[1].trim(),
        chip[1].trim(),
        health(device[1].trim()),
        number(readings[0]),
        number(readings[1]),
        number(chipReadings[0]) < 0 ? Readings.UNKNOWN : number(chipReadings[0]) / 100.0,
        memoryMiB * MIB);
  }

  private static boolean isDeviceRow(String cell) {
    String[] tokens = cell.trim().split("\\s+");
    return tokens.length >= 2 && tokens[0].matches("\\d+") && !tokens[1].matches("\\d+");
  }

  private static String[] cells(String line) {
    if (!line.startsWith("|")) {
      return new String[0];
    }
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    return inner.split("\\|", -1);
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Readings.UNKNOWN;
    }
  }

  private static Health health(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "ok":
        return Health.OK;
      case "warning":
        return Health.DEGRADED;
      default:
        return Health.FAILED;
    }
  }
}
