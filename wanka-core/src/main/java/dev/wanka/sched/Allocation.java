package dev.wanka.sched;

import dev.wanka.topology.Tier;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A running gang's devices: which pool and type, which devices in rank order (a node's devices
 * together, nodes in topology order), how much of each ({@code milliPerDevice}, 1000 for whole
 * devices), since when, and whether its quota admission borrowed other queues' idle guarantee
 * (borrowed allocations are what a quota reclaim takes back). A CPU-only task has no devices; it
 * holds CPU and memory on {@code hostNode} ({@link #isHostOnly()}), and -1 there otherwise.
 */
public record Allocation(
    Gang gang,
    int pool,
    String acceleratorId,
    int[] devices,
    int milliPerDevice,
    Tier spans,
    long startSeconds,
    boolean borrowed,
    int hostNode) {
  public Allocation {
    devices = devices.clone();
  }

  /** A CPU-only task on one node. */
  public static Allocation onHost(Gang gang, int pool, int node, long startSeconds) {
    return new Allocation(gang, pool, "cpu", new int[0], 0, Tier.NODE, startSeconds, false, node);
  }

  /** Whether it holds CPU and memory on a node rather than devices. */
  public boolean isHostOnly() {
    return hostNode >= 0;
  }

  public GangId id() {
    return gang.id();
  }

  @Override
  public int[] devices() {
    return devices.clone();
  }

  public int size() {
    return devices.length;
  }

  int device(int i) {
    return devices[i];
  }

  /** Devices it occupies, a share counting as its fraction of one (0 for CPU-only work). */
  public double devicesHeld() {
    return devices.length * (milliPerDevice / 1000.0);
  }

  /** Devices charged to the queue's quota: a share counts as one device; CPU-only work none. */
  public long quotaDevices() {
    return devices.length;
  }

  /** When it is expected to end, from the gang's estimate; empty when it has none. */
  public OptionalLong estimatedEndSeconds() {
    return gang.estimatedSeconds().isPresent()
        ? OptionalLong.of(startSeconds + gang.estimatedSeconds().getAsLong())
        : OptionalLong.empty();
  }

  /**
   * Seconds of work it would lose if stopped at {@code now}: the time since its last checkpoint
   * (all of its run time when it does not checkpoint).
   */
  public long workAtRiskSeconds(long now) {
    long ran = Math.max(0, now - startSeconds);
    return gang.checkpointSeconds().isPresent() ? ran % gang.checkpointSeconds().getAsLong() : ran;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Allocation
        && ((Allocation) other).gang.id().equals(gang.id())
        && Arrays.equals(((Allocation) other).devices, devices)
        && ((Allocation) other).startSeconds == startSeconds;
  }

  @Override
  public int hashCode() {
    return gang.id().hashCode() * 31 + Arrays.hashCode(devices);
  }

  @Override
  public String toString() {
    return gang.id() + " on " + devices.length + " " + acceleratorId + " since " + startSeconds;
  }
}
