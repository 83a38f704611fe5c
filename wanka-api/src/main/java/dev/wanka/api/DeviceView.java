package dev.wanka.api;

/**
 * One device of a node.
 *
 * @param state idle, reserved (held for a waiting gang; only work ending before it starts may use
 *     it), busy, draining, cordoned, failed or down
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
