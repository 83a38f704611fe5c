package dev.wanka.sim.synthetic;

import dev.wanka.sim.trace.Trace;
import dev.wanka.sim.trace.TraceJob;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic job trace fitted to a cluster's published statistics: Poisson arrivals at the
 * given rate; run times log-normal with the cluster's median and mean ({@code mu = ln median},
 * {@code sigma = sqrt(2 ln(mean / median))}); GPUs per job powers of two up to the cluster's
 * largest job, one GPU with probability {@link #SINGLE_GPU_SHARE} (an assumption: the summaries
 * give a median of one GPU, so at least half the jobs use one) and the larger sizes falling off
 * geometrically at the rate that makes the mean the cluster's.
 */
public final class SyntheticWorkload {
  /** The share of one-GPU jobs: an assumption consistent with the published median of 1. */
  public static final double SINGLE_GPU_SHARE = 0.6;

  private final ClusterStatistics basis;
  private final int[] sizes;
  private final double[] cumulative;
  private final double mu;
  private final double sigma;

  public SyntheticWorkload(ClusterStatistics basis) {
    if (basis.medianGpus() != 1 || basis.meanGpus() < 1) {
      throw new IllegalArgumentException(
          "basis "
              + basis.id()
              + ": jobs of "
              + basis.meanGpus()
              + " GPUs on average (median "
              + basis.medianGpus()
              + ") use shares of GPUs; the generator makes whole-GPU jobs with a median of one");
    }
    if (!(basis.meanRunSeconds() >= basis.medianRunSeconds() && basis.medianRunSeconds() >= 1)) {
      throw new IllegalArgumentException(
          "basis " + basis.id() + ": mean run time must be at least the median, and that >= 1 s");
    }
    this.basis = basis;
    this.mu = Math.log(basis.medianRunSeconds());
    this.sigma = Math.sqrt(2 * Math.log(basis.meanRunSeconds() / basis.medianRunSeconds()));
    int count = 1;
    while ((1 << count) <= basis.maxGpus()) {
      count++;
    }
    this.sizes = new int[count];
    for (int k = 0; k < count; k++) {
      sizes[k] = 1 << k;
    }
    double[] probabilities = sizeProbabilities(sizes, basis.meanGpus());
    this.cumulative = new double[count];
    double sum = 0;
    for (int k = 0; k < count; k++) {
      sum += probabilities[k];
      cumulative[k] = sum;
    }
  }

  /**
   * P(1 GPU) = {@link #SINGLE_GPU_SHARE}; P(2^k) proportional to r^k for k >= 1, with r found by
   * bisection so the mean matches (as close as the sizes allow).
   */
  static double[] sizeProbabilities(int[] sizes, double targetMean) {
    double low = 1e-9;
    double high = 1e3;
    for (int i = 0; i < 200; i++) {
      double r = Math.sqrt(low * high);
      if (mean(sizes, weights(sizes, r)) < targetMean) {
        low = r;
      } else {
        high = r;
      }
    }
    return weights(sizes, Math.sqrt(low * high));
  }

  private static double[] weights(int[] sizes, double r) {
    double[] p = new double[sizes.length];
    if (sizes.length == 1) {
      p[0] = 1;
      return p;
    }
    p[0] = SINGLE_GPU_SHARE;
    double total = 0;
    for (int k = 1; k < sizes.length; k++) {
      p[k] = Math.pow(r, k);
      total += p[k];
    }
    for (int k = 1; k < sizes.length; k++) {
      p[k] = (1 - SINGLE_GPU_SHARE) * p[k] / total;
    }
    return p;
  }

  static double mean(int[] sizes, double[] p) {
    double mean = 0;
    for (int k = 0; k < sizes.length; k++) {
      mean += sizes[k] * p[k];
    }
    return mean;
  }

  public ClusterStatistics basis() {
    return basis;
  }

  /**
   * {@code jobs} jobs arriving at {@code arrivalsPerHour} on average, from {@code seed}.
   *
   * @throws IllegalArgumentException naming the field when a count or rate is not positive
   */
  public Trace generate(int jobs, double arrivalsPerHour, long seed) {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs: " + jobs + " is not allowed: must be >= 1");
    }
    if (!(arrivalsPerHour > 0) || Double.isInfinite(arrivalsPerHour)) {
      throw new IllegalArgumentException(
          "arrivalsPerHour: " + arrivalsPerHour + " is not allowed: must be a number above 0");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double meanGapSeconds = 3600 / arrivalsPerHour;
    double time = 0;
    List<TraceJob> generated = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      if (i > 0) {
        time += -meanGapSeconds * StrictMath.log(1 - random.nextDouble());
      }
      long duration = Math.max(1, Math.round(StrictMath.exp(mu + sigma * gaussian(random))));
      generated.add(
          new TraceJob(
              "synthetic-" + (i + 1), (long) time, size(random), 0, duration, basis.id(), ""));
    }
    return new Trace("synthetic:" + basis.id(), generated, 0);
  }

  private int size(SplittableRandom random) {
    double u = random.nextDouble();
    for (int k = 0; k < cumulative.length; k++) {
      if (u < cumulative[k]) {
        return sizes[k];
      }
    }
    return sizes[sizes.length - 1];
  }

  /** A standard normal draw (Box-Muller; StrictMath so runs match on every JVM). */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }
}
