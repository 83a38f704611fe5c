package dev.wanka.api;

/**
 * The cluster at one moment, as the server samples it for the dashboard's charts. Counts are at
 * that moment, except {@code jobsFailedTotal}, which counts every job that has failed so far.
 *
 * @param utilization the devices' mean utilization, 0 to 1
 * @param powerWatts the devices' power draw, summed
 */
public record HistoryPoint(
    long atMillis,
    int devices,
    int devicesBusy,
    int devicesFailed,
    int nodes,
    int nodesNotReady,
    int jobsPending,
    int jobsRunning,
    int jobsInterrupted,
    long jobsFailedTotal,
    double utilization,
    double powerWatts) {}
