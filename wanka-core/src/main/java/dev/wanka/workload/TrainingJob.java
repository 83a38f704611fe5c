package dev.wanka.workload;

import dev.wanka.topology.Tier;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A training gang: all of its devices start together or none do.
 *
 * @param devices the gang size the job is written for
 * @param devicesPerNode how many devices it takes on each node it uses; empty for "any" (the
 *     scheduler may split it over nodes as it likes)
 * @param accelerators the types it accepts, most preferred first; it runs on one type at a time
 * @param topology how close together its devices must or should be; empty for no constraint
 * @param elastic the sizes it may run at, {@code min <= max <= devices}; rigid ({@code min == max
 *     == devices}) unless it is elastic
 * @param estimatedSeconds the user's estimate of its run time at full size (for shortest-job-first
 *     and backfill)
 * @param checkpointSeconds how often it checkpoints (for choosing preemption victims that lose
 *     least work)
 * @param tensorParallel devices per tensor-parallel group, kept inside one scale-up domain
 */
public record TrainingJob(
    WorkloadMeta meta,
    int devices,
    OptionalInt devicesPerNode,
    List<AcceleratorChoice> accelerators,
    Optional<TopologyConstraint> topology,
    ElasticRange elastic,
    OptionalLong estimatedSeconds,
    OptionalLong checkpointSeconds,
    OptionalInt tensorParallel)
    implements Workload {
  /** The most devices one gang may ask for (the largest cluster a spec may describe). */
  public static final int MAX_DEVICES = 4_000_000;

  /** The most devices a node may hold (as in the cluster spec). */
  public static final int MAX_DEVICES_PER_NODE = 128;

  /** Ten years: an estimate or interval beyond that is a mistake. */
  public static final long MAX_SECONDS = 10L * 365 * 24 * 3600;

  public TrainingJob {
    Checks.present("meta", meta);
    Checks.range("devices", devices, 1, MAX_DEVICES);
    Checks.present("devicesPerNode", devicesPerNode);
    accelerators = Accelerators.check(Checks.present("accelerators", accelerators));
    Checks.present("topology", topology);
    Checks.present("elastic", elastic);
    Checks.present("estimatedSeconds", estimatedSeconds);
    Checks.present("checkpointSeconds", checkpointSeconds);
    Checks.present("tensorParallel", tensorParallel);
    if (elastic.max() > devices) {
      throw new IllegalArgumentException(
          "elastic.max: "
              + elastic.max()
              + " is not allowed: must be at most devices ("
              + devices
              + ")");
    }
    if (devicesPerNode.isPresent()) {
      int perNode = devicesPerNode.getAsInt();
      Checks.range("devicesPerNode", perNode, 1, MAX_DEVICES_PER_NODE);
      divides("devicesPerNode", perNode, devices, elastic);
    }
    if (tensorParallel.isPresent()) {
      int tp = tensorParallel.getAsInt();
      Checks.range("tensorParallel", tp, 1, devices);
      divides("tensorParallel", tp, devices, elastic);
      if (devicesPerNode.isPresent()) {
        int perNode = devicesPerNode.getAsInt();
        if (perNode % tp != 0 && tp % perNode != 0) {
          throw new IllegalArgumentException(
              "tensorParallel: "
                  + tp
                  + " is not allowed with devicesPerNode "
                  + perNode
                  + ": one must divide the other, so that groups do not straddle nodes unevenly");
        }
      }
    }
    if (topology.isPresent()
        && topology.get().isRequired()
        && topology.get().scope() == Tier.NODE) {
      int limit = devicesPerNode.orElse(MAX_DEVICES_PER_NODE);
      if (elastic.max() > limit) {
        throw new IllegalArgumentException(
            "topology: node (required) is not allowed for "
                + elastic.max()
                + " devices: one node holds at most "
                + limit);
      }
    }
    estimatedSeconds.ifPresent(s -> Checks.range("estimatedSeconds", s, 1, MAX_SECONDS));
    checkpointSeconds.ifPresent(s -> Checks.range("checkpointSeconds", s, 1, MAX_SECONDS));
  }

  /** A rigid gang of {@code devices} on any accepted type, with no other constraint. */
  public static TrainingJob rigid(
      WorkloadMeta meta, int devices, List<AcceleratorChoice> accelerators) {
    return new TrainingJob(
        meta,
        devices,
        OptionalInt.empty(),
        accelerators,
        Optional.empty(),
        ElasticRange.rigid(devices),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalInt.empty());
  }

  private static void divides(String field, int divisor, int devices, ElasticRange elastic) {
    for (int n : new int[] {devices, elastic.min(), elastic.max()}) {
      if (n % divisor != 0) {
        throw new IllegalArgumentException(
            field
                + ": "
                + divisor
                + " is not allowed: it must divide devices ("
                + devices
                + ") and elastic min and max ("
                + elastic.min()
                + ", "
                + elastic.max()
                + "), but not "
                + n);
      }
    }
  }

  @Override
  public WorkloadKind kind() {
    return WorkloadKind.TRAINING;
  }

  public boolean isElastic() {
    return !elastic.isRigid();
  }

  /** Each accepted type, from {@code elastic.min} to {@code elastic.max} whole devices. */
  @Override
  public ResourceRequest request() {
    return new ResourceRequest(
        Accelerators.alternatives(
            accelerators, elastic.min() * DeviceAmount.MILLI, elastic.max() * DeviceAmount.MILLI),
        0,
        0);
  }
}
