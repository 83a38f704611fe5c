package dev.wanka.sched.quota;

/**
 * One queue's standing for one accelerator type: devices in use in its subtree, its quota, and how
 * many devices beyond its guarantee it holds on loan.
 */
public record QueueUsage(
    String queue,
    String acceleratorType,
    long usedDevices,
    long guaranteedDevices,
    long maxDevices,
    long borrowedDevices) {}
