package dev.wanka.api;

import java.util.List;

/**
 * Every device of the cluster in a few arrays, for drawing the cluster at 100,000 devices: one
 * entry per node, and per device its state and readings, nodes in name order and each node's
 * devices in order, from device {@code firstDevice} of the node on.
 *
 * @param states the device states {@code state} indexes: idle, reserved, busy, draining, cordoned,
 *     failed, down (as {@link DeviceView#state})
 * @param state per device, an index into {@code states}
 * @param utilization per device, 0 to 1
 * @param temperatureCelsius per device
 * @param powerWatts per device
 */
public record DeviceMap(
    List<String> states,
    List<Node> nodes,
    int[] state,
    double[] utilization,
    double[] temperatureCelsius,
    double[] powerWatts) {

  /** The device states, in the order {@code state} indexes them. */
  public static final List<String> STATES =
      List.of("idle", "reserved", "busy", "draining", "cordoned", "failed", "down");

  public DeviceMap {
    states = List.copyOf(states);
    nodes = List.copyOf(nodes);
  }

  /**
   * One node and where it sits.
   *
   * @param pool accelerator type and devices per node, as the scheduler groups nodes
   * @param spine the spine group of its leaf; -1 before the scheduler laid it out
   * @param leaf its leaf switch group; -1 before the scheduler laid it out
   * @param state Ready or NotReady
   * @param firstDevice the index of its first device in the device arrays
   */
  public record Node(
      String name,
      String accelerator,
      String pool,
      int spine,
      int leaf,
      String state,
      boolean cordoned,
      boolean draining,
      long heartbeatAgeMillis,
      int firstDevice,
      int devices) {}
}
