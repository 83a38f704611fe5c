package dev.wanka.sim.report;

import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.twin.RunSummary;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * A scenario's results as one self-contained HTML page: a verdict (which policy won and why), two
 * comparison tables with the best policy of each seed in bold in each column, the energy
 * assumptions, four charts drawn as inline SVG — utilization over time, queue length, fragmentation
 * over time and the CDF of job completion times — and the definitions of the figures. No script, no
 * stylesheet or font from elsewhere: it opens offline.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Which way a column is better, for marking its best value. */
  private enum Better {
    LOWER,
    HIGHER,
    NEITHER
  }

  /** A table column: its header, its figure of a run, how to write it, which way is better. */
  private record Column(
      String header,
      ToDoubleFunction<RunSummary> value,
      DoubleFunction<String> format,
      Better better) {}

  static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:24px;color:#222}"
          + "table{border-collapse:collapse;margin:8px 0 18px}"
          + "th,td{padding:4px 7px;border-bottom:1px solid #ddd;text-align:right;font-size:14px}"
          + "td{white-space:nowrap}"
          + "th{background:#f4f4f4;font-weight:600}"
          + "th:first-child,td:first-child{text-align:left}"
          + ".verdict{background:#eef6ee;border-left:5px solid #009E73;padding:8px 14px;"
          + "margin:12px 0 18px}.verdict p{margin:6px 0}.verdict p:first-child{font-size:18px;"
          + "font-weight:600}.note{color:#555;font-size:13px}"
          + "svg{display:block;margin:6px 0 2px}.caption{color:#555;font-size:13px;margin:0 0 18px}"
          + ".title{font-weight:600;font-size:14px}.grid{stroke:#eee}.tick,.legend{font-size:11px}"
          + ".axis{font-size:12px}dt{font-weight:600}dd{margin:0 0 8px 18px}";

  public static String render(ScenarioResult result) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Wanka twin: ")
        .append(SvgLineChart.escape(result.scenario()))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("\n</style>\n</head>\n<body>\n")
        .append("<h1>Scenario ")
        .append(SvgLineChart.escape(result.scenario()))
        .append("</h1>\n");
    List<String> verdict = Verdict.of(result);
    if (!verdict.isEmpty()) {
      html.append("<div class=\"verdict\">\n");
      for (String line : verdict) {
        html.append("<p>").append(SvgLineChart.escape(line)).append("</p>\n");
      }
      html.append("</div>\n");
    }
    html.append("<p>")
        .append(
            String.format(
                Locale.ROOT,
                "%,d jobs simulated%s. %d runs: each policy once per seed.",
                result.jobs(),
                result.notSimulated().isEmpty() ? "" : "; not simulated: " + result.notSimulated(),
                result.runs().size()))
        .append("</p>\n");
    String currency = result.power().currency();
    html.append("<h2>Jobs</h2>\n");
    table(html, result, jobColumns(), true);
    html.append("<h2>Capacity, failures and energy</h2>\n");
    table(html, result, capacityColumns(currency), false);
    energyNotes(html, result);
    html.append("<h2>Charts</h2>\n");
    for (LineChart chart : ReportCharts.of(result)) {
      html.append(SvgLineChart.render(chart))
          .append("<p class=\"caption\">")
          .append(SvgLineChart.escape(caption(chart.id())))
          .append("</p>\n");
    }
    definitions(html);
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static List<Column> jobColumns() {
    return List.of(
        new Column("JCT mean", RunSummary::meanCompletionSeconds, Figures::duration, Better.LOWER),
        new Column("JCT p50", s -> s.p50CompletionSeconds(), Figures::duration, Better.LOWER),
        new Column("JCT p99", s -> s.p99CompletionSeconds(), Figures::duration, Better.LOWER),
        new Column("wait mean", RunSummary::meanWaitSeconds, Figures::duration, Better.LOWER),
        new Column("wait p99", s -> s.p99WaitSeconds(), Figures::duration, Better.LOWER),
        new Column("makespan", s -> s.makespanSeconds(), Figures::duration, Better.LOWER),
        new Column("preemptions", s -> s.preemptions(), Figures::number, Better.LOWER));
  }

  private static List<Column> capacityColumns(String currency) {
    return List.of(
        new Column("utilization", RunSummary::utilization, Figures::percent, Better.HIGHER),
        new Column("alloc. ratio", RunSummary::allocationRatio, Figures::percent, Better.HIGHER),
        new Column("fragmentation", RunSummary::fragmentation, Figures::percent, Better.LOWER),
        new Column("failures", s -> s.failures(), Figures::number, Better.NEITHER),
        new Column("interruptions", s -> s.interruptions(), Figures::number, Better.LOWER),
        new Column(
            "ETTR", RunSummary::ettr, v -> String.format(Locale.ROOT, "%.3f", v), Better.HIGHER),
        new Column("lost dev-h", RunSummary::lostDeviceHours, Figures::number, Better.LOWER),
        new Column("goodput", RunSummary::goodput, Figures::percent, Better.HIGHER),
        new Column("energy", s -> orNaN(s.energy().kWh()), Figures::kWh, Better.LOWER),
        new Column(
            "avg power",
            s -> orNaN(s.energy().averageKW()),
            v -> Figures.number(v) + " kW",
            Better.NEITHER),
        new Column(
            "energy cost",
            s -> orNaN(s.energy().energyCost()),
            v -> Figures.money(v, currency),
            Better.LOWER),
        new Column(
            "device cost",
            s -> orNaN(s.energy().deviceCost()),
            v -> Figures.money(v, currency),
            Better.LOWER));
  }

  private static double orNaN(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : Double.NaN;
  }

  /**
   * One row per run, with its completed jobs when {@code withDone}; in each column, the best value
   * among the runs of the same seed in bold when they differ.
   */
  private static void table(
      StringBuilder html, ScenarioResult result, List<Column> columns, boolean withDone) {
    html.append("<table>\n<tr><th>policy</th><th>seed</th>");
    if (withDone) {
      html.append("<th>done</th>");
    }
    for (Column column : columns) {
      html.append("<th>").append(column.header()).append("</th>");
    }
    html.append("</tr>\n");
    for (ScenarioResult.PolicyRun run : result.runs()) {
      RunSummary s = run.summary();
      html.append("<tr><td>")
          .append(SvgLineChart.escape(run.policy()))
          .append("</td><td>")
          .append(run.seed())
          .append("</td>");
      if (withDone) {
        html.append("<td>").append(s.completed()).append('/').append(s.jobs()).append("</td>");
      }
      for (int c = 0; c < columns.size(); c++) {
        double value = columns.get(c).value().applyAsDouble(s);
        String text = SvgLineChart.escape(columns.get(c).format().apply(value));
        boolean bold = value == best(result, run.seed(), columns.get(c));
        html.append(bold ? "<td><b>" + text + "</b></td>" : "<td>" + text + "</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  /**
   * The best value of a column over the runs of one seed (the policies on the same jobs); NaN when
   * there is none, a value is unknown, or all those runs agree.
   */
  private static double best(ScenarioResult result, long seed, Column column) {
    if (column.better() == Better.NEITHER) {
      return Double.NaN;
    }
    double best = Double.NaN;
    Set<Double> distinct = new LinkedHashSet<>();
    for (ScenarioResult.PolicyRun run : result.runs()) {
      if (run.seed() != seed) {
        continue;
      }
      double value = column.value().applyAsDouble(run.summary());
      if (Double.isNaN(value)) {
        return Double.NaN;
      }
      distinct.add(value);
      boolean better = column.better() == Better.LOWER ? !(value >= best) : !(value <= best);
      if (Double.isNaN(best) || better) {
        best = value;
      }
    }
    return distinct.size() > 1 ? best : Double.NaN;
  }

  private static void energyNotes(StringBuilder html, ScenarioResult result) {
    Set<String> lines = new LinkedHashSet<>(result.power().describe(result.acceleratorTypes()));
    for (ScenarioResult.PolicyRun run : result.runs()) {
      lines.addAll(run.summary().energy().unknown());
    }
    html.append("<p class=\"note\">Energy and cost: ");
    html.append(SvgLineChart.escape(String.join(". ", lines))).append(".</p>\n");
  }

  private static String caption(String chart) {
    switch (chart) {
      case "utilization":
        return "Devices held by running jobs, as a share of all devices, after each scheduling"
            + " cycle.";
      case "queue":
        return "Gangs waiting to start after each scheduling cycle.";
      case "fragmentation":
        return "Share of the free devices that a gang of the run's typical size could not use"
            + " (free devices on nodes with too few free for it; 0 when nothing is free).";
      default:
        return "Share of completed jobs that finished within a given time of their submission.";
    }
  }

  private static void definitions(StringBuilder html) {
    html.append("<h2>Definitions</h2>\n<dl>\n");
    String[][] terms = {
      {"JCT", "job completion time: end minus submission, over completed jobs"},
      {"utilization", "busy device-seconds over all device-seconds from 0 to the makespan"},
      {
        "allocation ratio",
        "busy device-seconds over the device-seconds of devices that were up (neither failed"
            + " themselves nor on a failed node or leaf)"
      },
      {
        "fragmentation",
        "free device-seconds that a gang drawn from the run's job sizes could not use, over all"
            + " free device-seconds (after the fragmentation measure of Weng et al., USENIX"
            + " ATC'23): a gang of up to a node's devices needs one node with that many free, a"
            + " larger gang whole idle nodes"
      },
      {
        "ETTR",
        "effective training time ratio: the seconds the completed jobs made progress they"
            + " kept, on the devices they ran on, over the time from their first start to their end"
      },
      {
        "lost dev-h, goodput",
        "device-hours jobs held devices without progress they kept (work since the last"
            + " checkpoint, redone after a preemption or failure; time hung on a failed part until"
            + " detection; restart time), and busy device-seconds not lost over all busy"
            + " device-seconds"
      },
      {
        "energy",
        "Σ over devices and time of (idle power + (TDP − idle power) × busy fraction when the"
            + " device is busy), times PUE; average power is energy over the makespan"
      },
      {
        "device cost",
        "every device's hours over the makespan times its type's device-hour price, busy or not"
      }
    };
    for (String[] term : terms) {
      html.append("<dt>")
          .append(term[0])
          .append("</dt><dd>")
          .append(SvgLineChart.escape(term[1]))
          .append("</dd>\n");
    }
    html.append("</dl>\n");
  }
}
