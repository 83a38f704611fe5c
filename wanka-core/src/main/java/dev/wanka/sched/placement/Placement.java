package dev.wanka.sched.placement;

import dev.wanka.topology.Tier;
import java.util.Arrays;

/**
 * Where a gang would run: its devices in rank order (a node's devices together, nodes in topology
 * order, so pipeline neighbours sit close) and the widest tier it spans. Nothing is taken until the
 * caller commits it.
 */
public record Placement(int[] devices, Tier spans) {
  public Placement {
    devices = devices.clone();
  }

  @Override
  public int[] devices() {
    return devices.clone();
  }

  public int size() {
    return devices.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Placement p && p.spans == spans && Arrays.equals(p.devices, devices);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(devices) + spans.hashCode();
  }

  @Override
  public String toString() {
    return "Placement[" + devices.length + " devices within one " + spans + "]";
  }
}
