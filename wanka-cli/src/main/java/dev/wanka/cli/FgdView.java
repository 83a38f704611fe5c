package dev.wanka.cli;

import dev.wanka.sim.fgd.Curves;
import dev.wanka.sim.fgd.FgdComparison;
import dev.wanka.sim.fgd.FgdExperiment;
import dev.wanka.sim.fgd.FgdResult;
import dev.wanka.sim.fgd.MeanCheck;
import dev.wanka.sim.fgd.PolicyCurves;
import dev.wanka.sim.fgd.ReplayComparison;
import dev.wanka.sim.fgd.SeedRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The FGD experiment's outcome as text for people and as a JSON document for scripts. */
final class FgdView {
  /** Rows of the printed curve table: every tenth percent requested. */
  private static final int ROW_STEP = 10;

  private FgdView() {}

  /**
   * The JSON document: per policy (the paper's name) under {@code fgd}, the mean allocation and
   * fragmentation % at each whole percent requested 0..130 (null where no event fell near it), the
   * published mean if any, and every seed's run; then the checks. Holds nothing that depends on the
   * machine, so the same scenario gives the same bytes.
   */
  static Map<String, Object> document(FgdResult outcome) {
    Map<String, Object> doc = new LinkedHashMap<>();
    FgdExperiment experiment = outcome.experiment();
    doc.put("experiment", "fgd");
    doc.put("scenario", outcome.scenario().name());
    doc.put("workload", experiment.trace().workload());
    doc.put("nodes", experiment.trace().nodes().size());
    doc.put("gpus", experiment.trace().totalGpus());
    doc.put("pods", experiment.trace().podsByName().size());
    doc.put("inflation", outcome.scenario().inflation());
    doc.put("orders", experiment.orders() == FgdExperiment.Orders.REPLAYED ? "replayed" : "seeded");
    doc.put("seeds", experiment.seeds());
    Map<String, Object> policies = new LinkedHashMap<>();
    FgdComparison comparison = outcome.comparison();
    for (PolicyCurves curves : outcome.curves()) {
      Map<String, Object> policy = new LinkedHashMap<>();
      policy.put("meanAllocationPct", column(curves.meanAllocationPct()));
      policy.put("meanFragmentationPct", column(curves.meanFragmentationPct()));
      double[] published = comparison.publishedMeanAllocationPct().get(curves.policy());
      policy.put("publishedMeanAllocationPct", published == null ? null : column(published));
      List<Map<String, Object>> runs = new ArrayList<>();
      for (SeedRun run : curves.runs()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seed", run.seed());
        row.put("placedPods", run.placed());
        row.put("failedPods", run.failed());
        row.put("allocationPct", column(run.allocationPct()));
        row.put("fragmentationPct", column(run.fragmentationPct()));
        runs.add(row);
      }
      policy.put("runs", runs);
      policies.put(curves.policy(), policy);
    }
    doc.put("fgd", policies);
    Map<String, Object> checks = new LinkedHashMap<>();
    List<Map<String, Object>> replays = new ArrayList<>();
    for (ReplayComparison replay : comparison.replays()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("policy", replay.policy());
      row.put("seed", replay.seed());
      row.put("maxAllocationDiffPp0to85", Json.round(replay.maxAllocationLow()));
      row.put("maxAllocationDiffPp86to130", Json.round(replay.maxAllocationHigh()));
      row.put("matches", replay.matches());
      row.put("problems", replay.problems());
      replays.add(row);
    }
    checks.put("replay", replays);
    List<Map<String, Object>> means = new ArrayList<>();
    for (MeanCheck mean : comparison.means()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("policy", mean.policy());
      row.put("requestedPct", mean.column());
      row.put("meanAllocationPct", Json.round(mean.mean()));
      row.put("publishedMeanAllocationPct", Json.round(mean.publishedMean()));
      row.put("tolerancePp", Json.round(mean.tolerance()));
      row.put("within", mean.within());
      means.add(row);
    }
    checks.put("means", means);
    List<Map<String, Object>> rankings = new ArrayList<>();
    for (FgdComparison.RankingCheck ranking : comparison.rankings()) {
      rankings.add(
          Map.of(
              "requestedPct", ranking.column(), "holds", ranking.holds(), "ours", ranking.ours()));
    }
    checks.put("ranking", rankings);
    checks.put("allPass", comparison.allPass());
    doc.put("checks", checks);
    return doc;
  }

