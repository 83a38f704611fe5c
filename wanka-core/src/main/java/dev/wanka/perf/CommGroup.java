package dev.wanka.perf;

/**
 * A communication group of {@code size} members laid out as {@code size / membersPerDomain}
 * scale-up domains of {@code membersPerDomain} members each ({@code membersPerDomain == size}: all
 * in one domain; {@code 1}: every member in its own domain). Bandwidths are per member, each way,
 * bytes per second, already including fabric oversubscription (see {@code
 * Cluster.bandwidthBytesPerSecond}); latencies are per algorithm step, seconds.
 *
 * <p>A group that does not span domains never touches the scale-out fabric, so its {@code
 * scaleOutBytesPerSecond} and {@code scaleOutLatencySeconds} do not affect any time; they must
 * still be valid numbers.
 *
 * @param size members in the group, {@code >= 1}
 * @param membersPerDomain members in each scale-up domain, {@code 1..size}, dividing {@code size}
 * @param scaleUpBytesPerSecond one member's scale-up link (NVLink, HCCS, UB), each way, {@code > 0}
 * @param scaleOutBytesPerSecond one member's share of the scale-out fabric (its NIC, divided by the
 *     oversubscription of the tiers the group's traffic climbs), each way, {@code > 0}
 * @param scaleUpLatencySeconds latency of one step over the scale-up link, {@code >= 0}
 * @param scaleOutLatencySeconds latency of one step over the scale-out fabric, {@code >= 0}
 */
public record CommGroup(
    int size,
    int membersPerDomain,
    double scaleUpBytesPerSecond,
    double scaleOutBytesPerSecond,
    double scaleUpLatencySeconds,
    double scaleOutLatencySeconds) {
  public CommGroup {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, was " + size);
    }
    if (membersPerDomain < 1 || membersPerDomain > size) {
      throw new IllegalArgumentException(
          "membersPerDomain must be in 1.." + size + ", was " + membersPerDomain);
    }
    if (size % membersPerDomain != 0) {
      throw new IllegalArgumentException(
          "membersPerDomain " + membersPerDomain + " does not divide size " + size);
    }
    requirePositive(scaleUpBytesPerSecond, "scaleUpBytesPerSecond");
    requirePositive(scaleOutBytesPerSecond, "scaleOutBytesPerSecond");
    requireNonNegative(scaleUpLatencySeconds, "scaleUpLatencySeconds");
    requireNonNegative(scaleOutLatencySeconds, "scaleOutLatencySeconds");
  }

  /** Scale-up domains the group touches: {@code size / membersPerDomain}. */
  public int domains() {
    return size / membersPerDomain;
  }

  /** Whether the group's traffic crosses the scale-out fabric: {@code domains() > 1}. */
  public boolean spansDomains() {
    return domains() > 1;
  }

  private static void requirePositive(double value, String name) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, was " + value);
    }
  }

  private static void requireNonNegative(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, was " + value);
    }
  }
}
