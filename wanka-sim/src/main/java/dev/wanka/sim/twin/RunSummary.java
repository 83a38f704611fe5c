package dev.wanka.sim.twin;

import dev.wanka.sim.accounting.EnergyUse;
import dev.wanka.sim.accounting.PowerModel;
import java.util.Arrays;

/**
 * What an operator reads first about a twin run: completed jobs, job completion time (mean, p50,
 * p99) and queueing delay (mean, p99) of the completed jobs, makespan, utilization, preemptions,
 * failures and what they cost (ETTR, lost device-hours, goodput), how well the capacity was used
 * (allocation ratio, fragmentation; see {@link TwinResult}), and energy and money. Percentiles are
 * nearest-rank.
 *
 * @param lostDeviceHours device-hours jobs held devices without progress they kept (the sum of
 *     {@link JobOutcome#lostDeviceSeconds}): work since the last checkpoint, redone after a
 *     preemption or failure; time hung on a failed part until the failure was detected; restart
 *     time
 * @param goodput busy device-seconds that were not lost over busy device-seconds (1 when nothing
 *     ran)
 */
public record RunSummary(
    int jobs,
    long completed,
    double meanCompletionSeconds,
    long p50CompletionSeconds,
    long p99CompletionSeconds,
    double meanWaitSeconds,
    long p99WaitSeconds,
    long makespanSeconds,
    double utilization,
    int preemptions,
    int failures,
    int interruptions,
    double ettr,
    double allocationRatio,
    double fragmentation,
    double lostDeviceHours,
    double goodput,
    EnergyUse energy) {

  /** The summary with {@link PowerModel#defaults()}: catalog TDPs, PUE 1, no prices. */
  public static RunSummary of(TwinResult result) {
    return of(result, PowerModel.defaults());
  }

  public static RunSummary of(TwinResult result, PowerModel power) {
    long[] completion = result.sortedCompletionSeconds();
    long[] waits =
        result.jobs().stream()
            .filter(JobOutcome::completed)
            .mapToLong(o -> o.waitSeconds().getAsLong())
            .sorted()
            .toArray();
    return new RunSummary(
        result.jobs().size(),
        result.completed(),
        Arrays.stream(completion).average().orElse(0),
        percentile(completion, 50),
        percentile(completion, 99),
        Arrays.stream(waits).average().orElse(0),
        percentile(waits, 99),
        result.endSeconds(),
        result.utilization(),
        result.jobs().stream().mapToInt(JobOutcome::preemptions).sum(),
        result.failures(),
        result.jobs().stream().mapToInt(JobOutcome::interruptions).sum(),
        ettr(result),
        result.allocationRatio(),
        result.fragmentation(),
        lostDeviceSeconds(result) / 3600,
        goodput(result),
        power.use(result.deviceTime(), result.endSeconds()));
  }

  static double lostDeviceSeconds(TwinResult result) {
    return result.jobs().stream().mapToDouble(JobOutcome::lostDeviceSeconds).sum();
  }

  /** Busy device-seconds less the lost ones, over busy device-seconds; 1 when nothing ran. */
  static double goodput(TwinResult result) {
    double busy = result.busyDeviceSeconds();
    return busy <= 0 ? 1 : (busy - lostDeviceSeconds(result)) / busy;
  }

  /**
   * Effective training time ratio of the completed jobs: the seconds they made progress they kept,
   * on the devices they ran on ({@link JobOutcome#durationSeconds}), over the time from their first
   * start to their end; 1 when nothing was lost, never above 1 (a job on a faster type needs fewer
   * seconds, and is not credited with the time it would have taken elsewhere).
   */
  static double ettr(TwinResult result) {
    double needed = 0;
    double took = 0;
    for (JobOutcome job : result.jobs()) {
      if (job.completed()) {
        needed += job.durationSeconds();
        took += job.endSeconds().getAsLong() - job.firstStartSeconds().getAsLong();
      }
    }
    return took == 0 ? 1 : needed / took;
  }

  /** The nearest-rank percentile of sorted values, 0 when there are none. */
  static long percentile(long[] sorted, int percent) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
