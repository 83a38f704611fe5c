package dev.wanka.sim.fgd;

/**
 * PROTOCOL §7 target (b) at one column: our mean over n seeds against the published mean over m
 * seeds, within max(0.25, 3 · sd · √(1/n + 1/m)) percentage points, sd being the published sample
 * standard deviation (for n = m = 10 this is the protocol's 3 · sd · √(2/10)).
 */
public record MeanCheck(
    String policy, int column, double mean, double publishedMean, double tolerance) {
  /** The smallest tolerance, in percentage points. */
  public static final double MIN_TOLERANCE_PP = 0.25;

  static MeanCheck of(String policy, int column, double[] ours, double[] published) {
    double tolerance =
        Math.max(
            MIN_TOLERANCE_PP,
            3
                * Statistics.sampleSd(published)
                * Math.sqrt(1.0 / ours.length + 1.0 / published.length));
    return new MeanCheck(
        policy, column, Statistics.mean(ours), Statistics.mean(published), tolerance);
  }

  public boolean within() {
    return Math.abs(mean - publishedMean) <= tolerance;
  }
}
