package dev.wanka.sim.twin;

import dev.wanka.sim.accounting.DeviceTime;
import dev.wanka.sim.failure.FailureScope;
import java.util.List;

/**
 * The outcome of a twin run: every job's outcome in submission order, the time the last job
 * completed (or the horizon), how many scheduling cycles ran, the cluster after every cycle, the
 * failures (how many, and each in the order they happened), and where the device-seconds went
 * (devices held count as busy, hung or restarting ones too).
 */
public record TwinResult(
    List<JobOutcome> jobs,
    long endSeconds,
    int cycles,
    List<TimelineSample> timeline,
    int failures,
    List<FailureRecord> failureLog,
    DeviceTime deviceTime) {
  public TwinResult {
    jobs = List.copyOf(jobs);
    timeline = List.copyOf(timeline);
    failureLog = List.copyOf(failureLog);
    if (failures != failureLog.size()) {
      throw new IllegalArgumentException(
          "failures: " + failures + " but the log holds " + failureLog.size());
    }
  }

  public int devices() {
    return deviceTime.devices();
  }

  public double busyDeviceSeconds() {
    return deviceTime.busyDeviceSeconds();
  }

  /** Busy device-seconds over all device-seconds from 0 to the end. */
  public double utilization() {
    return endSeconds == 0 ? 0 : busyDeviceSeconds() / ((double) devices() * endSeconds);
  }

  /**
   * Busy device-seconds over the device-seconds of devices that were up (neither failed nor on a
   * failed node), from 0 to the end: utilization that does not count failed devices against the
   * scheduler.
   */
  public double allocationRatio() {
    double up = (double) devices() * endSeconds - deviceTime.downDeviceSeconds();
    return up <= 0 ? 0 : busyDeviceSeconds() / up;
  }

  /**
   * Fragmented device-seconds over free device-seconds: the share of the free capacity, weighted by
   * how long it was free, that a gang of the run's typical size could not use (0 when nothing was
   * free).
   */
  public double fragmentation() {
    return deviceTime.freeDeviceSeconds() <= 0
        ? 0
        : deviceTime.fragmentedDeviceSeconds() / deviceTime.freeDeviceSeconds();
  }

  /** How many of the failures took out a part of this scope. */
  public long failuresOf(FailureScope scope) {
    return failureLog.stream().filter(failure -> failure.scope() == scope).count();
  }

  /** The completed jobs' completion times (submission to end), in seconds, shortest first. */
  public long[] sortedCompletionSeconds() {
    return jobs.stream()
        .filter(JobOutcome::completed)
        .mapToLong(o -> o.completionSeconds().getAsLong())
        .sorted()
        .toArray();
  }

  public long completed() {
    return jobs.stream().filter(JobOutcome::completed).count();
  }
}
