package dev.wanka.sched.bench;

import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.topology.Cluster;

/**
 * Placements per second of single-node work. Setup (not timed): a scheduler with the default policy
 * and one queue whose quota is twice the cluster, the cluster made {@code busyFraction} busy by
 * random single-node work; then {@link #submitPending} submits {@code pending} single-node jobs
 * (1/2/4/8 devices, {@link WorkloadMix#singleNode}). The measured call, {@link #placeAll}, runs
 * {@link Scheduler#cycle} until a cycle starts nothing or nothing is pending.
 */
public final class SingleNodeScenario {
  public static final String QUEUE = "default";

  private final Cluster cluster;
  private final Scheduler scheduler;
  private final WorkloadMix mix;
  private final Background background;
  private final int pending;
  private int cycles;

  public SingleNodeScenario(Cluster cluster, int pending, long seed, double busyFraction) {
    if (pending < 1) {
      throw new IllegalArgumentException("pending: '" + pending + "' is not allowed: must be >= 1");
    }
    if (!(busyFraction >= 0 && busyFraction < 1)) {
      throw new IllegalArgumentException(
          "busyFraction: '" + busyFraction + "' is not allowed: must be from 0 to below 1");
    }
    this.cluster = cluster;
    this.pending = pending;
    long quota = 2L * cluster.deviceCount();
    QueueTree queues =
        QueueTree.builder()
            .queue(QUEUE, QUEUE, BorrowingPolicy.BORROW_AND_LEND)
            .quota(QUEUE, BenchCluster.ACCELERATOR, quota, quota)
            .build();
    this.scheduler =
        new Scheduler(
            cluster, new SchedulerConfig(WorkloadMix.CLASSES, queues), SchedulerPolicy.defaults());
    this.mix = new WorkloadMix(seed);
    this.background = new Background(scheduler, mix, QUEUE);
    background.fillTo(Math.round(busyFraction * cluster.deviceCount()));
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** Devices in use now, as a fraction of the cluster. */
  public double busyFraction() {
    return 1.0 - (double) scheduler.devices().free().freeInPool(0) / cluster.deviceCount();
  }

  /** Submits the pending single-node jobs (not timed). */
  public void submitPending() {
    for (int i = 0; i < pending; i++) {
      scheduler.submit(mix.singleNode(QUEUE, background.now()));
    }
  }

  /**
   * The measured work: cycles until one starts nothing or nothing is pending.
   *
   * @return the gangs started
   */
  public int placeAll() {
    int placed = 0;
    while (!scheduler.pending().isEmpty()) {
      CycleResult result = scheduler.cycle(background.advance());
      cycles++;
      placed += result.started().size();
      if (result.started().isEmpty()) {
        break;
      }
    }
    return placed;
  }

  /** Cycles {@link #placeAll} has run so far. */
  public int cycles() {
    return cycles;
  }

  /** Jobs still pending. */
  public int pendingCount() {
    return scheduler.pending().size();
  }
}
