package dev.wanka.sim.report;

import dev.wanka.sim.fgd.Curves;
import dev.wanka.sim.fgd.FgdComparison;
import dev.wanka.sim.fgd.FgdResult;
import dev.wanka.sim.fgd.MeanCheck;
import dev.wanka.sim.fgd.PolicyCurves;
import dev.wanka.sim.fgd.ReplayComparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The FGD experiment's results as one self-contained HTML page and as PNG charts: a verdict (which
 * policy packs best, by how much, and whether the reproduction matches the paper), the allocation
 * and fragmentation curves against the share of capacity requested, the published curve beside
 * ours, and the checks.
 */
public final class FgdReport {
  private FgdReport() {}

  /** The page. */
  public static String html(FgdResult result) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Wanka FGD experiment: ")
        .append(SvgLineChart.escape(result.scenario().name()))
        .append("</title>\n<style>\n")
        .append(HtmlReport.STYLE)
        .append("\n</style>\n</head>\n<body>\n<h1>FGD experiment ")
        .append(SvgLineChart.escape(result.scenario().name()))
        .append("</h1>\n<div class=\"verdict\">\n");
    for (String line : verdict(result)) {
      html.append("<p>").append(SvgLineChart.escape(line)).append("</p>\n");
    }
    html.append("</div>\n<p>")
        .append(
            SvgLineChart.escape(
                String.format(
                    Locale.ROOT,
                    "%s: %,d pods on %,d nodes with %,d GPUs; pods arrive one at a time, never"
                        + " depart, and are placed or dropped until %.0f%% of the GPU capacity has"
                        + " been requested. Seeds %s. Orders: %s.",
                    result.experiment().trace().workload(),
                    result.experiment().trace().podsByName().size(),
                    result.experiment().trace().nodes().size(),
                    result.experiment().trace().totalGpus(),
                    100 * result.scenario().inflation(),
                    result.experiment().seeds(),
                    result.ordersNote())))
        .append("</p>\n<h2>Allocation at 100% and 130% requested</h2>\n");
    table(html, result);
    html.append("<h2>Charts</h2>\n");
    for (LineChart chart : charts(result)) {
      html.append(SvgLineChart.render(chart))
          .append("<p class=\"caption\">")
          .append(SvgLineChart.escape(caption(chart.id())))
          .append("</p>\n");
    }
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  /** File name to PNG bytes: fgd-allocation.png, fgd-fragmentation.png. */
  public static Map<String, byte[]> pngs(FgdResult result) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (LineChart chart : charts(result)) {
      files.put(chart.id() + ".png", PngLineChart.png(chart));
    }
    return files;
  }

  /** The verdict: the best packer and its lead, then whether the reproduction holds. */
  static List<String> verdict(FgdResult result) {
    List<String> lines = new ArrayList<>();
    int last = Curves.COLUMNS - 1;
    List<PolicyCurves> ranked = new ArrayList<>(result.curves());
    ranked.sort(
        Comparator.comparingDouble((PolicyCurves c) -> c.meanAllocationPct()[last]).reversed());
    PolicyCurves winner = ranked.get(0);
    if (ranked.size() == 1) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s allocates %.2f%% of the GPU capacity when %d%% has been requested.",
              winner.policy(),
              winner.meanAllocationPct()[last],
              last));
    } else {
      PolicyCurves second = ranked.get(1);
      lines.add(
          String.format(
              Locale.ROOT,
              "%s packs best: %.2f%% of the GPU capacity allocated when %d%% has been requested,"
                  + " %.2f pp more than %s (%.2f%%).",
              winner.policy(),
              winner.meanAllocationPct()[last],
              last,
              winner.meanAllocationPct()[last] - second.meanAllocationPct()[last],
              second.policy(),
              second.meanAllocationPct()[last]));
      lines.add(
          String.format(
              Locale.ROOT,
              "Why: at 100%% requested it leaves %.2f%% of the capacity fragmented — free GPU"
                  + " milli that the trace's typical pods cannot use — against %.2f%% for %s.",
              winner.meanFragmentationPct()[100],
              second.meanFragmentationPct()[100],
              second.policy()));
    }
    FgdComparison comparison = result.comparison();
    if (!result.published()) {
      lines.add("No published curves for this trace: nothing to compare with.");
    } else if (comparison.allPass()) {
      lines.add(
          "The paper is reproduced: "
              + (comparison.replays().isEmpty()
                  ? ""
                  : comparison.replays().size()
                      + " deterministic runs match the published curves per seed; ")
              + "every seed mean is within its tolerance"
              + (comparison.rankings().isEmpty() ? "." : " and the published ranking holds."));
    } else {
      lines.add("The reproduction differs from the paper: see the checks below.");
    }
    return lines;
  }

  private static void table(StringBuilder html, FgdResult result) {
    FgdComparison comparison = result.comparison();
    html.append("<table>\n<tr><th>policy</th>");
    for (int column : FgdComparison.CHECKED_COLUMNS) {
      html.append("<th>ours at ").append(column).append("%</th>");
      if (result.published()) {
        html.append("<th>published</th><th>tolerance</th>");
      }
    }
    html.append("<th>fragmentation at 100%</th>");
    if (!comparison.replays().isEmpty()) {
      html.append("<th>per-seed replay</th>");
    }
    html.append("</tr>\n");
    for (PolicyCurves curves : result.curves()) {
      html.append("<tr><td>").append(SvgLineChart.escape(curves.policy())).append("</td>");
      for (int column : FgdComparison.CHECKED_COLUMNS) {
        html.append("<td>").append(pct(curves.meanAllocationPct()[column])).append("</td>");
        if (result.published()) {
          MeanCheck check =
              comparison.means().stream()
                  .filter(m -> m.policy().equals(curves.policy()) && m.column() == column)
                  .findFirst()
                  .orElse(null);
          html.append("<td>")
              .append(check == null ? "–" : pct(check.publishedMean()))
              .append("</td><td>")
              .append(
                  check == null
                      ? "–"
                      : String.format(
                          Locale.ROOT,
                          "±%.2f %s",
                          check.tolerance(),
                          check.within() ? "within" : "<b>outside</b>"))
              .append("</td>");
        }
      }
      html.append("<td>").append(pct(curves.meanFragmentationPct()[100])).append("</td>");
      if (!comparison.replays().isEmpty()) {
        List<ReplayComparison> runs =
            comparison.replays().stream().filter(r -> r.policy().equals(curves.policy())).toList();
        long off = runs.stream().filter(r -> !r.matches()).count();
        html.append("<td>")
            .append(
                runs.isEmpty()
                    ? "random: statistical only"
                    : off == 0
                        ? runs.size() + " seeds match"
                        : "<b>" + off + " of " + runs.size() + " seeds off</b>")
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
    for (FgdComparison.RankingCheck ranking : comparison.rankings()) {
      html.append("<p class=\"note\">")
          .append(
              SvgLineChart.escape(
                  String.format(
                      Locale.ROOT,
                      "Ranking FGD > BestFit > {GpuPacking, GpuClustering} > DotProd > Random at"
                          + " %d%% requested: %s.",
                      ranking.column(),
                      ranking.holds() ? "holds" : "does not hold")))
          .append("</p>\n");
    }
  }

  private static String pct(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f%%", value);
  }

  static List<LineChart> charts(FgdResult result) {
    List<LineChart.Series> allocation = new ArrayList<>();
    List<LineChart.Series> published = new ArrayList<>();
    List<LineChart.Series> fragmentation = new ArrayList<>();
    double[] requested = new double[Curves.COLUMNS];
    for (int a = 0; a < Curves.COLUMNS; a++) {
      requested[a] = a;
    }
    for (PolicyCurves curves : result.curves()) {
      allocation.add(series(curves.policy(), requested, curves.meanAllocationPct()));
      fragmentation.add(series(curves.policy(), requested, curves.meanFragmentationPct()));
      double[] theirs = result.comparison().publishedMeanAllocationPct().get(curves.policy());
      if (theirs != null) {
        published.add(series(curves.policy() + " (published)", requested, theirs));
      }
    }
    List<LineChart> charts = new ArrayList<>();
    charts.add(
        new LineChart(
            "fgd-allocation",
            "GPU allocation by capacity requested (ours)",
            "% of GPU capacity requested",
            "% of GPU capacity allocated",
            allocation,
            false));
    if (!published.isEmpty()) {
      charts.add(
          new LineChart(
              "fgd-published",
              "GPU allocation by capacity requested (published)",
              "% of GPU capacity requested",
              "% of GPU capacity allocated",
              published,
              false));
    }
    charts.add(
        new LineChart(
            "fgd-fragmentation",
            "Fragmentation by capacity requested (ours)",
            "% of GPU capacity requested",
            "% of GPU capacity fragmented",
            fragmentation,
            false));
    return charts;
  }

  /** A curve without its NaN columns (no pod event near them). */
  private static LineChart.Series series(String name, double[] xs, double[] ys) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      if (!Double.isNaN(ys[i])) {
        points.add(new double[] {xs[i], ys[i]});
      }
    }
    double[] px = new double[points.size()];
    double[] py = new double[points.size()];
    for (int i = 0; i < px.length; i++) {
      px[i] = points.get(i)[0];
      py[i] = points.get(i)[1];
    }
    return new LineChart.Series(name, px, py);
  }

  private static String caption(String id) {
    switch (id) {
      case "fgd-allocation":
        return "Mean over the seeds of the share of GPU capacity allocated once a given share has"
            + " been requested. While GPUs are plentiful the policies place nearly every pod; as they"
            + " run out, those that leave less fragmentation keep placing pods the others drop.";
      case "fgd-published":
        return "The same curves from the paper's simulator (mean of its published seeds), to set"
            + " beside ours.";
      default:
        return "Mean fragmentation: free GPU milli that the trace's typical pods cannot use, as a"
            + " share of the cluster's GPU capacity (PROTOCOL §5).";
    }
  }
}
