package dev.wanka.server.control;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.server.store.NodeRow;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpec;
import dev.wanka.topology.FabricLayout;
import dev.wanka.topology.FabricSpec;
import dev.wanka.topology.PoolSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The scheduler core's model of the registered nodes. Nodes of one accelerator type and size form a
 * pool, pools in the order their first node registered and nodes in registration order, under
 * leaves of {@code nodesPerLeaf}. The core counts devices 0..n-1 in that layout; this class
 * translates between those indexes and (node name, local device index).
 */
public final class LiveCluster {
  private final Cluster cluster;
  private final List<String> nodeNames;
  private final Map<String, Integer> nodeIndex;

  private LiveCluster(Cluster cluster, List<String> nodeNames) {
    this.cluster = cluster;
    this.nodeNames = List.copyOf(nodeNames);
    this.nodeIndex = new HashMap<>();
    for (int i = 0; i < nodeNames.size(); i++) {
      nodeIndex.put(nodeNames.get(i), i);
    }
  }

  /**
   * Lays out {@code nodes} (in registration order); empty when there are none, since the core needs
   * at least one device.
   */
  public static Optional<LiveCluster> of(List<NodeRow> nodes, Catalog catalog, int nodesPerLeaf) {
    Map<String, List<NodeRow>> pools = new LinkedHashMap<>();
    for (NodeRow node : nodes) {
      if (node.devices().isEmpty()) {
        continue;
      }
      pools
          .computeIfAbsent(node.accelerator() + "-" + node.devices().size(), k -> new ArrayList<>())
          .add(node);
    }
    if (pools.isEmpty()) {
      return Optional.empty();
    }
    List<PoolSpec> specs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, List<NodeRow>> pool : pools.entrySet()) {
      NodeRow first = pool.getValue().get(0);
      Accelerator accelerator =
          catalog
              .find(first.accelerator())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "accelerator '" + first.accelerator() + "' left the catalog"));
      specs.add(
          new PoolSpec(
              pool.getKey(),
              accelerator,
              pool.getValue().size(),
              first.devices().size(),
              1,
              1,
              400,
              nodesPerLeaf,
              OptionalDouble.empty(),
              0,
              0,
              0));
      pool.getValue().forEach(n -> names.add(n.name()));
    }
    FabricSpec fabric = new FabricSpec(2, FabricLayout.FAT_TREE, nodesPerLeaf, 0, 1, 1);
    ClusterSpec spec =
        new ClusterSpec(
            "live", Optional.empty(), fabric, specs, Optional.empty(), OptionalDouble.empty());
    return Optional.of(new LiveCluster(Cluster.build(spec), names));
  }

  public Cluster cluster() {
    return cluster;
  }

  public boolean contains(String node) {
    return nodeIndex.containsKey(node);
  }

  /** The core's index of a node; -1 when it is not laid out (no devices). */
  public int nodeIndex(String node) {
    return nodeIndex.getOrDefault(node, -1);
  }

  public String nodeName(int nodeIndex) {
    return nodeNames.get(nodeIndex);
  }

  public int nodeCount() {
    return nodeNames.size();
  }

  /** The core's index of a node's local device. */
  public int device(String node, int localIndex) {
    return cluster.firstDeviceOfNode(nodeIndex.get(node)) + localIndex;
  }

  public String nodeOfDevice(int device) {
    return nodeNames.get(cluster.nodeOf(device));
  }

  public int localIndexOf(int device) {
    return cluster.localIndexOf(device);
  }

  public int leafOf(String node) {
    Integer index = nodeIndex.get(node);
    return index == null ? -1 : cluster.leafGroupOfNode(index);
  }

  /** The spine group over the node's leaf; -1 when it is not laid out. */
  public int spineOf(String node) {
    int leaf = leafOf(node);
    return leaf < 0 ? -1 : cluster.spineGroupOfLeafGroup(leaf);
  }
}
