package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * PROTOCOL §7's statistical comparison: 10-seed means of the allocation at 100% and 130% requested
 * must lie within max(0.25, 3 · sd · √(2/10)) percentage points of the published means (sd: the
 * published sample standard deviation), and the policies must rank FGD > BestFit > {GpuPacking,
 * GpuClustering} > DotProd > Random.
 */
class FgdStatisticalTest {
  private static final int[] COLUMNS = {100, 130};

  record Summary(String policy, double[] mean, double[] publishedMean, double[] tolerance) {
    boolean withinTolerance() {
      for (int i = 0; i < mean.length; i++) {
        if (Math.abs(mean[i] - publishedMean[i]) > tolerance[i]) {
          return false;
        }
      }
      return true;
    }

    String row() {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-13s", policy));
      for (int i = 0; i < mean.length; i++) {
        row.append(
            String.format(
                Locale.ROOT, "  %6.2f vs %6.2f (±%.2f)", mean[i], publishedMean[i], tolerance[i]));
      }
      return row.toString();
    }
  }

  /**
   * Random on the simulator's shipped orders and ranks, with Wanka's seeded randomness for the node
   * and GPU draws: the original's draws depend on thread interleaving, so only the 10-seed means
   * can be compared.
   */
  @Test
  void randomMatchesThePublishedMeansOnTheShippedOrders() {
    OpenbTrace trace = OpenbTrace.load();
    TypicalPods typical = TypicalPods.of(trace.pods());
    List<double[]> columns = new ArrayList<>();
    for (int seed = OpenbTrace.FIRST_SEED; seed <= OpenbTrace.LAST_SEED; seed++) {
      FgdReplay.Run run =
          FgdReplay.run(
              "Random",
              seed,
              new RandomPolicy(),
              trace.freshNodes(trace.nodeRanks(seed)),
              trace.workload(seed),
              typical,
              new SplittableRandom(seed));
      columns.add(run.allocationColumns());
    }
    Summary summary = summarise("Random", columns);
    System.out.println(
        "Random, shipped orders (10 seeds):  at 100%  and  at 130%\n" + summary.row());
    assertThat(summary.withinTolerance()).as(summary.row()).isTrue();
  }

  /**
   * All six policies on workloads and ranks from Wanka's own seeded generator (PROTOCOL §2). Slower
   * (60 runs, about 20 s on two cores): run with {@code -Dfgd.full=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "fgd.full", matches = "true")
  void ownSeededWorkloadsMatchThePublishedMeansAndRanking() {
    OpenbTrace trace = OpenbTrace.load();
    TypicalPods typical = TypicalPods.of(trace.pods());
    Map<String, Function<TypicalPods, PackingPolicy>> policies = new LinkedHashMap<>();
    policies.put("Random", t -> new RandomPolicy());
    policies.put("DotProd", t -> new DotProductPolicy());
    policies.put("GpuClustering", t -> new GpuClusteringPolicy());
    policies.put("GpuPacking", t -> new GpuPackingPolicy());
    policies.put("BestFit", t -> new BestFitPolicy());
    policies.put("FGD", FgdPolicy::new);
    Map<String, Summary> summaries = new LinkedHashMap<>();
    StringBuilder table =
        new StringBuilder("own seeded workloads (10 seeds):  at 100%  and  at 130%\n");
    for (Map.Entry<String, Function<TypicalPods, PackingPolicy>> policy : policies.entrySet()) {
      List<double[]> columns = new ArrayList<>();
      for (int seed = OpenbTrace.FIRST_SEED; seed <= OpenbTrace.LAST_SEED; seed++) {
        SplittableRandom random = new SplittableRandom(seed);
        SeededWorkload.Instance instance = SeededWorkload.generate(trace, random.split());
        FgdReplay.Run run =
            FgdReplay.run(
                policy.getKey(),
                seed,
                policy.getValue().apply(typical),
                trace.freshNodes(instance.nodeRanks()),
                instance.workload(),
                typical,
                random.split());
        columns.add(run.allocationColumns());
      }
      Summary summary = summarise(policy.getKey(), columns);
      summaries.put(policy.getKey(), summary);
      table.append(summary.row()).append('\n');
    }
    System.out.println(table);
    summaries.values().forEach(s -> assertThat(s.withinTolerance()).as(s.row()).isTrue());
    for (int i = 0; i < COLUMNS.length; i++) {
      double fgd = summaries.get("FGD").mean()[i];
      double bestFit = summaries.get("BestFit").mean()[i];
      double packing = summaries.get("GpuPacking").mean()[i];
      double clustering = summaries.get("GpuClustering").mean()[i];
      double dotProd = summaries.get("DotProd").mean()[i];
      double random = summaries.get("Random").mean()[i];
      assertThat(fgd).isGreaterThan(bestFit);
      assertThat(bestFit).isGreaterThan(Math.max(packing, clustering));
      assertThat(Math.min(packing, clustering)).isGreaterThan(dotProd);
      assertThat(dotProd).isGreaterThan(random);
    }
  }

  private static Summary summarise(String policy, List<double[]> runs) {
    PublishedCurves published = PublishedCurves.allocation();
    double[] mean = new double[COLUMNS.length];
    double[] publishedMean = new double[COLUMNS.length];
    double[] tolerance = new double[COLUMNS.length];
    for (int i = 0; i < COLUMNS.length; i++) {
      int column = COLUMNS[i];
      double[] values = new double[runs.size()];
      double[] publishedValues = new double[runs.size()];
      for (int s = 0; s < runs.size(); s++) {
        values[s] = runs.get(s)[column];
        publishedValues[s] = published.of(policy, OpenbTrace.FIRST_SEED + s)[column];
      }
      mean[i] = mean(values);
      publishedMean[i] = mean(publishedValues);
      tolerance[i] = Math.max(0.25, 3 * sampleSd(publishedValues) * Math.sqrt(2.0 / runs.size()));
    }
    return new Summary(policy, mean, publishedMean, tolerance);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double sampleSd(double[] values) {
    double mean = mean(values);
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / (values.length - 1));
  }
}
