package dev.wanka.workload;

import java.util.OptionalDouble;

/**
 * One way to satisfy a workload's device request: this many milli-devices in total, all of one
 * accelerator type. An elastic gang may start anywhere from {@code minMilliDevices} to {@code
 * maxMilliDevices}; for everything else the two are equal.
 */
public record DeviceAlternative(
    String acceleratorId,
    long minMilliDevices,
    long maxMilliDevices,
    OptionalDouble relativeThroughput) {
  public DeviceAlternative {
    Checks.slug("accelerator", acceleratorId);
    Checks.present("relativeThroughput", relativeThroughput);
    if (minMilliDevices < 1 || maxMilliDevices < minMilliDevices) {
      throw new IllegalArgumentException(
          "request for "
              + acceleratorId
              + ": "
              + minMilliDevices
              + ".."
              + maxMilliDevices
              + " milli-devices is not allowed: must be 1 <= min <= max");
    }
  }

  /** The most devices it would take, in devices (0.25 for a quarter share). */
  public double maxDevices() {
    return maxMilliDevices / (double) DeviceAmount.MILLI;
  }

  public double minDevices() {
    return minMilliDevices / (double) DeviceAmount.MILLI;
  }
}
