package dev.wanka.sim.report;

import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.twin.TimelineSample;
import dev.wanka.sim.twin.TwinResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The charts of a scenario's report, one series per run (the same colour for a run in every chart):
 * utilization over time, queue length, fragmentation over time and the CDF of job completion times.
 */
final class ReportCharts {
  private ReportCharts() {}

  static List<LineChart> of(ScenarioResult result) {
    List<LineChart.Series> utilization = new ArrayList<>();
    List<LineChart.Series> queue = new ArrayList<>();
    List<LineChart.Series> fragmentation = new ArrayList<>();
    List<LineChart.Series> cdf = new ArrayList<>();
    for (ScenarioResult.PolicyRun run : result.runs()) {
      String name = run.policy() + " seed " + run.seed();
      TwinResult twin = run.result();
      List<TimelineSample> timeline = twin.timeline();
      int n = timeline.size();
      double[] hours = new double[n];
      double[] busy = new double[n];
      double[] pending = new double[n];
      double[] fragmented = new double[n];
      for (int i = 0; i < n; i++) {
        TimelineSample sample = timeline.get(i);
        hours[i] = sample.seconds() / 3600.0;
        busy[i] = 100.0 * sample.busyDevices() / twin.devices();
        pending[i] = sample.pendingGangs();
        fragmented[i] = 100.0 * sample.fragmentation();
      }
      utilization.add(new LineChart.Series(name, hours, busy));
      queue.add(new LineChart.Series(name, hours, pending));
      fragmentation.add(new LineChart.Series(name, hours, fragmented));
      long[] completion = twin.sortedCompletionSeconds();
      double[] xs = new double[completion.length];
      double[] ys = new double[completion.length];
      for (int i = 0; i < completion.length; i++) {
        xs[i] = completion[i] / 3600.0;
        ys[i] = (i + 1.0) / completion.length;
      }
      cdf.add(new LineChart.Series(name, xs, ys));
    }
    return List.of(
        new LineChart(
            "utilization",
            "Utilization over time",
            "hours",
            "devices in use (%)",
            utilization,
            true),
        new LineChart("queue", "Queue length", "hours", "pending gangs", queue, true),
        new LineChart(
            "fragmentation",
            "Fragmentation over time",
            "hours",
            "free devices unusable (%)",
            fragmentation,
            true),
        new LineChart(
            "jct-cdf",
            "Job completion time (CDF)",
            "hours",
            "fraction of completed jobs",
            cdf,
            false));
  }
}
