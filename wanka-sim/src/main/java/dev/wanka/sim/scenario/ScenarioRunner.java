package dev.wanka.sim.scenario;

import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sim.failure.FailureModel;
import dev.wanka.sim.trace.Trace;
import dev.wanka.sim.trace.TraceMapping;
import dev.wanka.sim.twin.Twin;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Runs a scenario: for each queue order and seed, in that order, takes the seed's jobs (the same
 * trace for every seed, or a synthetic workload generated from the seed), maps them onto the
 * cluster and queue and runs the twin, reporting each run as it starts, goes and ends.
 */
public final class ScenarioRunner {
  /** The queue jobs go to when the scenario names none. */
  public static final String DEFAULT_QUEUE = "default";

  private ScenarioRunner() {}

  /**
   * The configuration when a scenario names none: one queue that may use every device, and one
   * preemptible priority class.
   */
  public static SchedulerConfig openConfig(Cluster cluster, String queue) {
    QueueTree.Builder tree =
        QueueTree.builder().queue(queue, queue, BorrowingPolicy.BORROW_AND_LEND);
    TreeMap<String, Long> devices = new TreeMap<>();
    for (PoolSpec pool : cluster.pools()) {
      devices.merge(pool.accelerator().id(), (long) pool.devices(), Long::sum);
    }
    devices.forEach((type, count) -> tree.quota(queue, type, count, count));
    return new SchedulerConfig(
        new PriorityClasses(List.of(PriorityClass.preemptible("normal", 0, 0)), "normal"),
        tree.build());
  }

  /**
   * @param progress told of each run as it starts, goes and ends
   * @throws IllegalArgumentException naming the field when the workload's accelerator or queue is
   *     not in the cluster or configuration
   */
  public static ScenarioResult run(
      Scenario scenario,
      Cluster cluster,
      SchedulerConfig config,
      LongFunction<Trace> traceForSeed,
      ScenarioProgress progress) {
    List<String> types =
        cluster.pools().stream().map(p -> p.accelerator().id()).distinct().toList();
    String accelerator = scenario.accelerator().orElse(types.get(0));
    if (!types.contains(accelerator)) {
      throw new IllegalArgumentException(
          "workload.accelerator: '"
              + accelerator
              + "' is not a type of cluster "
              + cluster.name()
              + "; allowed: "
              + String.join(", ", types));
    }
    String queue = scenario.queue().orElse(DEFAULT_QUEUE);
    QueueTree tree = config.queues();
    if (!tree.contains(queue) || !tree.isLeaf(tree.indexOf(queue))) {
      throw new IllegalArgumentException(
          "workload.queue: '" + queue + "' is not a leaf queue of the scheduler configuration");
    }
    TraceMapping mapping =
        new TraceMapping(
            accelerator,
            queue,
            tree.queue(queue).tenant(),
            config.priorityClasses().defaults(),
            scenario.loadScale(),
            scenario.exactEstimates());
    TraceMapping.Mapped first = null;
    List<ScenarioResult.PolicyRun> runs = new ArrayList<>();
    int total = scenario.policies().size() * scenario.seeds();
    for (String policy : scenario.policies()) {
      for (long seed = 1; seed <= scenario.seeds(); seed++) {
        TraceMapping.Mapped mapped = mapping.map(traceForSeed.apply(seed));
        if (first == null) {
          first = mapped;
        }
        progress.runStarting(policy, seed, runs.size(), total, mapped.jobs().size());
        SchedulerPolicy schedulerPolicy =
            SchedulerPolicy.defaults().withQueueOrder(QueueOrders.byName(policy).orElseThrow());
        Twin twin =
            new Twin(
                cluster,
                config,
                schedulerPolicy,
                seed,
                mapped.jobs(),
                FailureModel.llama3(scenario.failureScale()));
        twin.reportingProgress(ScenarioProgress.EVERY_CYCLES, progress::inRun);
        ScenarioResult.PolicyRun run =
            new ScenarioResult.PolicyRun(policy, seed, twin.run(scenario.horizonSeconds()));
        runs.add(run);
        progress.runEnded(run);
      }
    }
    return new ScenarioResult(
        scenario.name(), first.jobs().size(), first.cpuOnly(), first.neverRan(), runs);
  }
}
