package dev.wanka.topology;

import dev.wanka.catalog.Figure;
import java.util.List;
import java.util.Objects;

/**
 * The device-level model of a cluster: every device numbered {@code 0..deviceCount()-1}, every
 * node, scale-up domain, leaf group and spine group numbered likewise, in pool order. Devices of a
 * node, nodes of a domain and domains of a leaf group are contiguous ranges, so the model is a few
 * int arrays (about 4 bytes per device and 16 per node) and every query is a handful of array
 * reads. Immutable and safe to share.
 *
 * <p>A leaf group is the set of nodes under one leaf switch (fat-tree) or one set of rail leaf
 * switches (rail-optimized; with PXN-style routing, traffic between different rails of a group hops
 * over the scale-up link and stays below the spine). A spine group is a pod of leaf groups in a
 * 3-tier fabric; a 2-tier fabric has one.
 */
public final class Cluster {
  private final ClusterSpec spec;
  private final PoolSpec[] pools;
  private final int[] firstNodeOfPool;
  private final int[] nodeOfDevice;
  private final int[] firstDeviceOfNode;
  private final int[] poolOfNode;
  private final int[] domainOfNode;
  private final int[] leafGroupOfNode;
  private final int[] firstNodeOfLeafGroup;
  private final int[] firstLeafSwitchOfLeafGroup;
  private final int[] spineGroupOfLeafGroup;
  private final int domainCount;
  private final int spineGroupCount;
  private final int[] mostNodesUnderOneSpineGroup;
  private final ClusterTotals totals;

  private Cluster(ClusterSpec spec) {
    this.spec = spec;
    this.pools = spec.pools().toArray(PoolSpec[]::new);
    int devices = Math.toIntExact(spec.devices());
    int nodes = spec.pools().stream().mapToInt(PoolSpec::nodes).sum();
    int leafGroups =
        spec.pools().stream().mapToInt(p -> ceilDiv(p.nodes(), p.nodesPerLeaf())).sum();

    firstNodeOfPool = new int[pools.length + 1];
    nodeOfDevice = new int[devices];
    firstDeviceOfNode = new int[nodes + 1];
    poolOfNode = new int[nodes];
    domainOfNode = new int[nodes];
    leafGroupOfNode = new int[nodes];
    firstNodeOfLeafGroup = new int[leafGroups + 1];
    firstLeafSwitchOfLeafGroup = new int[leafGroups + 1];
    spineGroupOfLeafGroup = new int[leafGroups];

    int leavesPerSpine = spec.fabric().tiers() == 3 ? spec.fabric().leavesPerSpine() : leafGroups;
    int device = 0;
    int node = 0;
    int domain = -1;
    int leafGroup = -1;
    int leafSwitch = 0;
    for (int p = 0; p < pools.length; p++) {
      PoolSpec pool = pools[p];
      firstNodeOfPool[p] = node;
      int switchesPerGroup =
          spec.fabric().layout() == FabricLayout.RAIL_OPTIMIZED ? pool.nicsPerNode() : 1;
      for (int i = 0; i < pool.nodes(); i++, node++) {
        if (i % pool.nodesPerLeaf() == 0) {
          leafGroup++;
          firstNodeOfLeafGroup[leafGroup] = node;
          firstLeafSwitchOfLeafGroup[leafGroup] = leafSwitch;
          spineGroupOfLeafGroup[leafGroup] = leafGroup / leavesPerSpine;
          leafSwitch += switchesPerGroup;
        }
        if (i % pool.domainNodes() == 0) {
          domain++;
        }
        poolOfNode[node] = p;
        domainOfNode[node] = domain;
        leafGroupOfNode[node] = leafGroup;
        firstDeviceOfNode[node] = device;
        for (int d = 0; d < pool.devicesPerNode(); d++) {
          nodeOfDevice[device++] = node;
        }
      }
    }
    firstNodeOfPool[pools.length] = node;
    firstDeviceOfNode[nodes] = device;
    firstNodeOfLeafGroup[leafGroups] = node;
    firstLeafSwitchOfLeafGroup[leafGroups] = leafSwitch;
    domainCount = domain + 1;
    spineGroupCount = leafGroups == 0 ? 0 : spineGroupOfLeafGroup[leafGroups - 1] + 1;
    mostNodesUnderOneSpineGroup = new int[pools.length];
    int[][] nodesByPoolAndSpine = new int[pools.length][spineGroupCount];
    for (int g = 0; g < leafGroups; g++) {
      int p = poolOfNode[firstNodeOfLeafGroup[g]];
      int count = firstNodeOfLeafGroup[g + 1] - firstNodeOfLeafGroup[g];
      int under = nodesByPoolAndSpine[p][spineGroupOfLeafGroup[g]] += count;
      mostNodesUnderOneSpineGroup[p] = Math.max(mostNodesUnderOneSpineGroup[p], under);
    }
    totals = new ClusterTotals(this);
  }

