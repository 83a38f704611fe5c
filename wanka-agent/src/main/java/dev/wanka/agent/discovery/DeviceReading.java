package dev.wanka.agent.discovery;

import dev.wanka.api.Health;

/**
 * One device as a vendor's tool reports it.
 *
 * @param index the index the vendor's visibility variable counts
 * @param name the product name as printed
 * @param memoryBytes total device memory
 * @param temperatureCelsius {@link Readings#UNKNOWN} when not reported
 * @param powerWatts {@link Readings#UNKNOWN} when not reported
 * @param utilization 0 to 1, or {@link Readings#UNKNOWN} when not reported (e.g. in MIG mode)
 */
public record DeviceReading(
    int index,
    String uuid,
    String name,
    long memoryBytes,
    Health health,
    double temperatureCelsius,
    double powerWatts,
    double utilization) {}
