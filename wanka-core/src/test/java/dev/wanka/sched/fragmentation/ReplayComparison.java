package dev.wanka.sched.fragmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one replayed run compares with the published curves (PROTOCOL §7): columns up to {@value
 * #EXACT_UP_TO} must be equal (both are 2-decimal values), later ones within {@value #TOLERANCE_PP}
 * percentage points.
 *
 * @param maxAllocationLow largest |difference| of allocation columns 0..85
 * @param maxAllocationHigh largest |difference| of allocation columns 86..130
 * @param maxFragmentationLow the same for fragmentation, 0..85
 * @param maxFragmentationHigh the same for fragmentation, 86..130
 * @param problems every column outside its limit, described
 */
record ReplayComparison(
    String policy,
    int seed,
    double maxAllocationLow,
    double maxAllocationHigh,
    double maxFragmentationLow,
    double maxFragmentationHigh,
    List<String> problems) {

  static final int EXACT_UP_TO = 85;
  static final double TOLERANCE_PP = 0.05;

  static ReplayComparison of(
      FgdReplay.Run run, PublishedCurves allocation, PublishedCurves fragmentation) {
    List<String> problems = new ArrayList<>();
    double[] allocationDeviation =
        deviation(
            "allocation",
            run,
            run.allocationColumns(),
            allocation.of(run.policy(), run.seed()),
            problems);
    double[] fragmentationDeviation =
        deviation(
            "fragmentation",
            run,
            run.fragmentationColumns(),
            fragmentation.of(run.policy(), run.seed()),
            problems);
    return new ReplayComparison(
        run.policy(),
        run.seed(),
        allocationDeviation[0],
        allocationDeviation[1],
        fragmentationDeviation[0],
        fragmentationDeviation[1],
        List.copyOf(problems));
  }

  private static double[] deviation(
      String what, FgdReplay.Run run, double[] ours, double[] published, List<String> problems) {
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
      String what, FgdReplay.Run run, int column, double ours, double published) {
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

  String row() {
    return String.format(
        Locale.ROOT,
        "%-13s %4d  %6.2f %6.2f  %6.2f %6.2f  %s",
        policy,
        seed,
        maxAllocationLow,
        maxAllocationHigh,
        maxFragmentationLow,
        maxFragmentationHigh,
        problems.isEmpty() ? "ok" : problems.size() + " column(s) off");
  }

  static String header() {
    return "policy        seed  alloc max |diff|  frag max |diff|\n"
        + "                    0-85  86-130    0-85  86-130";
  }
}
