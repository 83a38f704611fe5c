package dev.wanka.workload;

import java.util.OptionalDouble;

/**
 * One accelerator type a workload accepts.
 *
 * @param acceleratorId the catalog's canonical id (aliases are resolved by the reader)
 * @param relativeThroughput how fast the workload runs on this type relative to the others it
 *     accepts (e.g. 1 for H100, 0.6 for Ascend 910B), for heterogeneity-aware choice; empty when
 *     unknown (the scheduler may then use the performance model or treat types alike)
 */
public record AcceleratorChoice(String acceleratorId, OptionalDouble relativeThroughput) {
  /** Relative throughputs are ratios; 1000x between two types is a typo. */
  public static final double MAX_THROUGHPUT = 1000;

  public AcceleratorChoice {
    Checks.slug("accelerator", acceleratorId);
    Checks.present("throughput", relativeThroughput);
    if (relativeThroughput.isPresent()) {
      double t = relativeThroughput.getAsDouble();
      if (!(t > 0 && t <= MAX_THROUGHPUT)) {
        throw new IllegalArgumentException(
            "throughput of "
                + acceleratorId
                + ": "
                + t
                + " is not allowed: must be a number greater than 0 and at most "
                + (int) MAX_THROUGHPUT);
      }
    }
  }

  public static AcceleratorChoice of(String acceleratorId) {
    return new AcceleratorChoice(acceleratorId, OptionalDouble.empty());
  }

  public static AcceleratorChoice of(String acceleratorId, double relativeThroughput) {
    return new AcceleratorChoice(acceleratorId, OptionalDouble.of(relativeThroughput));
  }
}
