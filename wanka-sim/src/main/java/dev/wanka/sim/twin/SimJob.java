package dev.wanka.sim.twin;

import dev.wanka.workload.InferenceService;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.Workload;
import java.util.Optional;

/**
 * One job of a twin run: what is submitted (its submit time is the workload's), and its work. A
 * trace job's work is its run time at full size on the run-time model's reference type, in seconds
 * of virtual time; an LLM job's is its {@link LlmTraining} (tokens on a configuration), and {@code
 * durationSeconds} its run time as mapped (at full size on its first type, packed), for estimates.
 * Services, which run until stopped, are not jobs.
 */
public record SimJob(Workload workload, long durationSeconds, Optional<LlmTraining> training) {
  public SimJob {
    if (workload == null) {
      throw new IllegalArgumentException("workload: required");
    }
    if (workload instanceof InferenceService) {
      throw new IllegalArgumentException(
          "workload "
              + workload.id()
              + ": an inference service runs until stopped; a twin job is training, a task or a"
              + " CPU task");
    }
    if (durationSeconds < 1) {
      throw new IllegalArgumentException(
          "durationSeconds of "
              + workload.id()
              + ": "
              + durationSeconds
              + " is not allowed: must be >= 1");
    }
    if (training == null) {
      throw new IllegalArgumentException("training of " + workload.id() + ": required (or empty)");
    }
    if (training.isPresent()
        && !(workload instanceof TrainingJob job
            && !job.isElastic()
            && job.devices() == training.get().devices())) {
      throw new IllegalArgumentException(
          "workload "
              + workload.id()
              + ": an LLM job is a rigid training job of the "
              + training.get().devices()
              + " devices its parallelism uses");
    }
  }

  /** A job that runs {@code durationSeconds} at full size on the reference type. */
  public SimJob(Workload workload, long durationSeconds) {
    this(workload, durationSeconds, Optional.empty());
  }

  public long submitSeconds() {
    return workload.submitSeconds();
  }
}
