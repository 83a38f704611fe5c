package dev.wanka.sim.scenario;

import dev.wanka.sim.llm.LlmJob;
import dev.wanka.sim.trace.TimeWindow;
import java.util.List;

/**
 * Where a scenario's jobs come from: a trace file, a synthetic generator, or a list of LLM jobs
 * timed by the performance model.
 */
public sealed interface WorkloadSource
    permits WorkloadSource.TraceFile, WorkloadSource.Synthetic, WorkloadSource.LlmJobs {

  /**
   * A trace file in one of the {@link TraceFormat}s, its path relative to the scenario, and the
   * part of it to replay.
   */
  record TraceFile(TraceFormat format, String path, TimeWindow window) implements WorkloadSource {
    /** The whole trace. */
    public TraceFile(TraceFormat format, String path) {
      this(format, path, TimeWindow.ALL);
    }
  }

  /**
   * Jobs generated for each seed, fitted to a bundled cluster's statistics ({@link
   * dev.wanka.sim.synthetic.ClusterStatistics}).
   */
  record Synthetic(String basis, int jobs, double arrivalsPerHour) implements WorkloadSource {}

  /** LLM pre-training jobs listed in the scenario, the same for every seed. */
  record LlmJobs(List<LlmJob> jobs) implements WorkloadSource {
    public LlmJobs {
      jobs = List.copyOf(jobs);
    }
  }
}
