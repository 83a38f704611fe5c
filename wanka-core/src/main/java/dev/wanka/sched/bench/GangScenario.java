package dev.wanka.sched.bench;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.sched.cycle.PendingReason;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.Tier;
import dev.wanka.workload.TopologyConstraint;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.WorkloadId;

/**
 * The latency of one cycle that places a large topology-aware gang on a busy cluster with a long
 * pending queue.
 *
 * <p>Setup (not timed): a scheduler with the default policy and two queues. Queue {@code batch} has
 * a guarantee and maximum of exactly {@code busyFraction} of the cluster; random single-node work
 * fills it to that maximum, then three rounds of churn end a random 20% of that work and top it up
 * again, so the free devices are scattered the way a running cluster leaves them rather than all at
 * the end. Then {@code pending} jobs of the mixed queue ({@link WorkloadMix#mixed}) are submitted
 * to {@code batch}: its quota is full, so every cycle considers all of them (queue order, filters,
 * a reason for each, the preemption check) and none starts. Queue {@code train} holds the rest of
 * the cluster's guarantee.
 *
 * <p>Each repetition: {@link #submitGang} (not timed) submits a rigid gang of {@code gangDevices}
 * whole nodes to {@code train} at a higher priority; {@link #cycle} (the measured call) runs one
 * {@link Scheduler#cycle}, which places it; {@link #finishGang} (not timed) ends it, which gives
 * the cluster back as it was. The gang keeps tensor-parallel groups of 8 in one node and states its
 * topology: required within one spine group when it fits in one (2,048 devices on this fabric),
 * else a preference for one spine group, which leaves the whole pool allowed (a required scope is
 * at most a spine: {@link TopologyConstraint}). Placement then fills the fullest spine groups and
 * leaf groups first, so the gang spans as few of them as it can.
 */
public final class GangScenario {
  public static final String BATCH_QUEUE = "batch";
  public static final String TRAIN_QUEUE = "train";

  /** The gang size of the target. */
  public static final int TARGET_GANG_DEVICES = 8_192;

  /** Churn rounds in setup, and the share of the background work each one ends. */
  private static final int CHURN_ROUNDS = 3;

  private static final double CHURN_FRACTION = 0.2;

  private final Cluster cluster;
  private final Scheduler scheduler;
  private final WorkloadMix mix;
  private final Background background;
  private final int gangDevices;
  private final TopologyConstraint topology;
  private WorkloadId gang;

  public GangScenario(
      Cluster cluster, int pending, long seed, double busyFraction, int gangDevices) {
    if (pending < 0) {
      throw new IllegalArgumentException("pending: '" + pending + "' is not allowed: must be >= 0");
    }
    if (!(busyFraction > 0 && busyFraction < 1)) {
      throw new IllegalArgumentException(
          "busyFraction: '" + busyFraction + "' is not allowed: must be above 0 and below 1");
    }
    long busy = Math.round(busyFraction * cluster.deviceCount());
    long rest = cluster.deviceCount() - busy;
    if (gangDevices < BenchCluster.DEVICES_PER_NODE
        || gangDevices % BenchCluster.DEVICES_PER_NODE != 0
        || gangDevices > rest) {
      throw new IllegalArgumentException(
          "gangDevices: '"
              + gangDevices
              + "' is not allowed: must be whole nodes of 8, at most the "
              + rest
              + " devices left free");
    }
    this.cluster = cluster;
    this.gangDevices = gangDevices;
    this.topology = topologyFor(gangDevices);
    QueueTree queues =
        QueueTree.builder()
            .queue(BATCH_QUEUE, BATCH_QUEUE, BorrowingPolicy.BORROW_AND_LEND)
            .quota(BATCH_QUEUE, BenchCluster.ACCELERATOR, busy, busy)
            .queue(TRAIN_QUEUE, TRAIN_QUEUE, BorrowingPolicy.BORROW_AND_LEND)
            .quota(TRAIN_QUEUE, BenchCluster.ACCELERATOR, rest, rest)
            .build();
    this.scheduler =
        new Scheduler(
            cluster, new SchedulerConfig(WorkloadMix.CLASSES, queues), SchedulerPolicy.defaults());
    this.mix = new WorkloadMix(seed);
    this.background = new Background(scheduler, mix, BATCH_QUEUE);
    background.fillTo(busy);
    for (int round = 0; round < CHURN_ROUNDS; round++) {
      background.churn(CHURN_FRACTION);
      background.fillTo(busy);
    }
    for (int i = 0; i < pending; i++) {
      scheduler.submit(mix.mixed(BATCH_QUEUE, background.now()));
    }
    CycleResult first = scheduler.cycle(background.advance());
    if (!first.started().isEmpty() || scheduler.pending().size() != pending) {
      throw new IllegalStateException(
          "the pending queue should wait on its full quota; "
              + first.started().size()
              + " of it started");
    }
  }

  /** The gang size for a cluster: 8,192 devices, or a tenth of a smaller cluster (whole nodes). */
  public static int gangDevicesFor(int devices) {
    int tenth = devices / 10 / BenchCluster.DEVICES_PER_NODE * BenchCluster.DEVICES_PER_NODE;
    return Math.min(TARGET_GANG_DEVICES, Math.max(BenchCluster.DEVICES_PER_NODE, tenth));
  }

  /** Required within one spine group when the gang fits in one, else preferring one. */
  public static TopologyConstraint topologyFor(int gangDevices) {
    return gangDevices <= BenchCluster.SPINE_GROUP_DEVICES
        ? TopologyConstraint.required(Tier.SPINE)
        : TopologyConstraint.preferred(Tier.SPINE);
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public int gangDevices() {
    return gangDevices;
  }

  public TopologyConstraint topology() {
    return topology;
  }

  /** "spine" when the gang must lie within one spine group, "pool" when anywhere in the pool. */
  public String scope() {
    return topology.isRequired() ? topology.scope().keyword() : "pool";
  }

  /** Devices in use, as a fraction of the cluster (the gang not running). */
  public double busyFraction() {
    return 1.0 - (double) scheduler.devices().free().freeInPool(0) / cluster.deviceCount();
  }

  public int pendingCount() {
    return scheduler.pending().size();
  }

  /** Submits the next gang (not timed). */
  public void submitGang() {
    if (gang != null) {
      throw new IllegalStateException("gang " + gang + " is still submitted");
    }
    TrainingJob job = mix.gang(TRAIN_QUEUE, background.now(), gangDevices, topology);
    scheduler.submit(job);
    gang = job.id();
  }

  /** The measured call: one scheduling cycle. */
  public CycleResult cycle() {
    return scheduler.cycle(background.advance());
  }

  /**
   * Checks that the cycle started the gang and nothing else (not timed).
   *
   * @return the gang's allocation
   * @throws IllegalStateException with the gang's pending reason otherwise
   */
  public Allocation checkGangStarted(CycleResult result) {
    GangId id = GangId.of(gang);
    if (result.started().size() != 1 || !result.started().get(0).id().equals(id)) {
      PendingReason reason = result.reasonFor(id);
      throw new IllegalStateException(
          "the cycle should start gang "
              + id
              + " alone; it started "
              + result.started().size()
              + " gangs"
              + (reason == null ? "" : "; the gang waits: " + reason.message()));
    }
    return result.started().get(0);
  }

  /** Ends the gang, giving its devices back (not timed). */
  public void finishGang() {
    scheduler.finish(gang, background.now());
    gang = null;
  }
}
