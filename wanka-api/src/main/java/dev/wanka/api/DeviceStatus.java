package dev.wanka.api;

/**
 * One device's state in a heartbeat.
 *
 * @param utilization busy fraction, 0 to 1
 */
public record DeviceStatus(
    int index, Health health, double temperatureCelsius, double powerWatts, double utilization) {}
