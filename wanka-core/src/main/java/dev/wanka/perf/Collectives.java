package dev.wanka.perf;

import java.util.Objects;

/**
 * Times collective operations on a {@link CommGroup} with the alpha-beta model: a step costs a
 * latency {@code α} and moving {@code m} bytes over a link of effective bandwidth {@code B} costs
 * {@code m / B}. Pure arithmetic, no state beyond the efficiency; safe to share.
 *
 * <h2>Notation</h2>
 *
 * {@code n} = {@link CommGroup#size()}, {@code k} = {@link CommGroup#membersPerDomain()}, {@code d}
 * = {@link CommGroup#domains()}, {@code S} = bytes, {@code η} = efficiency. {@code Bup = η ·
 * scaleUpBytesPerSecond}, {@code Bout = η · scaleOutBytesPerSecond}, {@code αup}, {@code αout} the
 * two latencies. A <em>flat</em> algorithm (one ring or one tree through all {@code n} members)
 * runs at the pace of its slowest hop: inside one domain {@code B = Bup}, {@code α = αup}; across
 * domains {@code B = min(Bup, Bout)} and {@code α = max(αup, αout)} (just {@code Bout}, {@code
 * αout} when {@code k = 1}, as there is then no scale-up hop). In practice the slowest hop across
 * domains is the scale-out link.
 *
 * <h2>Formulas</h2>
 *
 * <pre>
 * ring all-reduce          2(n-1)/n · S/B + 2(n-1)·α
 * tree all-reduce          2 · S/B        + 2⌈log2 n⌉·α
 * hierarchical all-reduce  2(k-1)/k · S/Bup + 2(d-1)/d · (S/k)/Bout + 2(k-1)·αup + 2(d-1)·αout
 *                          (= ring all-reduce when the group does not span domains)
 * all-gather, reduce-scatter
 *   ring                   (n-1)/n · S/B + (n-1)·α
 *   hierarchical           (k-1)/k · S/Bup + (d-1)/d · (S/k)/Bout + (k-1)·αup + (d-1)·αout
 *   time                   the faster of the two
 * all-to-all               max((k-1)/n · X/Bup, (n-k)/n · X/Bout) + (n-1)·α,   X = bytesPerMember
 * point-to-point           S/(η·B) + α
 * </pre>
 *
 * Every operation takes 0 seconds on a group of one member or for 0 bytes.
 *
 * <p><b>Ring.</b> Reduce-scatter then all-gather, each {@code n-1} steps moving {@code S/n} bytes
 * per member per step (Thakur, Rabenseifner &amp; Gropp, "Optimization of collective communication
 * operations in MPICH", IJHPCA 19(1), 2005). Its bandwidth term {@code 2(n-1)/n · S/B} is the lower
 * bound for any all-reduce on links of bandwidth {@code B} (Patarasuk &amp; Yuan, "Bandwidth
 * optimal all-reduce algorithms for clusters of workstations", JPDC 69(2), 2009). The factors
 * {@code 2(n-1)/n} for all-reduce and {@code (n-1)/n} for all-gather, reduce-scatter and all-to-all
 * are the ones NCCL uses to turn algorithm bandwidth into "bus bandwidth" (nccl-tests, doc/
 * PERFORMANCE.md), so {@code η} is measured bus bandwidth divided by link bandwidth.
 *
 * <p><b>Tree.</b> NCCL's double binary tree (NCCL 2.4): the data is split in two halves, each
 * reduced up and broadcast down its own binary tree, pipelined in chunks; every member is interior
 * in one tree and a leaf in the other, so it sends and receives about {@code 2S} in all, giving the
 * bandwidth term {@code 2·S/B} (slightly above the ring's {@code 2(n-1)/n · S/B}). The pipeline
 * fills over the depth of the tree up and down, giving {@code 2⌈log2 n⌉·α}. Chunking overhead is
 * ignored. So ring wins on bandwidth, tree on latency at large {@code n}.
 *
 * <p><b>Hierarchical.</b> Reduce-scatter inside each domain over scale-up (every member then holds
 * {@code S/k}), all-reduce of that {@code S/k} across the {@code d} domains by {@code k} concurrent
 * rings (member {@code i} of each domain with member {@code i} of every other, each driving its own
 * NIC), then all-gather inside each domain. All-gather is the second half of that (across domains
 * first, each member gathering {@code S/k}, then inside), reduce-scatter the first half (inside
 * first, then across), which is the order that keeps scale-out traffic at {@code S/k} per member.
 * With {@code Bup = Bout} its bandwidth term equals the ring's exactly.
 *
 * <p><b>Flat ring vs NCCL.</b> {@link CollectiveAlgorithm#RING} and {@link
 * CollectiveAlgorithm#TREE} here are single flat structures whose cross-domain hops each ride one
 * member's NIC. NCCL on multi-NIC nodes runs several rings (channels) at once, each leaving a
 * domain through a different NIC, which moves about the same bytes per NIC as {@link
 * CollectiveAlgorithm#HIERARCHICAL}; so for an estimate use {@link #allReduceSeconds(CommGroup,
 * double)} (the fastest of the three), not the flat ring on its own.
 *
 * <p><b>All-to-all.</b> Each member sends {@code X/n} to every member; the {@code (k-1)/n · X}
 * bound for its own domain goes over scale-up while the {@code (n-k)/n · X} for other domains goes
 * over scale-out, concurrently, and the member exchanges with {@code n-1} peers, each paying the
 * slowest hop's latency (the flat {@code α} above; taking the slowest link type rather than the
 * slower transfer keeps the time monotone in every bandwidth).
 */
