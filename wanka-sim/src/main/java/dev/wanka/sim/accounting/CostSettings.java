package dev.wanka.sim.accounting;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What money a scenario's run costs ({@code cost:} in a scenario file).
 *
 * @param currency ISO 4217 code every price here is in
 * @param perKWh price of a kWh from the grid; empty: the cluster spec's, when in the same currency
 * @param perDeviceHour price of one device-hour (rented, or owned and amortized) per accelerator
 *     type, catalog id or alias as written; empty: no device cost
 */
public record CostSettings(
    String currency, OptionalDouble perKWh, Map<String, Double> perDeviceHour) {
  public CostSettings {
    perDeviceHour = Collections.unmodifiableMap(new TreeMap<>(perDeviceHour));
  }
}
