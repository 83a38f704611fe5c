package dev.wanka.sim.scenario;

/** Where a scenario's jobs come from: a trace file, or a synthetic generator. */
public sealed interface WorkloadSource permits WorkloadSource.TraceFile, WorkloadSource.Synthetic {

  /** A trace file in one of the {@link TraceFormat}s, its path relative to the scenario. */
  record TraceFile(TraceFormat format, String path) implements WorkloadSource {}

  /**
   * Jobs generated for each seed, fitted to a bundled cluster's statistics ({@link
   * dev.wanka.sim.synthetic.ClusterStatistics}).
   */
  record Synthetic(String basis, int jobs, double arrivalsPerHour) implements WorkloadSource {}
}