public final class Collectives {
  private final double efficiency;

  /**
   * @param efficiency fraction of link bandwidth a collective achieves (NCCL "bus bandwidth" /
   *     link), in {@code (0, 1]}
   */
  public Collectives(double efficiency) {
    if (!(efficiency > 0 && efficiency <= 1)) {
      throw new IllegalArgumentException("efficiency must be in (0, 1], was " + efficiency);
    }
    this.efficiency = efficiency;
  }

  /** The fraction of link bandwidth collectives achieve. */
  public double efficiency() {
    return efficiency;
  }

  // ---- all-reduce ----------------------------------------------------------------------------

  /**
   * Seconds to all-reduce {@code bytes} (the buffer every member starts and ends with) by one
   * algorithm. {@link CollectiveAlgorithm#HIERARCHICAL} on a group inside one domain is the ring.
   */
  public double allReduceSeconds(CommGroup group, double bytes, CollectiveAlgorithm algorithm) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(algorithm, "algorithm");
    requireBytes(bytes, "bytes");
    if (group.size() == 1 || bytes == 0) {
      return 0;
    }
    switch (algorithm) {
      case RING:
        return 2 * ringHalf(group, bytes);
      case TREE:
        return 2 * bytes / flatBandwidth(group) + 2 * ceilLog2(group.size()) * flatLatency(group);
      case HIERARCHICAL:
        return 2 * (group.spansDomains() ? hierarchicalHalf(group, bytes) : ringHalf(group, bytes));
      default:
        throw new AssertionError(algorithm);
    }
  }

  /** Seconds to all-reduce {@code bytes} by the fastest of the three algorithms. */
  public double allReduceSeconds(CommGroup group, double bytes) {
    return allReduceSeconds(group, bytes, fastestAllReduce(group, bytes));
  }

  /**
   * The algorithm that all-reduces {@code bytes} fastest; on a tie the first in declaration order
   * (so {@link CollectiveAlgorithm#RING} for 0 bytes, one member, or a group inside one domain
   * where hierarchical is the ring).
   */
  public CollectiveAlgorithm fastestAllReduce(CommGroup group, double bytes) {
    CollectiveAlgorithm best = CollectiveAlgorithm.RING;
    double bestSeconds = allReduceSeconds(group, bytes, best);
    for (CollectiveAlgorithm algorithm : CollectiveAlgorithm.values()) {
      double seconds = allReduceSeconds(group, bytes, algorithm);
      if (seconds < bestSeconds) {
        best = algorithm;
        bestSeconds = seconds;
      }
    }
    return best;
  }

  // ---- all-gather, reduce-scatter ------------------------------------------------------------

  /**
   * Seconds to all-gather: each member contributes {@code bytes / size} and ends with all {@code
   * bytes} (nccl-tests' size for all-gather). The faster of the flat ring and, on a group spanning
   * domains, the hierarchical version.
   */
  public double allGatherSeconds(CommGroup group, double bytes) {
    return halfSeconds(group, bytes);
  }

  /**
   * Seconds to reduce-scatter: each member starts with all {@code bytes} and ends with its reduced
   * {@code bytes / size} (nccl-tests' size for reduce-scatter). The same time as {@link
   * #allGatherSeconds} for the same bytes: the two are mirror images, and together make an
   * all-reduce.
   */
  public double reduceScatterSeconds(CommGroup group, double bytes) {
    return halfSeconds(group, bytes);
  }

  // ---- all-to-all, point-to-point ------------------------------------------------------------

  /**
   * Seconds for an all-to-all in which every member sends {@code bytesPerMember} spread evenly over
   * all members, itself included (so {@code (n-1)/n} of it leaves the member), as in MoE expert
   * dispatch or combine, or the Ulysses sequence-parallel exchange.
   */
  public double allToAllSeconds(CommGroup group, double bytesPerMember) {
    Objects.requireNonNull(group, "group");
    requireBytes(bytesPerMember, "bytesPerMember");
    int n = group.size();
    int k = group.membersPerDomain();
    if (n == 1 || bytesPerMember == 0) {
      return 0;
    }
    double share = bytesPerMember / n;
    double inside = (k - 1) * share / scaleUp(group);
    double across = (n - k) * share / scaleOut(group);
    return Math.max(inside, across) + (n - 1) * flatLatency(group);
  }

  /**
   * Seconds to send {@code bytes} from one device to another: {@code bytes / (efficiency ·
   * bytesPerSecond) + latencySeconds}, 0 for 0 bytes. For pipeline-parallel activations, or
   * KV-cache transfer between prefill and decode.
   *
   * @param bytesPerSecond the link's bandwidth each way, e.g. {@code
   *     Cluster.bandwidthBytesPerSecond(a, b)}, {@code > 0}
   * @param latencySeconds the link's latency, {@code >= 0}
   */
  public double pointToPointSeconds(double bytes, double bytesPerSecond, double latencySeconds) {
    requireBytes(bytes, "bytes");
    if (!(bytesPerSecond > 0) || Double.isInfinite(bytesPerSecond)) {
      throw new IllegalArgumentException(
          "bytesPerSecond must be finite and > 0, was " + bytesPerSecond);
    }
    if (!(latencySeconds >= 0) || Double.isInfinite(latencySeconds)) {
      throw new IllegalArgumentException(
          "latencySeconds must be finite and >= 0, was " + latencySeconds);
    }
    return bytes == 0 ? 0 : bytes / (efficiency * bytesPerSecond) + latencySeconds;
  }

  // ---- the pieces ----------------------------------------------------------------------------

  /** All-gather or reduce-scatter: the faster of flat ring and hierarchical. */
  private double halfSeconds(CommGroup group, double bytes) {
    Objects.requireNonNull(group, "group");
    requireBytes(bytes, "bytes");
    if (group.size() == 1 || bytes == 0) {
      return 0;
    }
    double ring = ringHalf(group, bytes);
    return group.spansDomains() ? Math.min(ring, hierarchicalHalf(group, bytes)) : ring;
  }

  /** A flat ring all-gather (or reduce-scatter): {@code (n-1)/n · S/B + (n-1)·α}. */
  private double ringHalf(CommGroup group, double bytes) {
    int n = group.size();
    return (n - 1) * (bytes / n) / flatBandwidth(group) + (n - 1) * flatLatency(group);
  }

  /**
   * A hierarchical all-gather (or reduce-scatter): {@code (k-1)/k · S/Bup} inside the domain,
   * {@code (d-1)/d · (S/k)/Bout} across domains, plus {@code (k-1)·αup + (d-1)·αout}.
   */
  private double hierarchicalHalf(CommGroup group, double bytes) {
    int k = group.membersPerDomain();
    int d = group.domains();
    double inside = (k - 1) * (bytes / k) / scaleUp(group);
    double across = (d - 1) * (bytes / k / d) / scaleOut(group);
    return inside
        + across
        + (k - 1) * group.scaleUpLatencySeconds()
        + (d - 1) * group.scaleOutLatencySeconds();
  }

  private double scaleUp(CommGroup group) {
    return efficiency * group.scaleUpBytesPerSecond();
  }

  private double scaleOut(CommGroup group) {
    return efficiency * group.scaleOutBytesPerSecond();
  }

  /** The effective bandwidth of a flat ring or tree: its slowest hop's. */
  private double flatBandwidth(CommGroup group) {
    if (!group.spansDomains()) {
      return scaleUp(group);
    }
    return group.membersPerDomain() == 1
        ? scaleOut(group)
        : Math.min(scaleUp(group), scaleOut(group));
  }

  /** The per-step latency of a flat ring or tree: its slowest hop's. */
  private static double flatLatency(CommGroup group) {
    if (!group.spansDomains()) {
      return group.scaleUpLatencySeconds();
    }
    return group.membersPerDomain() == 1
        ? group.scaleOutLatencySeconds()
        : Math.max(group.scaleUpLatencySeconds(), group.scaleOutLatencySeconds());
  }

  /** {@code ⌈log2 n⌉} for {@code n >= 1}. */
  static int ceilLog2(int n) {
    return 32 - Integer.numberOfLeadingZeros(n - 1);
  }

  private static void requireBytes(double bytes, String name) {
    if (!(bytes >= 0) || Double.isInfinite(bytes)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, was " + bytes);
    }
  }
}
