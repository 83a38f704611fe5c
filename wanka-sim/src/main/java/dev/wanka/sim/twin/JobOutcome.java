package dev.wanka.sim.twin;

import dev.wanka.workload.WorkloadId;
import java.util.OptionalLong;

/**
 * What happened to one job in a twin run.
 *
 * @param firstStartSeconds when it first started, if it did
 * @param endSeconds when it completed, if it did before the run's horizon
 * @param preemptions how often it was stopped for another gang (or by a failure) and requeued
 * @param lostDeviceSeconds device-seconds of work redone because it was stopped since its last
 *     checkpoint
 */
public record JobOutcome(
    WorkloadId id,
    long submitSeconds,
    OptionalLong firstStartSeconds,
    OptionalLong endSeconds,
    int devices,
    int preemptions,
    double lostDeviceSeconds) {

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
