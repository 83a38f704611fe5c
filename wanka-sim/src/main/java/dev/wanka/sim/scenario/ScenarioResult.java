package dev.wanka.sim.scenario;

import dev.wanka.catalog.Accelerator;
import dev.wanka.sim.accounting.DeviceTime;
import dev.wanka.sim.accounting.PowerModel;
import dev.wanka.sim.twin.RunSummary;
import dev.wanka.sim.twin.TwinResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of a scenario: one per queue order and seed, what the trace held that was not simulated
 * (CPU-only jobs, jobs that never ran, jobs submitted outside the scenario's time window), and the
 * power model the runs' energy and cost came from.
 */
public record ScenarioResult(
    String scenario,
    int jobs,
    int cpuOnlyJobs,
    int neverRanJobs,
    int outsideWindowJobs,
    List<PolicyRun> runs,
    PowerModel power) {
  public ScenarioResult {
    runs = List.copyOf(runs);
  }

  /**
   * The trace's jobs that were not simulated, for people: "3 CPU-only jobs and 250 jobs submitted
   * outside the time window", naming only the kinds there are; empty when all were simulated.
   */
  public String notSimulated() {
    List<String> parts = new ArrayList<>();
    if (cpuOnlyJobs > 0) {
      parts.add(String.format(java.util.Locale.ROOT, "%,d CPU-only jobs", cpuOnlyJobs));
    }
    if (neverRanJobs > 0) {
      parts.add(String.format(java.util.Locale.ROOT, "%,d jobs that never ran", neverRanJobs));
    }
    if (outsideWindowJobs > 0) {
      parts.add(
          String.format(
              java.util.Locale.ROOT,
              "%,d jobs submitted outside the time window",
              outsideWindowJobs));
    }
    if (parts.size() > 1) {
      return String.join(", ", parts.subList(0, parts.size() - 1))
          + " and "
          + parts.get(parts.size() - 1);
    }
    return parts.isEmpty() ? "" : parts.get(0);
  }

  /** The cluster's accelerator types, in pool order (none when nothing ran). */
  public List<Accelerator> acceleratorTypes() {
    List<Accelerator> types = new ArrayList<>();
    if (!runs.isEmpty()) {
      for (DeviceTime.Pool pool : runs.get(0).result().deviceTime().pools()) {
        if (!types.contains(pool.accelerator())) {
          types.add(pool.accelerator());
        }
      }
    }
    return types;
  }

  /** One twin run of the scenario, and its summary. */
  public record PolicyRun(String policy, long seed, TwinResult result, RunSummary summary) {
    /** The run summarized with {@code power}. */
    public static PolicyRun of(String policy, long seed, TwinResult result, PowerModel power) {
      return new PolicyRun(policy, seed, result, RunSummary.of(result, power));
    }
  }
}
