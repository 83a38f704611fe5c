package dev.wanka.api;

/**
 * One device's state in a heartbeat. A reading the device does not give (a vendor tool printing
 * {@code [N/A]}, a simulated type whose catalog entry has no published TDP) is -1.
 *
 * @param utilization busy fraction, 0 to 1
 */
public record DeviceStatus(
    int index, Health health, double temperatureCelsius, double powerWatts, double utilization) {}
