package dev.wanka.api;

/**
 * One device of a node.
 *
 * @param state idle, busy, cordoned, draining or failed
 * @param jobId the job holding it, 0 when none
 */
public record DeviceView(
    int index,
    String uuid,
    String state,
    long jobId,
    Health health,
    double temperatureCelsius,
    double powerWatts,
    double utilization) {}
