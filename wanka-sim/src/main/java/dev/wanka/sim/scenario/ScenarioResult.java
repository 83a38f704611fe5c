package dev.wanka.sim.scenario;

import dev.wanka.sim.twin.RunSummary;
import dev.wanka.sim.twin.TwinResult;
import java.util.List;

/**
 * The runs of a scenario: one per queue order and seed, and what the trace held that was not
 * simulated (CPU-only jobs, jobs that never ran).
 */
public record ScenarioResult(
    String scenario, int jobs, int cpuOnlyJobs, int neverRanJobs, List<PolicyRun> runs) {
  public ScenarioResult {
    runs = List.copyOf(runs);
  }

  /** One twin run of the scenario. */
  public record PolicyRun(String policy, long seed, TwinResult result) {
    public RunSummary summary() {
      return RunSummary.of(result);
    }
  }
}
