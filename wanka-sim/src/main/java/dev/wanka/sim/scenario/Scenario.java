package dev.wanka.sim.scenario;

import dev.wanka.sim.accounting.CostSettings;
import dev.wanka.sim.accounting.EnergySettings;
import dev.wanka.sim.failure.Recovery;
import java.util.List;
import java.util.Optional;

/**
 * A twin experiment as written in a scenario file (docs/simulate.md): the cluster, the scheduler
 * configuration, where the jobs come from (a trace, a generator or a list of LLM jobs) and how to
 * map them (the types they accept, the first the reference for trace durations; empty for the first
 * pool's type), the queue orders to compare, how many seeds each, the horizon, the run-time model,
 * how often parts fail (the Llama 3 calibration times {@code failureScale}; 0 for none) and how
 * failures are recovered from, how devices draw power, and prices. Paths are as written, relative
 * to the scenario file.
 */
public record Scenario(
    String name,
    String clusterPath,
    Optional<String> schedulerPath,
    WorkloadSource source,
    List<String> accelerators,
    Optional<String> queue,
    double loadScale,
    boolean exactEstimates,
    List<String> policies,
    int seeds,
    long horizonSeconds,
    RunTimeSettings runTime,
    double failureScale,
    Recovery recovery,
    EnergySettings energy,
    Optional<CostSettings> cost) {
  public Scenario {
    accelerators = List.copyOf(accelerators);
    policies = List.copyOf(policies);
  }

  /** The same scenario run under other queue orders and seeds. */
  public Scenario withRuns(List<String> policies, int seeds) {
    return new Scenario(
        name,
        clusterPath,
        schedulerPath,
        source,
        accelerators,
        queue,
        loadScale,
        exactEstimates,
        policies,
        seeds,
        horizonSeconds,
        runTime,
        failureScale,
        recovery,
        energy,
        cost);
  }
}