  /**
   * Builds the device-level model: for 100,000 devices, under a millisecond once the JIT is warm
   * and a few tens of milliseconds cold (docs/benchmarks.md).
   */
  public static Cluster build(ClusterSpec spec) {
    return new Cluster(spec);
  }

  public ClusterSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  public List<PoolSpec> pools() {
    return spec.pools();
  }

  public int tiers() {
    return spec.fabric().tiers();
  }

  public int deviceCount() {
    return nodeOfDevice.length;
  }

  public int nodeCount() {
    return poolOfNode.length;
  }

  public int domainCount() {
    return domainCount;
  }

  public int leafGroupCount() {
    return spineGroupOfLeafGroup.length;
  }

  /**
   * Leaf switches: one per leaf group in a fat-tree, one per rail per group when rail-optimized.
   */
  public int leafSwitchCount() {
    return firstLeafSwitchOfLeafGroup[leafGroupCount()];
  }

  /** The most nodes of one pool under a single spine group (the whole pool on 2 tiers). */
  public int mostNodesUnderOneSpineGroup(int pool) {
    return mostNodesUnderOneSpineGroup[pool];
  }

  public int spineGroupCount() {
    return spineGroupCount;
  }

  public ClusterTotals totals() {
    return totals;
  }

  // ---- where a device sits -------------------------------------------------------------------

  public int nodeOf(int device) {
    return nodeOfDevice[Objects.checkIndex(device, nodeOfDevice.length)];
  }

  /** The device's index within its node, 0-based. */
  public int localIndexOf(int device) {
    return device - firstDeviceOfNode[nodeOf(device)];
  }

  public int domainOf(int device) {
    return domainOfNode[nodeOf(device)];
  }

  public int leafGroupOf(int device) {
    return leafGroupOfNode[nodeOf(device)];
  }

  /** The leaf switch the device's traffic enters: its group's switch, or its rail's switch. */
  public int leafSwitchOf(int device) {
    int node = nodeOf(device);
    int group = leafGroupOfNode[node];
    if (spec.fabric().layout() == FabricLayout.FAT_TREE) {
      return firstLeafSwitchOfLeafGroup[group];
    }
    PoolSpec pool = pools[poolOfNode[node]];
    int rail = (device - firstDeviceOfNode[node]) * pool.nicsPerNode() / pool.devicesPerNode();
    return firstLeafSwitchOfLeafGroup[group] + rail;
  }

  public int spineGroupOf(int device) {
    return spineGroupOfLeafGroup[leafGroupOf(device)];
  }

  public int poolIndexOf(int device) {
    return poolOfNode[nodeOf(device)];
  }

  public PoolSpec poolOf(int device) {
    return pools[poolIndexOf(device)];
  }

  // ---- ranges --------------------------------------------------------------------------------

  public int firstDeviceOfNode(int node) {
    return firstDeviceOfNode[Objects.checkIndex(node, poolOfNode.length)];
  }

  public int devicesOnNode(int node) {
    return firstDeviceOfNode[node + 1] - firstDeviceOfNode(node);
  }

  public int poolIndexOfNode(int node) {
    return poolOfNode[Objects.checkIndex(node, poolOfNode.length)];
  }

  public int leafGroupOfNode(int node) {
    return leafGroupOfNode[Objects.checkIndex(node, poolOfNode.length)];
  }

  public int domainOfNode(int node) {
    return domainOfNode[Objects.checkIndex(node, poolOfNode.length)];
  }

  public int firstNodeOfLeafGroup(int leafGroup) {
    return firstNodeOfLeafGroup[Objects.checkIndex(leafGroup, leafGroupCount())];
  }

