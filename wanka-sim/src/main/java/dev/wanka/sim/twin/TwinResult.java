package dev.wanka.sim.twin;

import java.util.List;

/**
 * The outcome of a twin run: every job's outcome in submission order, the time the last job
 * completed (or the horizon), how many scheduling cycles ran, the busy device-seconds over the run
 * (for utilization; devices held count as busy, hung or restarting ones too), the cluster after
 * every cycle, and the failures: how many, and each in the order they happened.
 */
public record TwinResult(
    List<JobOutcome> jobs,
    long endSeconds,
    int cycles,
    int devices,
    double busyDeviceSeconds,
    List<TimelineSample> timeline,
    int failures,
    List<FailureRecord> failureLog) {
  public TwinResult {
    jobs = List.copyOf(jobs);
    timeline = List.copyOf(timeline);
    failureLog = List.copyOf(failureLog);
    if (failures != failureLog.size()) {
      throw new IllegalArgumentException(
          "failures: " + failures + " but the log holds " + failureLog.size());
    }
  }

  /** Busy device-seconds over all device-seconds from 0 to the end. */
  public double utilization() {
    return endSeconds == 0 ? 0 : busyDeviceSeconds / ((double) devices * endSeconds);
  }

  public long completed() {
    return jobs.stream().filter(JobOutcome::completed).count();
  }
}
