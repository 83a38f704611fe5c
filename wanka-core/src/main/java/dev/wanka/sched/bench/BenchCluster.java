package dev.wanka.sched.bench;

import dev.wanka.catalog.Catalog;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import java.util.Locale;

/**
 * The benchmark's cluster: {@code devices} H100 SXM in nodes of 8 on the 3-tier rail-optimized
 * fabric of {@code examples/clusters/h100-100k.yaml} (32 nodes per leaf group, 8 leaf groups per
 * spine group, so a spine group holds 2,048 devices; 2:1 at the core). With 100,000 devices it is
 * that example exactly: 12,500 nodes, 391 leaf groups, 49 spine groups.
 */
public final class BenchCluster {
  public static final int DEVICES_PER_NODE = 8;
  public static final int NODES_PER_LEAF = 32;
  public static final int LEAVES_PER_SPINE = 8;

  /** Devices under one spine group: the widest scope a workload may require. */
  public static final int SPINE_GROUP_DEVICES =
      DEVICES_PER_NODE * NODES_PER_LEAF * LEAVES_PER_SPINE;

  public static final int MIN_DEVICES = 64;
  public static final int MAX_DEVICES = 1_000_000;

  /** The accelerator of every node. */
  public static final String ACCELERATOR = "h100-sxm";

  private BenchCluster() {}

  /** Why {@code devices} cannot be a benchmark cluster, or null when it can. */
  public static String problem(long devices) {
    if (devices < MIN_DEVICES || devices > MAX_DEVICES || devices % DEVICES_PER_NODE != 0) {
      return String.format(
          Locale.ROOT,
          "'%d' is not allowed: must be a multiple of %d (whole nodes) from %,d to %,d",
          devices,
          DEVICES_PER_NODE,
          MIN_DEVICES,
          MAX_DEVICES);
    }
    return null;
  }

  /** The cluster spec, as YAML in the format of examples/clusters. */
  public static String yaml(int devices) {
    String problem = problem(devices);
    if (problem != null) {
      throw new IllegalArgumentException("devices: " + problem);
    }
    return String.format(
        Locale.ROOT,
        """
        name: h100-%d
        description: %,d x H100 SXM for the scheduler benchmark, 3-tier fabric as h100-100k
        fabric:
          tiers: 3
          layout: rail-optimized
          nodesPerLeaf: %d
          leavesPerSpine: %d
          oversubscription:
            leaf: 1
            spine: 2
        pools:
          - name: h100
            accelerator: %s
            nodes: %d
            devicesPerNode: %d
            nicGbps: 400
        pue: 1.25
        """,
        devices,
        devices,
        NODES_PER_LEAF,
        LEAVES_PER_SPINE,
        ACCELERATOR,
        devices / DEVICES_PER_NODE,
        DEVICES_PER_NODE);
  }

  /** Builds the cluster of {@code devices} devices with the bundled catalog. */
  public static Cluster build(int devices) {
    return Cluster.build(
        ClusterSpecReader.read("h100-" + devices + ".yaml", yaml(devices), Catalog.bundled()));
  }
}
