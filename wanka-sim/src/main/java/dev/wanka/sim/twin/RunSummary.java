package dev.wanka.sim.twin;

import java.util.Arrays;

/**
 * What an operator reads first about a twin run: completed jobs, job completion time (mean, p50,
 * p99) and queueing delay (mean, p99) of the completed jobs, makespan, utilization and preemptions.
 * Percentiles are nearest-rank.
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
    double ettr) {

  public static RunSummary of(TwinResult result) {
    long[] completion =
        result.jobs().stream()
            .filter(JobOutcome::completed)
            .mapToLong(o -> o.completionSeconds().getAsLong())
            .sorted()
            .toArray();
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
        ettr(result));
  }

  /**
   * Effective training time ratio of the completed jobs: the time they needed uninterrupted at full
   * size over the time from their first start to their end (1 when nothing was lost or slowed).
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