  public int nodesInLeafGroup(int leafGroup) {
    return firstNodeOfLeafGroup[leafGroup + 1] - firstNodeOfLeafGroup(leafGroup);
  }

  public int spineGroupOfLeafGroup(int leafGroup) {
    return spineGroupOfLeafGroup[Objects.checkIndex(leafGroup, leafGroupCount())];
  }

  public int firstNodeOfPool(int pool) {
    return firstNodeOfPool[Objects.checkIndex(pool, pools.length)];
  }

  /** {@code pool-0001}: the pool's name and the node's 1-based index within the pool. */
  public String nodeName(int node) {
    PoolSpec pool = pools[poolIndexOfNode(node)];
    int width = Math.max(3, Integer.toString(pool.nodes()).length());
    int index = node - firstNodeOfPool[poolOfNode[node]] + 1;
    return pool.name() + "-" + String.format("%0" + width + "d", index);
  }

  /** {@code pool-0001/3}: the node's name and the device's 0-based local index. */
  public String deviceName(int device) {
    return nodeName(nodeOf(device)) + "/" + localIndexOf(device);
  }

  // ---- distance and bandwidth ----------------------------------------------------------------

  /** The nearest tier that holds both devices. Symmetric; {@link Tier#DEVICE} only for a == b. */
  public Tier lowestCommonTier(int a, int b) {
    int nodeA = nodeOf(a);
    int nodeB = nodeOf(b);
    return a == b ? Tier.DEVICE : tierJoining(nodeA, nodeB);
  }

  /**
   * The nearest tier that holds every device of a non-empty set. Because the tiers nest, this is
   * the farthest tier between the first device and any other: O(k) for k devices, every one of them
   * range-checked.
   */
  public Tier lowestCommonTier(int... devices) {
    if (devices.length == 0) {
      throw new IllegalArgumentException("the lowest common tier of no devices is undefined");
    }
    int first = devices[0];
    int firstNode = nodeOf(first);
    Tier tier = Tier.DEVICE;
    for (int i = 1; i < devices.length; i++) {
      int node = nodeOf(devices[i]);
      if (tier != Tier.CORE && devices[i] != first) {
        tier = tier.max(tierJoining(firstNode, node));
      }
    }
    return tier;
  }

  /** The nearest tier above two different devices on these nodes. */
  private Tier tierJoining(int nodeA, int nodeB) {
    if (nodeA == nodeB) {
      return Tier.NODE;
    }
    if (domainOfNode[nodeA] == domainOfNode[nodeB]) {
      return Tier.SCALE_UP_DOMAIN;
    }
    int groupA = leafGroupOfNode[nodeA];
    int groupB = leafGroupOfNode[nodeB];
    if (groupA == groupB) {
      return Tier.LEAF;
    }
    return spineGroupOfLeafGroup[groupA] == spineGroupOfLeafGroup[groupB] ? Tier.SPINE : Tier.CORE;
  }

  /**
   * Peak bandwidth one device can send to the other, bytes per second each way, with no other
   * traffic: the device's memory bandwidth for a == b; the scale-up link within a scale-up domain;
   * otherwise the slower NIC, divided by the oversubscription of every tier the path climbs.
   */
  public Figure bandwidthBytesPerSecond(int a, int b) {
    Tier tier = lowestCommonTier(a, b);
    PoolSpec poolA = poolOf(a);
    switch (tier) {
      case DEVICE:
        return poolA.accelerator().memoryTBps().times(1e12);
      case NODE:
      case SCALE_UP_DOMAIN:
        return poolA.accelerator().scaleUp().bytesPerSecondEachWay();
      default:
        double nic =
            Math.min(poolA.nicBytesPerSecondPerDevice(), poolOf(b).nicBytesPerSecondPerDevice());
        return Figure.of(nic / oversubscriptionBelow(tier));
    }
  }

  /** Product of the oversubscription ratios a path to {@code tier} climbs through. */
  double oversubscriptionBelow(Tier tier) {
    FabricSpec fabric = spec.fabric();
    switch (tier) {
      case SPINE:
        return fabric.leafOversubscription();
      case CORE:
        return fabric.leafOversubscription() * fabric.spineOversubscription();
      default:
        return 1.0;
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
