package dev.wanka.sim.accounting;

import dev.wanka.catalog.Accelerator;
import java.util.List;

/**
 * Where a twin run's device-seconds went, from time 0 to its end: per pool, the device-seconds that
 * were busy (shares in proportion) and the device-seconds DOWN (failed devices, devices of failed
 * nodes and leaves); over the cluster, the free device-seconds and the part of them that the run's
 * typical gangs could not use (fragmented). Energy, cost, utilization, allocation ratio and
 * fragmentation are computed from these.
 */
public record DeviceTime(
    List<Pool> pools, double freeDeviceSeconds, double fragmentedDeviceSeconds) {
  public DeviceTime {
    pools = List.copyOf(pools);
  }

  /** One pool's device-seconds. */
  public record Pool(
      String name,
      Accelerator accelerator,
      int devices,
      double busyDeviceSeconds,
      double downDeviceSeconds) {}

  public int devices() {
    return pools.stream().mapToInt(Pool::devices).sum();
  }

  public double busyDeviceSeconds() {
    return pools.stream().mapToDouble(Pool::busyDeviceSeconds).sum();
  }

  public double downDeviceSeconds() {
    return pools.stream().mapToDouble(Pool::downDeviceSeconds).sum();
  }
}
