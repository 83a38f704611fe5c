package dev.wanka.sim.fgd;

import java.util.List;

/**
 * What one FGD experiment gave: the scenario as run, the experiment (its trace and orders), which
 * orders were used and why, every policy's curves, and how they compare with the published ones.
 *
 * @param published whether any published curves were found for the trace
 */
public record FgdResult(
    FgdScenario scenario,
    FgdExperiment experiment,
    String ordersNote,
    List<PolicyCurves> curves,
    FgdComparison comparison,
    boolean published) {
  public FgdResult {
    curves = List.copyOf(curves);
  }

  /** The policy with the highest mean allocation at the last column (130% requested). */
  public PolicyCurves winner() {
    PolicyCurves best = curves.get(0);
    for (PolicyCurves c : curves) {
      if (c.meanAllocationPct()[Curves.COLUMNS - 1]
          > best.meanAllocationPct()[Curves.COLUMNS - 1]) {
        best = c;
      }
    }
    return best;
  }
}
