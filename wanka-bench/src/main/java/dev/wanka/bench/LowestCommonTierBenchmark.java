package dev.wanka.bench;

import dev.wanka.topology.Cluster;
import dev.wanka.topology.Tier;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Distance queries on the 100,000-device cluster ({@code h100-100k.yaml}). Target: under 1 µs per
 * {@code lowestCommonTier(a, b)}.
 *
 * <ul>
 *   <li>{@link #pairs} — 1,000,000 {@code lowestCommonTier(a, b)} queries over pairs drawn in setup
 *       from a seeded {@link SplittableRandom}; reported per query ({@code
 *       OperationsPerInvocation(1_000_000)}), results summed into the return value. {@code
 *       pairs=uniform}: both devices uniform over the cluster (almost always {@code CORE}, so the
 *       longest path through the method, with well-predicted branches). {@code pairs=mixed}: the
 *       tier (device, node, leaf, spine, core) is drawn uniformly first, then a partner at that
 *       tier, so the branches are unpredictable.
 *   <li>{@link #pairsBlackhole} — the same queries, each result sunk into a {@link Blackhole}
 *       instead of summed: a cross-check that summing lets the JIT skip nothing (it may add the
 *       Blackhole's own cost).
 *   <li>{@link #deviceSet} — one {@code lowestCommonTier(int...)} over 8,192 devices, per call.
 *       {@code set=contiguous}: devices 0..8191 in order (1,024 whole nodes, 4 spine groups);
 *       {@code set=random}: 8,192 distinct devices in random order. The method stops at the first
 *       device whose tier to the first device is {@code CORE}, so it compares 2,047 pairs in the
 *       contiguous set and, with this seed, one in the random set.
 * </ul>
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * ./mvnw -B -pl wanka-bench -am package -DskipTests
 * java -jar wanka-bench/target/benchmarks.jar LowestCommonTierBenchmark -f 1 -wi 3 -i 5
 * </pre>
 *
 * <p>Without options it uses the settings annotated here (1 fork, 3 warmup and 5 measurement
 * iterations of 2 s).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LowestCommonTierBenchmark {
  static final int QUERIES = 1_000_000;
  static final int SET_SIZE = 8_192;
  static final long SEED = 0x5EED_2026L;

  /** The 1,000,000 pre-drawn pairs. */
  @State(Scope.Benchmark)
  public static class Pairs {
    @Param({"uniform", "mixed"})
    public String pairs;

    Cluster cluster;
    int[] a;
    int[] b;

    @Setup
    public void setUp() {
      cluster = BenchClusters.checked(Cluster.build(BenchClusters.h100100kSpec()));
      a = new int[QUERIES];
      b = new int[QUERIES];
      SplittableRandom random = new SplittableRandom(SEED);
      int devices = cluster.deviceCount();
      Tier[] tiers = {Tier.DEVICE, Tier.NODE, Tier.LEAF, Tier.SPINE, Tier.CORE};
      for (int i = 0; i < QUERIES; i++) {
        a[i] = random.nextInt(devices);
        if (pairs.equals("uniform")) {
          b[i] = random.nextInt(devices);
        } else if (pairs.equals("mixed")) {
          b[i] = partner(a[i], tiers[random.nextInt(tiers.length)], random);
        } else {
          throw new IllegalArgumentException("pairs must be uniform or mixed, not " + pairs);
        }
      }
    }

    /** A device whose lowest common tier with {@code a} is {@code tier}, by rejection. */
    private int partner(int a, Tier tier, SplittableRandom random) {
      int first;
      int end;
      switch (tier) {
        case DEVICE:
          return a;
        case NODE:
          first = cluster.firstDeviceOfNode(cluster.nodeOf(a));
          end = first + cluster.devicesOnNode(cluster.nodeOf(a));
          break;
        case LEAF:
          int group = cluster.leafGroupOf(a);
          int firstNode = cluster.firstNodeOfLeafGroup(group);
          first = cluster.firstDeviceOfNode(firstNode);
          end = deviceEnd(firstNode + cluster.nodesInLeafGroup(group));
          break;
        case SPINE:
          int spine = cluster.spineGroupOf(a);
          int low = cluster.leafGroupOf(a);
          int high = low;
          while (low > 0 && cluster.spineGroupOfLeafGroup(low - 1) == spine) {
            low--;
          }
          while (high + 1 < cluster.leafGroupCount()
              && cluster.spineGroupOfLeafGroup(high + 1) == spine) {
            high++;
          }
          first = cluster.firstDeviceOfNode(cluster.firstNodeOfLeafGroup(low));
          end = deviceEnd(cluster.firstNodeOfLeafGroup(high) + cluster.nodesInLeafGroup(high));
          break;
        default:
          first = 0;
          end = cluster.deviceCount();
      }
      for (int attempt = 0; attempt < 10_000; attempt++) {
        int b = first + random.nextInt(end - first);
        if (cluster.lowestCommonTier(a, b) == tier) {
          return b;
        }
      }
      throw new IllegalStateException("no partner of device " + a + " at tier " + tier);
    }

    private int deviceEnd(int nodeEnd) {
      return nodeEnd == cluster.nodeCount()
          ? cluster.deviceCount()
          : cluster.firstDeviceOfNode(nodeEnd);
    }
  }

  /** The 8,192-device set. */
  @State(Scope.Benchmark)
  public static class DeviceSet {
    @Param({"contiguous", "random"})
    public String set;

    Cluster cluster;
    int[] devices;

    @Setup
    public void setUp() {
      cluster = BenchClusters.checked(Cluster.build(BenchClusters.h100100kSpec()));
      int[] all = new int[cluster.deviceCount()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      if (set.equals("random")) {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < SET_SIZE; i++) {
          int j = i + random.nextInt(all.length - i);
          int swap = all[i];
          all[i] = all[j];
          all[j] = swap;
        }
      } else if (!set.equals("contiguous")) {
        throw new IllegalArgumentException("set must be contiguous or random, not " + set);
      }
      devices = Arrays.copyOf(all, SET_SIZE);
    }
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public int pairs(Pairs state) {
    Cluster cluster = state.cluster;
    int[] a = state.a;
    int[] b = state.b;
    int sum = 0;
    for (int i = 0; i < QUERIES; i++) {
      sum += cluster.lowestCommonTier(a[i], b[i]).ordinal();
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public void pairsBlackhole(Pairs state, Blackhole blackhole) {
    Cluster cluster = state.cluster;
    int[] a = state.a;
    int[] b = state.b;
    for (int i = 0; i < QUERIES; i++) {
      blackhole.consume(cluster.lowestCommonTier(a[i], b[i]));
    }
  }

  @Benchmark
  public Tier deviceSet(DeviceSet state) {
    return state.cluster.lowestCommonTier(state.devices);
  }
}
