package dev.wanka.sim.fgd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one run on the simulator's own orders compares with its published curves (PROTOCOL §7, target
 * (a)): columns up to {@value #EXACT_UP_TO} must be equal (both are 2-decimal values), later ones
 * within {@value #TOLERANCE_PP} percentage points.
 *
 * @param maxAllocationLow largest |difference| of allocation columns 0..85
 * @param maxAllocationHigh largest |difference| of allocation columns 86..130
 * @param maxFragmentationLow the same for fragmentation, 0..85 (NaN without published
 *     fragmentation)
 * @param maxFragmentationHigh the same for fragmentation, 86..130
 * @param problems every column outside its limit, described
 */
public record ReplayComparison(
    String policy,
    int seed,
    double maxAllocationLow,
    double maxAllocationHigh,
    double maxFragmentationLow,
    double maxFragmentationHigh,
    List<String> problems) {

  public static final int EXACT_UP_TO = 85;
  public static final double TOLERANCE_PP = 0.05;

  public ReplayComparison {
    problems = List.copyOf(problems);
  }

  public boolean matches() {
    return problems.isEmpty();
  }

  /**
   * @param fragmentation the published fragmentation columns, if any
   */
  public static ReplayComparison of(
      SeedRun run, double[] allocation, java.util.Optional<double[]> fragmentation) {
    List<String> problems = new ArrayList<>();
    double[] allocationDeviation =
        deviation("allocation", run, run.allocationPct(), allocation, problems);
    double[] fragmentationDeviation =
        fragmentation
            .map(f -> deviation("fragmentation", run, run.fragmentationPct(), f, problems))
            .orElse(new double[] {Double.NaN, Double.NaN});
    return new ReplayComparison(
        run.policy(),
        run.seed(),
        allocationDeviation[0],
        allocationDeviation[1],
        fragmentationDeviation[0],
        fragmentationDeviation[1],
        problems);
  }

  private static double[] deviation(
      String what, SeedRun run, double[] ours, double[] published, List<String> problems) {
    double low = 0;
    double high = 0;
    for (int a = 0; a < Curves.COLUMNS; a++) {
      if (Double.isNaN(ours[a]) || Double.isNaN(published[a])) {
        if (Double.isNaN(ours[a]) != Double.isNaN(published[a])) {
          problems.add(describe(what, run, a, ours[a], published[a]));
        }
        continue;
      }
      double difference = Math.abs(ours[a] - published[a]);
      if (a <= EXACT_UP_TO) {
        low = Math.max(low, difference);
        if (Math.round(ours[a] * 100) != Math.round(published[a] * 100)) {
          problems.add(describe(what, run, a, ours[a], published[a]));
        }
      } else {
        high = Math.max(high, difference);
        if (difference > TOLERANCE_PP + 1e-9) {
          problems.add(describe(what, run, a, ours[a], published[a]));
        }
      }
    }
    return new double[] {low, high};
  }

  private static String describe(
      String what, SeedRun run, int column, double ours, double published) {
    return String.format(
        Locale.ROOT,
        "%s seed %d %s column %d: %.2f, published %.2f",
        run.policy(),
        run.seed(),
        what,
        column,
        ours,
        published);
  }
}
