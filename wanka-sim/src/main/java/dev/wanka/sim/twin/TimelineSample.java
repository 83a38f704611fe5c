package dev.wanka.sim.twin;

/**
 * The cluster right after one scheduling cycle of a twin run: devices in use (shares counted in
 * proportion), gangs waiting and gangs running.
 */
public record TimelineSample(
    long seconds, double busyDevices, int pendingGangs, int runningGangs) {}
