package dev.wanka.agent;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code --devices} flag asked for: the node's real accelerators, found by the vendor's
 * tool, or simulated ones of a catalog type.
 */
public sealed interface DeviceSpec {
  /** The most simulated devices one agent offers. */
  int MAX_SIMULATED = 128;

  /** Find the devices with {@code nvidia-smi}, else {@code npu-smi}. */
  record Auto() implements DeviceSpec {
    @Override
    public String toString() {
      return "auto";
    }
  }

  /**
   * {@code count} simulated devices of one catalog entry.
   *
   * @param acceleratorId the catalog id (an alias given on the command line is resolved)
   */
  record Simulated(String acceleratorId, int count) implements DeviceSpec {
    public Simulated {
      if (count < 1 || count > MAX_SIMULATED) {
        throw new IllegalArgumentException(
            "simulated device count " + count + " is not within 1.." + MAX_SIMULATED);
      }
    }

    @Override
    public String toString() {
      return "sim:" + count + "x" + acceleratorId;
    }
  }

  /**
   * Reads a {@code --devices} value: {@code auto}, or {@code sim:<count>x<type>} where type is a
   * catalog id or alias in any case and count is 1 to {@value #MAX_SIMULATED}.
   *
   * @throws IllegalArgumentException naming the flag, the value and what is allowed
   */
  static DeviceSpec parse(String value, Catalog catalog) {
    String text = value.trim();
    if (text.equalsIgnoreCase("auto")) {
      return new Auto();
    }
    Matcher sim = Pattern.compile("(?i)sim:(\\d+)x(.+)").matcher(text);
    if (!sim.matches()) {
      throw invalid(
          value,
          "expected 'auto' or 'sim:<count>x<type>' such as 'sim:8xH100' or 'sim:4xMTT-S4000'");
    }
    int count;
    try {
      count = Integer.parseInt(sim.group(1));
    } catch (NumberFormatException e) {
      count = Integer.MAX_VALUE;
    }
    if (count < 1 || count > MAX_SIMULATED) {
      throw invalid(value, "the count " + sim.group(1) + " is not within 1.." + MAX_SIMULATED);
    }
    String type = sim.group(2).trim();
    Optional<Accelerator> accelerator = catalog.find(type);
    if (accelerator.isEmpty()) {
      throw invalid(value, catalog.notFoundMessage(type.toLowerCase(Locale.ROOT)));
    }
    return new Simulated(accelerator.get().id(), count);
  }

  private static IllegalArgumentException invalid(String value, String why) {
    return new IllegalArgumentException("Invalid value for --devices: '" + value + "': " + why);
  }
}
