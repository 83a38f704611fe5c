package dev.wanka.sim.report;

import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.twin.JobOutcome;
import dev.wanka.sim.twin.RunSummary;
import dev.wanka.sim.twin.TimelineSample;
import dev.wanka.sim.twin.TwinResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scenario's results as one self-contained HTML page: the per-run comparison table and three
 * charts drawn as inline SVG — utilization over time, queue length over time, and the CDF of job
 * completion times. No script, no stylesheet or font from elsewhere: it opens offline.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(ScenarioResult result) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Wanka twin: ")
        .append(SvgLineChart.escape(result.scenario()))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:system-ui,sans-serif;margin:24px;color:#222}"
                + "table{border-collapse:collapse;margin:12px 0}"
                + "th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}"
                + "th:first-child,td:first-child{text-align:left}"
                + "svg{display:block;margin:18px 0}.title{font-weight:600;font-size:14px}"
                + ".grid{stroke:#eee}.tick,.legend{font-size:11px}.axis{font-size:12px}\n")
        .append("</style>\n</head>\n<body>\n")
        .append("<h1>Scenario ")
        .append(SvgLineChart.escape(result.scenario()))
        .append("</h1>\n<p>")
        .append(
            String.format(
                Locale.ROOT,
                "%,d jobs simulated; %,d CPU-only and %,d never-run jobs of the trace not"
                    + " simulated.",
                result.jobs(),
                result.cpuOnlyJobs(),
                result.neverRanJobs()))
        .append("</p>\n");
    table(html, result);
    List<SvgLineChart.Series> utilization = new ArrayList<>();
    List<SvgLineChart.Series> queue = new ArrayList<>();
    List<SvgLineChart.Series> cdf = new ArrayList<>();
    for (ScenarioResult.PolicyRun run : result.runs()) {
      String name = run.policy() + " seed " + run.seed();
      TwinResult twin = run.result();
      List<TimelineSample> timeline = twin.timeline();
      double[] hours = new double[timeline.size()];
      double[] busy = new double[timeline.size()];
      double[] pending = new double[timeline.size()];
      for (int i = 0; i < timeline.size(); i++) {
        hours[i] = timeline.get(i).seconds() / 3600.0;
        busy[i] = 100.0 * timeline.get(i).busyDevices() / twin.devices();
        pending[i] = timeline.get(i).pendingGangs();
      }
      utilization.add(new SvgLineChart.Series(name, hours, busy));
      queue.add(new SvgLineChart.Series(name, hours, pending));
      long[] completion =
          twin.jobs().stream()
              .filter(JobOutcome::completed)
              .mapToLong(o -> o.completionSeconds().getAsLong())
              .sorted()
              .toArray();
      double[] xs = new double[completion.length];
      double[] ys = new double[completion.length];
      for (int i = 0; i < completion.length; i++) {
        xs[i] = completion[i] / 3600.0;
        ys[i] = (i + 1.0) / completion.length;
      }
      cdf.add(new SvgLineChart.Series(name, xs, ys));
    }
    html.append(
        SvgLineChart.render(
            "Utilization over time", "hours", "devices in use (%)", utilization, true));
    html.append(SvgLineChart.render("Queue length", "hours", "pending gangs", queue, true));
    html.append(
        SvgLineChart.render(
            "Job completion time (CDF)", "hours", "fraction of completed jobs", cdf, false));
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static void table(StringBuilder html, ScenarioResult result) {
    html.append(
        "<table>\n<tr><th>policy</th><th>seed</th><th>done</th><th>JCT mean s</th>"
            + "<th>JCT p50 s</th><th>JCT p99 s</th><th>wait mean s</th><th>makespan s</th>"
            + "<th>utilization</th><th>preemptions</th><th>failures</th><th>ETTR</th></tr>\n");
    for (ScenarioResult.PolicyRun run : result.runs()) {
      RunSummary s = run.summary();
      html.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%d</td><td>%d/%d</td><td>%,.0f</td><td>%,d</td><td>%,d</td>"
                  + "<td>%,.0f</td><td>%,d</td><td>%.1f%%</td><td>%d</td><td>%d</td>"
                  + "<td>%.3f</td></tr>%n",
              SvgLineChart.escape(run.policy()),
              run.seed(),
              s.completed(),
              s.jobs(),
              s.meanCompletionSeconds(),
              s.p50CompletionSeconds(),
              s.p99CompletionSeconds(),
              s.meanWaitSeconds(),
              s.makespanSeconds(),
              100 * s.utilization(),
              s.preemptions(),
              s.failures(),
              s.ettr()));
    }
    html.append("</table>\n");
  }
}
