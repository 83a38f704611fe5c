package dev.wanka.sim.twin;

import dev.wanka.workload.WorkloadId;
import java.util.OptionalLong;

/**
 * What happened to one job in a twin run.
 *
 * @param firstStartSeconds when it first started, if it did
 * @param endSeconds when it completed, if it did before the run's horizon
 * @param durationSeconds how long it runs uninterrupted at full size
 * @param preemptions how often it was stopped for another gang and requeued
 * @param interruptions how often a failure of one of its nodes stopped it
 * @param lostDeviceSeconds device-seconds of work redone because it was stopped since its last
 *     checkpoint
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
