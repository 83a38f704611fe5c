package dev.wanka.sched.bench;

import dev.wanka.topology.Tier;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.DeviceAmount;
import dev.wanka.workload.DeviceTask;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import dev.wanka.workload.QueueName;
import dev.wanka.workload.Tenant;
import dev.wanka.workload.TopologyConstraint;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import dev.wanka.workload.WorkloadMeta;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Seeded benchmark workloads on H100, with ids 1, 2, 3... in the order they are made; each
 * workload's tenant is its queue's name.
 *
 * <ul>
 *   <li>{@link #singleNode}: one node's worth or less — 1 device (40%, a {@link DeviceTask}), 2, 4
 *       or 8 devices (20% each, rigid {@link TrainingJob}s), 3.2 devices on average; estimated to
 *       run 10 minutes to a day.
 *   <li>{@link #mixed}: 90% single-node as above, 10% multi-node gangs of 2 to 64 whole nodes (16
 *       to 512 devices, sizes equally likely), a third of them required within one leaf when they
 *       fit there, a third preferring one spine group, a third unconstrained.
 *   <li>{@link #gang}: the large topology-aware gang of the latency measurement.
 * </ul>
 */
public final class WorkloadMix {
  /** Background work: preemptible, priority 0. */
  public static final PriorityClass BATCH = PriorityClass.preemptible("batch", 0, 60);

  /** The large gang: priority 100, so a cycle considers it first. */
  public static final PriorityClass TRAINING = PriorityClass.preemptible("training", 100, 300);

  public static final PriorityClasses CLASSES =
      new PriorityClasses(List.of(BATCH, TRAINING), BATCH.name());

  private static final List<AcceleratorChoice> H100 =
      List.of(AcceleratorChoice.of(BenchCluster.ACCELERATOR));
  private static final int[] GANG_NODES = {2, 4, 8, 16, 32, 64};

  private final SplittableRandom random;
  private long nextId;

  public WorkloadMix(long seed) {
    this(seed, 1);
  }

  /** A generator whose first workload gets id {@code firstId}. */
  public WorkloadMix(long seed, long firstId) {
    this.random = new SplittableRandom(seed);
    this.nextId = firstId;
  }

  /** The id the next workload will get. */
  public long nextId() {
    return nextId;
  }

  /** A random size of single-node work: 1, 2, 4 or 8 devices, weighted 40/20/20/20. */
  public int singleNodeSize() {
    int draw = random.nextInt(10);
    return draw < 4 ? 1 : draw < 6 ? 2 : draw < 8 ? 4 : 8;
  }

  /** Single-node work of a random size. */
  public Workload singleNode(String queue, long submitSeconds) {
    return singleNode(queue, submitSeconds, singleNodeSize());
  }

  /** Single-node work of {@code devices} devices (1 to 8). */
  public Workload singleNode(String queue, long submitSeconds, int devices) {
    if (devices < 1 || devices > BenchCluster.DEVICES_PER_NODE) {
      throw new IllegalArgumentException(
          "devices: '" + devices + "' is not allowed: must be from 1 to 8 for single-node work");
    }
    WorkloadMeta meta = meta(queue, BATCH, submitSeconds);
    OptionalLong estimate = OptionalLong.of(600 + random.nextLong(86_400 - 600 + 1));
    if (devices == 1) {
      return new DeviceTask(meta, DeviceAmount.whole(1), H100, estimate);
    }
    return new TrainingJob(
        meta,
        devices,
        OptionalInt.empty(),
        H100,
        Optional.empty(),
        ElasticRange.rigid(devices),
        estimate,
        OptionalLong.empty(),
        OptionalInt.empty());
  }

  /** A job of the mixed pending queue: mostly single-node work, some multi-node gangs. */
  public Workload mixed(String queue, long submitSeconds) {
    if (random.nextInt(10) != 0) {
      return singleNode(queue, submitSeconds);
    }
    int devices = GANG_NODES[random.nextInt(GANG_NODES.length)] * BenchCluster.DEVICES_PER_NODE;
    Optional<TopologyConstraint> topology;
    int kind = random.nextInt(3);
    if (kind == 0 && devices <= BenchCluster.NODES_PER_LEAF * BenchCluster.DEVICES_PER_NODE) {
      topology = Optional.of(TopologyConstraint.required(Tier.LEAF));
    } else if (kind == 1) {
      topology = Optional.of(TopologyConstraint.preferred(Tier.SPINE));
    } else {
      topology = Optional.empty();
    }
    return new TrainingJob(
        meta(queue, BATCH, submitSeconds),
        devices,
        OptionalInt.of(BenchCluster.DEVICES_PER_NODE),
        H100,
        topology,
        ElasticRange.rigid(devices),
        OptionalLong.of(3_600 + random.nextLong(7 * 86_400L)),
        OptionalLong.of(1_800),
        OptionalInt.of(BenchCluster.DEVICES_PER_NODE));
  }

  /**
   * A rigid gang of whole nodes with tensor-parallel groups of 8 (one node each), checkpointing
   * every 30 minutes, estimated to run a week, in the {@link #TRAINING} class.
   */
  public TrainingJob gang(
      String queue, long submitSeconds, int devices, TopologyConstraint topology) {
    return new TrainingJob(
        meta(queue, TRAINING, submitSeconds),
        devices,
        OptionalInt.of(BenchCluster.DEVICES_PER_NODE),
        H100,
        Optional.of(topology),
        ElasticRange.rigid(devices),
        OptionalLong.of(7 * 86_400L),
        OptionalLong.of(1_800),
        OptionalInt.of(BenchCluster.DEVICES_PER_NODE));
  }

  /** A uniformly random int in [0, bound), from this generator's stream. */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  private WorkloadMeta meta(String queue, PriorityClass priority, long submitSeconds) {
    long id = nextId++;
    return new WorkloadMeta(
        WorkloadId.of(id),
        "job-" + id,
        Tenant.of(queue),
        QueueName.of(queue),
        priority,
        submitSeconds);
  }
}
