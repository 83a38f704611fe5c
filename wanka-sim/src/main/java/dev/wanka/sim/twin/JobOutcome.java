package dev.wanka.sim.twin;

import dev.wanka.workload.WorkloadId;
import java.util.OptionalLong;

/**
 * What happened to one job in a twin run. Its goodput is {@code 1 - lostDeviceSeconds /
 * heldDeviceSeconds}; summed over jobs, lost device-seconds are the lost GPU-hours of the run.
 *
 * @param durationSeconds seconds it ran making progress it kept: its run time on the devices it got
 *     (as the run-time model gives it) without what it lost to stops, hangs and restarts; for a job
 *     still running at the horizon, its progress so far
 * @param firstStartSeconds when it first started, if it did
 * @param endSeconds when it completed, if it did before the run's horizon
 * @param devices its full size (the most devices it may run on)
 * @param preemptions how often it was stopped for another gang and requeued
 * @param interruptions how often a failure of a part it ran on stopped it
 * @param lostDeviceSeconds device-seconds it held without progress it kept: work redone because it
 *     stopped after its last checkpoint, the time it hung on a failed part until the failure was
 *     detected, and the time it spent restarting
 * @param heldDeviceSeconds device-seconds it held devices in all (a share of a device counting as
 *     its fraction)
 */
public record JobOutcome(
    WorkloadId id,
    long submitSeconds,
    long durationSeconds,
    OptionalLong firstStartSeconds,
    OptionalLong endSeconds,
    int devices,
    int preemptions,
    int interruptions,
    double lostDeviceSeconds,
    double heldDeviceSeconds) {

  public boolean completed() {
    return endSeconds.isPresent();
  }

  /** Completion time minus submit time, for a completed job. */
  public OptionalLong completionSeconds() {
    return endSeconds.isPresent()
        ? OptionalLong.of(endSeconds.getAsLong() - submitSeconds)
        : OptionalLong.empty();
  }

  /** Time from submission to first start, for a job that started. */
  public OptionalLong waitSeconds() {
    return firstStartSeconds.isPresent()
        ? OptionalLong.of(firstStartSeconds.getAsLong() - submitSeconds)
        : OptionalLong.empty();
  }
}