  private static List<Double> column(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(Double.isNaN(v) ? null : Json.round(v));
    }
    return out;
  }

  static void print(PrintWriter out, FgdSimulation.Outcome run) {
    FgdResult outcome = run.result();
    FgdExperiment experiment = outcome.experiment();
    List<Integer> seeds = experiment.seeds();
    out.printf(
        Locale.ROOT,
        "FGD experiment %s: %s (%,d pods) on %,d nodes with %,d GPUs; pods arrive until %.0f%%"
            + " of GPU capacity is requested.%n",
        outcome.scenario().name(),
        experiment.trace().workload(),
        experiment.trace().podsByName().size(),
        experiment.trace().nodes().size(),
        experiment.trace().totalGpus(),
        100 * outcome.scenario().inflation());
    out.printf(
        Locale.ROOT,
        "%d policies x %d seeds (%d..%d), %d runs in %.1f s on %d threads. Orders: %s.%n%n",
        outcome.curves().size(),
        seeds.size(),
        seeds.get(0),
        seeds.get(seeds.size() - 1),
        outcome.curves().size() * seeds.size(),
        run.wallMillis() / 1000.0,
        run.threads(),
        outcome.ordersNote());
    curveTable(out, outcome);
    FgdComparison comparison = outcome.comparison();
    if (!comparison.replays().isEmpty()) {
      replayTable(out, comparison);
    }
    if (!comparison.means().isEmpty()) {
      meanTable(out, comparison);
    }
    for (FgdComparison.RankingCheck ranking : comparison.rankings()) {
      out.printf(
          Locale.ROOT,
          "Ranking FGD > BestFit > {GpuPacking, GpuClustering} > DotProd > Random at %d%%"
              + " requested: %s (ours: %s)%n",
          ranking.column(),
          ranking.holds() ? "holds" : "DOES NOT HOLD",
          ranking.ours());
    }
    if (!outcome.published()) {
      out.printf(
          "No published curves for %s: nothing to compare with.%n", experiment.trace().workload());
    } else {
      out.printf(
          "%nVerdict: %s%n",
          comparison.allPass()
              ? "every check passes."
              : "some checks fail (marked above); see --json for every column.");
    }
  }

  private static void curveTable(PrintWriter out, FgdResult outcome) {
    boolean published = outcome.published();
    out.printf(
        "GPU allocation, %% of capacity, by %% of capacity requested (mean of the seeds%s):%n",
        published ? "; ours | published" : "");
    List<String> headers = new ArrayList<>();
    headers.add("REQ%>");
    outcome.curves().forEach(c -> headers.add(c.policy() + ">"));
    TextTable table = new TextTable(headers.toArray(new String[0]));
    List<double[]> ours = new ArrayList<>();
    outcome.curves().forEach(c -> ours.add(c.meanAllocationPct()));
    for (int a = 0; a < Curves.COLUMNS; a += ROW_STEP) {
      List<Object> row = new ArrayList<>();
      row.add(a);
      for (int p = 0; p < ours.size(); p++) {
        double[] theirs =
            outcome.comparison().publishedMeanAllocationPct().get(outcome.curves().get(p).policy());
        row.add(
            published
                ? percent(ours.get(p)[a]) + " | " + (theirs == null ? "-" : percent(theirs[a]))
                : percent(ours.get(p)[a]));
      }
      table.row(row.toArray());
    }
    table.print(out, "  ");
    out.println();
  }

  private static void replayTable(PrintWriter out, FgdComparison comparison) {
    out.printf(
        "Replay of the simulator's orders against its published per-seed curves"
            + " (columns 0-%d equal, %d-130 within %.2f pp):%n",
        ReplayComparison.EXACT_UP_TO,
        ReplayComparison.EXACT_UP_TO + 1,
        ReplayComparison.TOLERANCE_PP);
    TextTable table =
        new TextTable("POLICY", "SEEDS>", "MAX |DIFF| 0-85>", "MAX |DIFF| 86-130>", "RESULT");
    Map<String, List<ReplayComparison>> byPolicy = new LinkedHashMap<>();
    comparison
        .replays()
        .forEach(r -> byPolicy.computeIfAbsent(r.policy(), p -> new ArrayList<>()).add(r));
    byPolicy.forEach(
        (policy, runs) -> {
          long off = runs.stream().filter(r -> !r.matches()).count();
          table.row(
              policy,
              runs.size(),
              String.format(
                  Locale.ROOT,
                  "%.2f pp",
                  runs.stream().mapToDouble(ReplayComparison::maxAllocationLow).max().orElse(0)),
              String.format(
                  Locale.ROOT,
                  "%.2f pp",
                  runs.stream().mapToDouble(ReplayComparison::maxAllocationHigh).max().orElse(0)),
              off == 0 ? "match" : off + " seed(s) OFF");
        });
    table.print(out, "  ");
    out.println();
  }

  private static void meanTable(PrintWriter out, FgdComparison comparison) {
    out.println(
        "Seed means against the published means (PROTOCOL §7: within"
            + " max(0.25, 3 sd sqrt(1/n + 1/m)) pp):");
    TextTable table =
        new TextTable("POLICY", "REQ%>", "OURS>", "PUBLISHED>", "DIFF>", "TOLERANCE>", "RESULT");
    for (MeanCheck mean : comparison.means()) {
      table.row(
          mean.policy(),
          mean.column(),
          percent(mean.mean()),
          percent(mean.publishedMean()),
          String.format(Locale.ROOT, "%+.2f", mean.mean() - mean.publishedMean()),
          String.format(Locale.ROOT, "%.2f", mean.tolerance()),
          mean.within() ? "within" : "OUTSIDE");
    }
    table.print(out, "  ");
    out.println();
  }

  private static String percent(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }
}
