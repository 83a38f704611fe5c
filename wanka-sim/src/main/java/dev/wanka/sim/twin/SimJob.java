package dev.wanka.sim.twin;

import dev.wanka.workload.InferenceService;
import dev.wanka.workload.Workload;

/**
 * One job of a twin run: what is submitted (its submit time is the workload's), and how long it
 * runs once started at full size, in seconds of virtual time. Services, which run until stopped,
 * are not jobs.
 */
public record SimJob(Workload workload, long durationSeconds) {
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
  }

  public long submitSeconds() {
    return workload.submitSeconds();
  }
}
