package dev.wanka.sim.fgd;

import java.util.List;

/** One policy's runs, one per seed in seed order, and their mean curves. */
public record PolicyCurves(String policy, List<SeedRun> runs) {
  public PolicyCurves {
    runs = List.copyOf(runs);
  }

  /** Mean allocation % at each column over the seeds. */
  public double[] meanAllocationPct() {
    return Statistics.meanColumns(runs.stream().map(SeedRun::allocationPct).toList());
  }

  /** Mean fragmentation % at each column over the seeds. */
  public double[] meanFragmentationPct() {
    return Statistics.meanColumns(runs.stream().map(SeedRun::fragmentationPct).toList());
  }
}
