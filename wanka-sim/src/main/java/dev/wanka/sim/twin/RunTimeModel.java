package dev.wanka.sim.twin;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Precision;
import dev.wanka.perf.Calibrations;
import dev.wanka.perf.DeviceAllocation;
import dev.wanka.perf.TrainingEstimate;
import dev.wanka.perf.TrainingEstimator;
import dev.wanka.sched.Allocation;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Tier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a job runs on the devices it got, asked at every start (restarts included):
 *
 * <ul>
 *   <li>a trace job runs its trace duration on the reference type, times its full size over the
 *       devices it got (an elastic job on fewer), times the reference type's speed over the speed
 *       of the type it landed on. A type's speed is its dense BF16 peak from the catalog (FP16 when
 *       BF16 is not published), the figure the scheduler's heterogeneity score also uses, unless
 *       the scenario gives relative speeds;
 *   <li>an LLM job ({@link LlmTraining}) runs its tokens over the tokens per second the performance
 *       model ({@link TrainingEstimator}) gives for its configuration on that many devices of the
 *       type it landed on, in that type's pool of the cluster;
 *   <li>either is slowed by {@code tierSlowdown} for every tier its placement spans beyond the
 *       narrowest one of the pool that could hold that many devices (node, scale-up domain, leaf,
 *       spine, core: {@link #extraTiers}).
 * </ul>
 *
 * Immutable apart from a cache of performance-model estimates; safe to share between runs.
 */
public final class RunTimeModel {
  /**
   * Run time multiplier per extra tier, by default: an assumption between what Gavel measured for
   * jobs spread over servers (up to 3x on V100s, about 1x on K80s) and a non-blocking fabric's few
   * per cent (docs/simulate.md).
   */
  public static final double DEFAULT_TIER_SLOWDOWN = 1.1;

  /** Tiers from narrowest to widest. */
  private static final Tier[] LADDER = {
    Tier.NODE, Tier.SCALE_UP_DOMAIN, Tier.LEAF, Tier.SPINE, Tier.CORE
  };

  private final Cluster cluster;

  /** Per pool: the reference type's speed over the pool type's; NaN for types jobs do not use. */
  private final double[] slowness;

  private final double tierSlowdown;
  private final Calibrations calibrations;
  private final Map<EstimateKey, TrainingEstimate> estimates = new ConcurrentHashMap<>();

  private record EstimateKey(LlmTraining training, int pool) {}

  private RunTimeModel(
      Cluster cluster, double[] slowness, double tierSlowdown, Calibrations calibrations) {
    this.cluster = cluster;
    this.slowness = slowness;
    this.tierSlowdown = tierSlowdown;
    this.calibrations = calibrations;
  }

  /**
   * Durations as the jobs give them: a trace job runs its duration (stretched only when elastic and
   * smaller) on any type and placement.
   */
  public static RunTimeModel asGiven(Cluster cluster) {
    double[] same = new double[cluster.pools().size()];
    Arrays.fill(same, 1);
    return new RunTimeModel(cluster, same, 1, Calibrations.bundled());
  }

  /**
   * The model for jobs that may run on {@code types}, the first the reference type (trace durations
   * are run times on it).
   *
   * @param speeds relative speeds of types, replacing the catalog's peaks (types not given keep
   *     theirs)
   * @param tierSlowdown run time multiplier per extra tier, 1 or more
   * @throws IllegalArgumentException naming the field: a type not in the cluster, a type with no
   *     speed, a bad speed or slowdown
   */
  public static RunTimeModel of(
      Cluster cluster,
      List<String> types,
      Map<String, Double> speeds,
      double tierSlowdown,
      Calibrations calibrations) {
    if (!(tierSlowdown >= 1) || Double.isInfinite(tierSlowdown)) {
      throw new IllegalArgumentException(
          "runTime.tierSlowdown: " + tierSlowdown + " is not allowed: must be a number from 1 up");
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException("workload.accelerators: give at least one type");
    }
    double reference = speed(cluster, types.get(0), speeds);
    double[] slowness = new double[cluster.pools().size()];
    Arrays.fill(slowness, Double.NaN);
    for (String type : types) {
      double speed = speed(cluster, type, speeds);
      for (int pool = 0; pool < slowness.length; pool++) {
        if (cluster.pools().get(pool).accelerator().id().equals(type)) {
          slowness[pool] = reference / speed;
        }
      }
    }
    return new RunTimeModel(cluster, slowness, tierSlowdown, calibrations);
  }

  private static double speed(Cluster cluster, String type, Map<String, Double> speeds) {
    Accelerator accelerator =
        cluster.pools().stream()
            .map(PoolSpec::accelerator)
            .filter(a -> a.id().equals(type))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "workload.accelerators: '"
                            + type
                            + "' is not a type of cluster "
                            + cluster.name()
                            + "; allowed: "
                            + String.join(", ", typesOf(cluster))));
    Double given = speeds.get(type);
    if (given != null) {
      if (!(given > 0) || given.isInfinite()) {
        throw new IllegalArgumentException(
            "runTime.speeds." + type + ": " + given + " is not allowed: must be a number above 0");
      }
      return given;
    }
    OptionalDouble peak = accelerator.peak(Precision.BF16).asOptional();
    if (peak.isEmpty()) {
      peak = accelerator.peak(Precision.FP16).asOptional();
    }
    return peak.orElseThrow(
        () ->
            new IllegalArgumentException(
                "runTime.speeds."
                    + type
                    + ": missing: the catalog has no dense BF16 or FP16 peak for "
                    + type
                    + ", so its speed relative to the other types must be given"));
  }

  /** The accelerator types of a cluster's pools, in pool order, each once. */
  public static List<String> typesOf(Cluster cluster) {
    return cluster.pools().stream().map(p -> p.accelerator().id()).distinct().toList();
  }

  /** How fast jobs run on a type relative to the reference type (1 for the reference). */
  public double relativeSpeed(String type) {
    for (int pool = 0; pool < slowness.length; pool++) {
      if (cluster.pools().get(pool).accelerator().id().equals(type)
          && !Double.isNaN(slowness[pool])) {
        return 1 / slowness[pool];
      }
    }
    throw new IllegalArgumentException(type + " is not a type the jobs may run on");
  }

  public double tierSlowdown() {
    return tierSlowdown;
  }

  /**
   * Seconds the whole job takes on this allocation, from start to end without interruption.
   *
   * @throws IllegalStateException if the job landed on a type the model was not made for, or an LLM
   *     job on another size than its parallelism's
   */
  public double seconds(SimJob job, Allocation allocation) {
    if (allocation.isHostOnly()) {
      return job.durationSeconds();
    }
    int pool = allocation.pool();
    double topology =
        Math.pow(tierSlowdown, extraTiers(pool, allocation.size(), allocation.spans()));
    if (job.training().isPresent()) {
      LlmTraining training = job.training().get();
      if (allocation.size() != training.devices()) {
        throw new IllegalStateException(
            job.workload().id()
                + " runs on "
                + allocation.size()
                + " devices, not the "
                + training.devices()
                + " of its parallelism");
      }
      return training.tokens() / estimate(training, pool).tokensPerSecond() * topology;
    }
    if (Double.isNaN(slowness[pool])) {
      throw new IllegalStateException(
          job.workload().id() + " landed on " + allocation.acceleratorId() + ", which it may not");
    }
    double fullSizeOver = (double) allocation.gang().maxDevices() / Math.max(1, allocation.size());
    return job.durationSeconds() * fullSizeOver * slowness[pool] * topology;
  }

  /**
   * The performance model's estimate for an LLM job on its devices in a pool (cached).
   *
   * @throws dev.wanka.perf.InvalidSetupException when the configuration cannot run there
   */
  public TrainingEstimate estimate(LlmTraining training, int pool) {
    return estimates.computeIfAbsent(
        new EstimateKey(training, pool),
        key -> {
          Accelerator accelerator = cluster.pools().get(pool).accelerator();
          return TrainingEstimator.estimate(
              training.setup(),
              DeviceAllocation.inCluster(cluster, accelerator, training.devices()),
              calibrations.forAccelerator(accelerator));
        });
  }

  /**
   * Tiers a placement of {@code devices} in a pool spans beyond the narrowest that could hold that
   * many: 0 when it is as compact as the pool allows. Tiers the pool does not have (a scale-up
   * domain of one node) are not counted.
   */
  public int extraTiers(int pool, int devices, Tier spans) {
    Tier narrowest = narrowestTier(pool, devices);
    boolean domains = cluster.pools().get(pool).domainNodes() > 1;
    int extra = 0;
    for (Tier tier : LADDER) {
      if (tier.compareTo(narrowest) > 0
          && tier.compareTo(spans) <= 0
          && (tier != Tier.SCALE_UP_DOMAIN || domains)) {
        extra++;
      }
    }
    return extra;
  }

  /** The narrowest tier of the pool that holds {@code devices} devices (node at the least). */
  public Tier narrowestTier(int pool, int devices) {
    PoolSpec spec = cluster.pools().get(pool);
    long perNode = spec.devicesPerNode();
    if (devices <= perNode) {
      return Tier.NODE;
    }
    if (spec.domainNodes() > 1 && devices <= perNode * spec.domainNodes()) {
      return Tier.SCALE_UP_DOMAIN;
    }
    if (devices <= perNode * Math.min(spec.nodesPerLeaf(), spec.nodes())) {
      return Tier.LEAF;
    }
    if (devices <= perNode * cluster.mostNodesUnderOneSpineGroup(pool)) {
      return Tier.SPINE;
    }
    return Tier.CORE;
  }
}
