package dev.wanka.bench;

import dev.wanka.catalog.Catalog;
import dev.wanka.spec.BundledText;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpec;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.topology.PoolSpec;

/**
 * The clusters the benchmarks measure. {@code h100-100k.yaml} is {@code
 * examples/clusters/h100-100k.yaml}, packed into the jar by the build: 12,500 nodes of 8 H100
 * (100,000 devices) on a 3-tier rail-optimized fabric, 32 nodes per leaf group and 8 leaf groups
 * per spine group.
 */
final class BenchClusters {
  static final String H100_100K = "h100-100k.yaml";

  private BenchClusters() {}

  /** The YAML text of the 100,000-device cluster, as the CLI would read it from a file. */
  static String h100100kYaml() {
    return BundledText.read("/dev/wanka/bench/" + H100_100K, "the benchmark cluster");
  }

  /** Parses the 100,000-device spec with the bundled catalog. */
  static ClusterSpec h100100kSpec() {
    return ClusterSpecReader.read(H100_100K, h100100kYaml(), Catalog.bundled());
  }

  /** Fails fast if the embedded spec is not the cluster the figures claim to measure. */
  static ClusterSpec checked(ClusterSpec spec) {
    int nodes = spec.pools().stream().mapToInt(PoolSpec::nodes).sum();
    if (spec.devices() != 100_000 || nodes != 12_500 || spec.fabric().tiers() != 3) {
      throw new IllegalStateException(
          "expected the 100,000-device, 12,500-node 3-tier cluster; got "
              + spec.devices()
              + " devices, "
              + nodes
              + " nodes, "
              + spec.fabric().tiers()
              + " tiers");
    }
    return spec;
  }

  /** Fails fast if the embedded spec is not the cluster the figures claim to measure. */
  static Cluster checked(Cluster cluster) {
    if (cluster.deviceCount() != 100_000
        || cluster.nodeCount() != 12_500
        || cluster.tiers() != 3
        || cluster.spineGroupCount() < 2) {
      throw new IllegalStateException(
          "expected the 100,000-device, 12,500-node 3-tier cluster; got "
              + cluster.deviceCount()
              + " devices, "
              + cluster.nodeCount()
              + " nodes, "
              + cluster.tiers()
              + " tiers, "
              + cluster.spineGroupCount()
              + " spine groups");
    }
    return cluster;
  }
}
