package dev.wanka.sim.whatif;

import dev.wanka.sched.GangId;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A gang running when a {@link ClusterSnapshot} was taken: where (its devices in rank order, or for
 * a CPU-only task the node that hosts it, -1 otherwise), since when, and when it is expected to end
 * (empty when nobody knows, e.g. an inference service, which runs until stopped).
 */
public record RunningGang(
    GangId gang, int[] devices, int hostNode, long startSeconds, OptionalLong expectedEndSeconds) {
  public RunningGang {
    if (gang == null) {
      throw new IllegalArgumentException("gang: required");
    }
    devices = devices.clone();
    if ((devices.length == 0) == (hostNode < 0)) {
      throw new IllegalArgumentException(
          "running gang "
              + gang
              + ": give its devices or, for a CPU-only task, its host node; not both, not neither");
    }
    if (expectedEndSeconds == null) {
      throw new IllegalArgumentException("expectedEndSeconds of " + gang + ": required (or empty)");
    }
  }

  /** A gang on devices. */
  public static RunningGang onDevices(
      GangId gang, int[] devices, long startSeconds, OptionalLong expectedEndSeconds) {
    return new RunningGang(gang, devices, -1, startSeconds, expectedEndSeconds);
  }

  /** A CPU-only task holding CPU and memory on a node. */
  public static RunningGang onHost(
      GangId gang, int node, long startSeconds, OptionalLong expectedEndSeconds) {
    return new RunningGang(gang, new int[0], node, startSeconds, expectedEndSeconds);
  }

  @Override
  public int[] devices() {
    return devices.clone();
  }

  public boolean isOnHost() {
    return hostNode >= 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RunningGang r
        && r.gang.equals(gang)
        && Arrays.equals(r.devices, devices)
        && r.hostNode == hostNode
        && r.startSeconds == startSeconds
        && r.expectedEndSeconds.equals(expectedEndSeconds);
  }

  @Override
  public int hashCode() {
    return gang.hashCode() * 31 + Arrays.hashCode(devices);
  }

  @Override
  public String toString() {
    return gang
        + (isOnHost() ? " on node " + hostNode : " on " + devices.length + " devices")
        + " since "
        + startSeconds;
  }
}
