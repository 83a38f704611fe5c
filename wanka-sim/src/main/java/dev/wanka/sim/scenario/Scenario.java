package dev.wanka.sim.scenario;

import dev.wanka.sim.accounting.CostSettings;
import dev.wanka.sim.accounting.EnergySettings;
import java.util.List;
import java.util.Optional;

/**
 * A twin experiment as written in a scenario file (docs/simulate.md): the cluster, the scheduler
 * configuration, where the jobs come from (a trace or a generator) and how to map them, the queue
 * orders to compare, how many seeds each, the horizon, how often nodes fail (the Llama 3
 * calibration times {@code failureScale}; 0 for none), how devices draw power, and prices. Paths
 * are as written, relative to the scenario file.
 */
public record Scenario(
    String name,
    String clusterPath,
    Optional<String> schedulerPath,
    WorkloadSource source,
    Optional<String> accelerator,
    Optional<String> queue,
    double loadScale,
    boolean exactEstimates,
    List<String> policies,
    int seeds,
    long horizonSeconds,
    double failureScale,
    EnergySettings energy,
    Optional<CostSettings> cost) {
  public Scenario {
    policies = List.copyOf(policies);
  }
}
