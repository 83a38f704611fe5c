package dev.wanka.agent.discovery;

import java.util.OptionalDouble;

/** Conventions for telemetry values a device did not report. */
public final class Readings {
  /** Reported for a temperature, power or utilisation the device did not give. */
  public static final double UNKNOWN = -1;

  private Readings() {}

  static double orUnknown(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : UNKNOWN;
  }
}
