package dev.wanka.sched.bench;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Random single-node work keeping a scheduler busy, and the scheduler's clock (one second per
 * cycle). Not part of any timed region.
 */
final class Background {
  /** Top-up rounds before giving up on reaching the target. */
  private static final int MAX_ROUNDS = 64;

  private final Scheduler scheduler;
  private final WorkloadMix mix;
  private final String queue;
  private final List<WorkloadId> running = new ArrayList<>();
  private long now;

  Background(Scheduler scheduler, WorkloadMix mix, String queue) {
    this.scheduler = scheduler;
    this.mix = mix;
    this.queue = queue;
  }

  long now() {
    return now;
  }

  /** The time of the next cycle: one second after the last. */
  long advance() {
    return ++now;
  }

  /** Devices the background queue holds. */
  long used() {
    return scheduler.quota().used(queue, BenchCluster.ACCELERATOR);
  }

  /**
   * Submits single-node work and runs cycles until the queue holds exactly {@code target} devices;
   * work that does not start in its cycle is withdrawn.
   *
   * @throws IllegalStateException if the target cannot be reached (the cluster is too full)
   */
  void fillTo(long target) {
    for (int round = 0; used() < target; round++) {
      if (round == MAX_ROUNDS) {
        throw new IllegalStateException(
            "could not make " + target + " devices busy; reached " + used());
      }
      long missing = target - used();
      List<WorkloadId> submitted = new ArrayList<>();
      for (long planned = 0; planned < missing; ) {
        int size = (int) Math.min(mix.singleNodeSize(), Long.highestOneBit(missing - planned));
        Workload workload = mix.singleNode(queue, now, size);
        scheduler.submit(workload);
        submitted.add(workload.id());
        planned += size;
      }
      CycleResult result = scheduler.cycle(advance());
      Set<WorkloadId> started = new HashSet<>();
      for (Allocation allocation : result.started()) {
        started.add(allocation.id().workload());
      }
      for (WorkloadId id : submitted) {
        if (started.contains(id)) {
          running.add(id);
        } else {
          scheduler.finish(id, now);
        }
      }
    }
  }

  /** Ends a random {@code fraction} of the background work that runs. */
  void churn(double fraction) {
    int count = (int) Math.round(running.size() * fraction);
    for (int i = 0; i < count; i++) {
      int at = mix.nextInt(running.size());
      WorkloadId id = running.get(at);
      running.set(at, running.get(running.size() - 1));
      running.remove(running.size() - 1);
      scheduler.finish(id, now);
    }
  }
}
