package dev.wanka.sim.scenario;

import dev.wanka.perf.Calibrations;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sim.accounting.PowerModel;
import dev.wanka.sim.failure.FailureModel;
import dev.wanka.sim.llm.LlmMapping;
import dev.wanka.sim.trace.TimeWindow;
import dev.wanka.sim.trace.Trace;
import dev.wanka.sim.trace.TraceMapping;
import dev.wanka.sim.twin.RunTimeModel;
import dev.wanka.sim.twin.Twin;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Runs a scenario: for each queue order and seed, in that order, takes the seed's jobs (the same
 * trace or LLM jobs for every seed, or a synthetic workload generated from the seed), maps them
 * onto the cluster's types and the queue and runs the twin with the scenario's run-time model,
 * failures and recovery, reporting each run as it starts, goes and ends.
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
   * @param traceForSeed the jobs of a trace or synthetic source for each seed; not asked for a
   *     scenario that lists LLM jobs
   * @param progress told of each run as it starts, goes and ends
   * @throws IllegalArgumentException naming the field when the workload's types or queue are not in
   *     the cluster or configuration, a speed names a type the jobs do not accept, an LLM job
   *     cannot run on a type it accepts, an energy or cost setting names a type the cluster lacks,
   *     or a pool has no room for the spares
   */
  public static ScenarioResult run(
      Scenario scenario,
      Cluster cluster,
      SchedulerConfig config,
      LongFunction<Trace> traceForSeed,
      ScenarioProgress progress) {
    List<String> types =
        scenario.accelerators().isEmpty()
            ? List.of(RunTimeModel.typesOf(cluster).get(0))
            : scenario.accelerators();
    for (String type : scenario.runTime().speeds().keySet()) {
      if (!types.contains(type)) {
        throw new IllegalArgumentException(
            "runTime.speeds."
                + type
                + ": not a type the jobs accept; allowed: "
                + String.join(", ", types)
                + " (workload.accelerators)");
      }
    }
    RunTimeModel runTime =
        RunTimeModel.of(
            cluster,
            types,
            scenario.runTime().speeds(),
            scenario.runTime().tierSlowdown(),
            Calibrations.bundled());
    String queue = scenario.queue().orElse(DEFAULT_QUEUE);
    QueueTree tree = config.queues();
    if (!tree.contains(queue) || !tree.isLeaf(tree.indexOf(queue))) {
      throw new IllegalArgumentException(
          "workload.queue: '" + queue + "' is not a leaf queue of the scheduler configuration");
    }
    String tenant = tree.queue(queue).tenant();
    PriorityClass priority = config.priorityClasses().defaults();
    TimeWindow window =
        scenario.source() instanceof WorkloadSource.TraceFile
            ? ((WorkloadSource.TraceFile) scenario.source()).window()
            : TimeWindow.ALL;
    int outsideWindow = 0;
    LongFunction<TraceMapping.Mapped> jobsForSeed;
    if (scenario.source() instanceof WorkloadSource.LlmJobs llm) {
      TraceMapping.Mapped listed =
          new TraceMapping.Mapped(
              new LlmMapping(
                      types,
                      queue,
                      tenant,
                      priority,
                      scenario.loadScale(),
                      scenario.exactEstimates())
                  .map(llm.jobs(), cluster, runTime),
              0,
              0);
      jobsForSeed = seed -> listed;
    } else {
      List<AcceleratorChoice> choices = new ArrayList<>();
      for (String type : types) {
        choices.add(
            types.size() == 1
                ? AcceleratorChoice.of(type)
                : AcceleratorChoice.of(type, runTime.relativeSpeed(type)));
      }
      TraceMapping mapping =
          new TraceMapping(
              choices, queue, tenant, priority, scenario.loadScale(), scenario.exactEstimates());
      jobsForSeed = seed -> mapping.map(window.apply(traceForSeed.apply(seed)));
      outsideWindow = window.isAll() ? 0 : window.outside(traceForSeed.apply(1));
    }
    FailureModel failures = FailureModel.llama3(scenario.failureScale());
    PowerModel power = PowerModel.of(scenario.energy(), scenario.cost(), cluster);
    TraceMapping.Mapped first = null;
    List<ScenarioResult.PolicyRun> runs = new ArrayList<>();
    int total = scenario.policies().size() * scenario.seeds();
    for (String policy : scenario.policies()) {
      for (long seed = 1; seed <= scenario.seeds(); seed++) {
        TraceMapping.Mapped mapped = jobsForSeed.apply(seed);
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
                runTime,
                failures,
                scenario.recovery());
        twin.reportingProgress(ScenarioProgress.EVERY_CYCLES, progress::inRun);
        ScenarioResult.PolicyRun run =
            ScenarioResult.PolicyRun.of(policy, seed, twin.run(scenario.horizonSeconds()), power);
        runs.add(run);
        progress.runEnded(run);
      }
    }
    return new ScenarioResult(
        scenario.name(),
        first.jobs().size(),
        first.cpuOnly(),
        first.neverRan(),
        outsideWindow,
        runs,
        power);
  }
}
