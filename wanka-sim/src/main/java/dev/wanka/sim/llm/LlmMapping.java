package dev.wanka.sim.llm;

import dev.wanka.perf.InvalidSetupException;
import dev.wanka.perf.TrainingEstimate;
import dev.wanka.sim.twin.LlmTraining;
import dev.wanka.sim.twin.RunTimeModel;
import dev.wanka.sim.twin.SimJob;
import dev.wanka.spec.Paths;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.QueueName;
import dev.wanka.workload.Tenant;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.WorkloadId;
import dev.wanka.workload.WorkloadMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * How a scenario's LLM jobs become twin jobs: each a rigid training gang of its devices, its
 * tensor-parallel groups kept inside one scale-up domain, accepting the scenario's types with the
 * performance model's tokens per second on each as its relative throughput (so the scheduler's
 * heterogeneity score sees what the run-time model will do). Every job is checked on every type it
 * accepts: the performance model must be able to time it there, and it must fit in memory.
 *
 * @param types the types jobs accept, most preferred first
 * @param loadScale submit times are divided by it (2 = twice the arrival rate)
 * @param exactEstimates whether each job's run-time estimate (for shortest-job-first and backfill)
 *     is its run time on its first type
 */
public record LlmMapping(
    List<String> types,
    String queue,
    String tenant,
    PriorityClass priority,
    double loadScale,
    boolean exactEstimates) {
  public LlmMapping {
    types = List.copyOf(types);
    if (!(loadScale > 0) || Double.isInfinite(loadScale)) {
      throw new IllegalArgumentException(
          "loadScale: " + loadScale + " is not allowed: must be a number above 0");
    }
  }

  /**
   * @throws IllegalArgumentException naming {@code workload.llm[i]} and the type when a job cannot
   *     run on a type it accepts
   */
  public List<SimJob> map(List<LlmJob> jobs, Cluster cluster, RunTimeModel runTime) {
    List<SimJob> mapped = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      LlmJob job = jobs.get(i);
      String path = Paths.item("workload.llm", i);
      LlmTraining training = new LlmTraining(job.setup(), job.tokens());
      double[] tokensPerSecond = new double[types.size()];
      for (int t = 0; t < types.size(); t++) {
        tokensPerSecond[t] = check(path, job, training, cluster, runTime, types.get(t));
      }
      List<AcceleratorChoice> choices = new ArrayList<>();
      for (int t = 0; t < types.size(); t++) {
        choices.add(
            types.size() == 1
                ? AcceleratorChoice.of(types.get(t))
                : AcceleratorChoice.of(types.get(t), tokensPerSecond[t] / tokensPerSecond[0]));
      }
      long seconds = Math.max(1, (long) Math.ceil(job.tokens() / tokensPerSecond[0]));
      WorkloadMeta meta =
          new WorkloadMeta(
              WorkloadId.of(i + 1L),
              "llm-" + job.model().id(),
              Tenant.of(tenant),
              QueueName.of(queue),
              priority,
              (long) Math.floor(job.submitSeconds() / loadScale));
      TrainingJob workload =
          new TrainingJob(
              meta,
              job.devices(),
              OptionalInt.empty(),
              choices,
              Optional.empty(),
              ElasticRange.rigid(job.devices()),
              exactEstimates ? OptionalLong.of(seconds) : OptionalLong.empty(),
              job.checkpointSeconds(),
              job.tp() > 1 ? OptionalInt.of(job.tp()) : OptionalInt.empty());
      mapped.add(new SimJob(workload, seconds, Optional.of(training)));
    }
    return mapped;
  }

  /** The job's tokens per second on its devices of a type; throws if it cannot run there. */
  private static double check(
      String path,
      LlmJob job,
      LlmTraining training,
      Cluster cluster,
      RunTimeModel runTime,
      String type) {
    int pool = firstPool(cluster, type);
    PoolSpec spec = cluster.pools().get(pool);
    int domain = spec.devicesPerNode() * spec.domainNodes();
    if (job.tp() > domain) {
      throw new IllegalArgumentException(
          Paths.child(path, "tp")
              + ": "
              + job.tp()
              + " is more than the "
              + domain
              + " devices of one scale-up domain of "
              + type
              + " (pool "
              + spec.name()
              + "); a tensor-parallel group stays inside one");
    }
    TrainingEstimate estimate;
    try {
      estimate = runTime.estimate(training, pool);
    } catch (InvalidSetupException e) {
      throw new IllegalArgumentException(
          e.problems().stream()
              .map(p -> Paths.child(path, p.field()) + ": " + p.message() + " (on " + type + ")")
              .collect(Collectors.joining("; ")));
    }
    if (!estimate.memory().fits()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s: %s at tp %d pp %d, micro-batch %d, %s recompute needs %.1f GB per device on %s,"
                  + " more than its %.1f GB usable; raise tp or pp, or use recompute: full",
              path,
              job.model().id(),
              job.tp(),
              job.pp(),
              job.microBatch(),
              job.recompute().keyword(),
              estimate.memory().totalBytes() / 1e9,
              type,
              estimate.memory().capacityBytes() / 1e9));
    }
    return estimate.tokensPerSecond();
  }

  private static int firstPool(Cluster cluster, String type) {
    for (int pool = 0; pool < cluster.pools().size(); pool++) {
      if (cluster.pools().get(pool).accelerator().id().equals(type)) {
        return pool;
      }
    }
    throw new IllegalArgumentException(type + " is not a type of cluster " + cluster.name());
  }
}
