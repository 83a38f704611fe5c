package dev.wanka.sim.trace;

import dev.wanka.sim.twin.SimJob;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How trace jobs become twin jobs: each accelerator job becomes a rigid training gang of its device
 * count accepting the given accelerator types, in one queue and priority class, with its trace
 * duration (a run time on the run-time model's reference type) and no checkpoints. CPU-only jobs
 * are not simulated: {@link Mapped#cpuOnly} counts them.
 *
 * @param accelerators the types jobs accept, most preferred first, with their relative speeds when
 *     there are several
 * @param loadScale submit times are divided by it (2 = twice the arrival rate)
 * @param exactEstimates whether each job's run-time estimate (for shortest-job-first and backfill)
 *     is its trace duration, as if users knew it; otherwise jobs have no estimate
 */
public record TraceMapping(
    List<AcceleratorChoice> accelerators,
    String queue,
    String tenant,
    PriorityClass priority,
    double loadScale,
    boolean exactEstimates) {
  public TraceMapping {
    accelerators = List.copyOf(accelerators);
    if (!(loadScale > 0) || Double.isInfinite(loadScale)) {
      throw new IllegalArgumentException(
          "loadScale: " + loadScale + " is not allowed: must be a number above 0");
    }
  }

  /** The twin jobs of a trace, and how many of its jobs were left out as CPU-only. */
  public record Mapped(List<SimJob> jobs, int cpuOnly, int neverRan) {
    public Mapped {
      jobs = List.copyOf(jobs);
    }
  }

  public Mapped map(Trace trace) {
    List<SimJob> jobs = new ArrayList<>();
    int cpuOnly = 0;
    long id = 1;
    Tenant jobTenant = Tenant.of(tenant);
    QueueName jobQueue = QueueName.of(queue);
    for (TraceJob job : trace.jobs()) {
      if (job.devices() == 0) {
        cpuOnly++;
        continue;
      }
      WorkloadMeta meta =
          new WorkloadMeta(
              WorkloadId.of(id++),
              "trace-job",
              jobTenant,
              jobQueue,
              priority,
              (long) Math.floor(job.submitSeconds() / loadScale));
      TrainingJob training =
          new TrainingJob(
              meta,
              job.devices(),
              OptionalInt.empty(),
              accelerators,
              Optional.empty(),
              ElasticRange.rigid(job.devices()),
              exactEstimates ? OptionalLong.of(job.durationSeconds()) : OptionalLong.empty(),
              OptionalLong.empty(),
              OptionalInt.empty());
      jobs.add(new SimJob(training, job.durationSeconds()));
    }
    return new Mapped(jobs, cpuOnly, trace.neverRan());
  }
}
