package dev.wanka.agent.discovery;

import dev.wanka.api.DeviceInfo;
import dev.wanka.api.DeviceStatus;
import dev.wanka.catalog.Accelerator;
import java.util.List;
import java.util.Set;

/**
 * The node's accelerators: what was found at start-up, and their state now. A reading a device did
 * not give (a tool printing {@code [N/A]}, a catalog without a TDP) is {@link Readings#UNKNOWN}.
 */
public interface DeviceBackend {
  /** The catalog entry of the node's devices (one type per node). */
  Accelerator accelerator();

  /** The devices found, by index. */
  List<DeviceInfo> devices();

  /**
   * Health, temperature, power and utilisation of every device.
   *
   * @param busy the indexes of devices a running task holds (simulated devices heat up with them)
   */
  List<DeviceStatus> telemetry(Set<Integer> busy);

  /** The environment variable that limits a process to some of these devices. */
  default String visibilityVariable() {
    return VisibilityVariables.forVendor(accelerator().vendor());
  }
}
