package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.perf.DeviceAllocation;
import dev.wanka.perf.InvalidSetupException;
import dev.wanka.perf.SetupProblem;
import dev.wanka.topology.Cluster;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the estimate commands place their devices: a cluster spec's pool, or a standard cluster.
 */
final class Allocations {
  private Allocations() {}

  /**
   * Runs {@code estimator} on {@code devices} devices of the first pool of {@code chip} in {@code
   * cluster}, or in the standard cluster when {@code cluster} is null. When the pool has no room
   * for them, the estimator still runs on a standard allocation so that every other problem of the
   * configuration is reported too.
   */
  static <E> E estimate(
      Cluster cluster, Accelerator chip, int devices, Function<DeviceAllocation, E> estimator) {
    if (cluster == null) {
      return estimator.apply(DeviceAllocation.standalone(chip, devices));
    }
    DeviceAllocation allocation;
    try {
      allocation = DeviceAllocation.inCluster(cluster, chip, devices);
    } catch (InvalidSetupException allocationFailed) {
      Set<SetupProblem> all = new LinkedHashSet<>(allocationFailed.problems());
      try {
        estimator.apply(DeviceAllocation.standalone(chip, devices));
      } catch (InvalidSetupException more) {
        all.addAll(more.problems());
      }
      throw new InvalidSetupException(List.copyOf(all));
    }
    return estimator.apply(allocation);
  }
}
