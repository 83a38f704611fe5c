package dev.wanka.sim.twin;

import java.util.List;

/**
 * The outcome of a twin run: every job's outcome in submission order, the time the last job
 * completed (or the horizon), how many scheduling cycles ran, the busy device-seconds over the run
 * (for utilization), the cluster after every cycle, and how many node failures happened.
 */
public record TwinResult(
    List<JobOutcome> jobs,
    long endSeconds,
    int cycles,
    int devices,
    double busyDeviceSeconds,
    List<TimelineSample> timeline,
    int failures) {
  public TwinResult {
    jobs = List.copyOf(jobs);
    timeline = List.copyOf(timeline);
  }

  /** Busy device-seconds over all device-seconds from 0 to the end. */
  public double utilization() {
    return endSeconds == 0 ? 0 : busyDeviceSeconds / ((double) devices * endSeconds);
  }

  public long completed() {
    return jobs.stream().filter(JobOutcome::completed).count();
  }
}
