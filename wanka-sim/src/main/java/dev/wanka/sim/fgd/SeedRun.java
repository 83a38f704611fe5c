package dev.wanka.sim.fgd;

/**
 * What one (policy, seed) run of the FGD experiment gives: its allocation and fragmentation columns
 * 0..130 (PROTOCOL §6; NaN where no event falls near a column) and how many pods were placed and
 * dropped.
 */
public record SeedRun(
    String policy,
    int seed,
    double[] allocationPct,
    double[] fragmentationPct,
    int placed,
    int failed) {

  static SeedRun of(FgdRun run) {
    return new SeedRun(
        run.policy(),
        run.seed(),
        run.allocationColumns(),
        run.fragmentationColumns(),
        run.placed(),
        run.failed());
  }
}
