package dev.wanka.sched.state;

import dev.wanka.topology.Cluster;
import java.util.BitSet;

/**
 * Which devices of a cluster are free, indexed at every level of the topology so that placement
 * asks "the first node / scale-up domain / leaf group of this pool with k free devices" in O(log n)
 * and taking or returning k devices costs O(k log n), never O(cluster). Levels are contiguous
 * ranges in pool order (see {@link Cluster}), so a pool's nodes, domains and leaf groups are index
 * ranges of the same trees. Spine groups may hold several pools, so their free counts are kept per
 * pool. Mutable, not thread-safe; the scheduler owns one.
 */
public final class FreeCapacity {
  private final Cluster cluster;
  private final BitSet taken;
  private final MaxTree freeOnNode;
  private final MaxTree freeInDomain;
  private final MaxTree freeInLeafGroup;
  private final int[][] freeInSpineGroupByPool;
  private final int[] freeInPool;

  /** nodesByFree[k]: the nodes with exactly k free devices (idle nodes: k = devices on node). */
  private final BitSet[] nodesByFree;

  /** nodesWithFreeByPool[pool][k]: how many of the pool's nodes have exactly k free devices. */
  private final int[][] nodesWithFreeByPool;

  private final MaxTree idleNodesInDomain;
  private final MaxTree idleNodesInLeafGroup;
  private final int[][] idleNodesInSpineGroupByPool;

  /** Every device of the cluster free. */
  public FreeCapacity(Cluster cluster) {
    this.cluster = cluster;
    this.taken = new BitSet(cluster.deviceCount());
    int[] nodes = new int[cluster.nodeCount()];
    int[] domains = new int[cluster.domainCount()];
    int[] leafGroups = new int[cluster.leafGroupCount()];
    this.freeInSpineGroupByPool = new int[cluster.pools().size()][cluster.spineGroupCount()];
    this.freeInPool = new int[cluster.pools().size()];
    int widestNode = 0;
    for (int pool = 0; pool < cluster.pools().size(); pool++) {
      widestNode = Math.max(widestNode, cluster.pools().get(pool).devicesPerNode());
    }
    this.nodesByFree = new BitSet[widestNode + 1];
    for (int k = 0; k <= widestNode; k++) {
      nodesByFree[k] = new BitSet(cluster.nodeCount());
    }
    this.nodesWithFreeByPool = new int[cluster.pools().size()][];
    for (int pool = 0; pool < cluster.pools().size(); pool++) {
      nodesWithFreeByPool[pool] = new int[cluster.pools().get(pool).devicesPerNode() + 1];
    }
    int[] idleDomains = new int[cluster.domainCount()];
    int[] idleLeafGroups = new int[cluster.leafGroupCount()];
    this.idleNodesInSpineGroupByPool = new int[cluster.pools().size()][cluster.spineGroupCount()];
    for (int node = 0; node < cluster.nodeCount(); node++) {
      int devices = cluster.devicesOnNode(node);
      int leafGroup = cluster.leafGroupOfNode(node);
      int pool = cluster.poolIndexOfNode(node);
      int spineGroup = cluster.spineGroupOfLeafGroup(leafGroup);
      nodes[node] = devices;
      domains[cluster.domainOfNode(node)] += devices;
      leafGroups[leafGroup] += devices;
      freeInSpineGroupByPool[pool][spineGroup] += devices;
      freeInPool[pool] += devices;
      nodesByFree[devices].set(node);
      nodesWithFreeByPool[pool][devices]++;
      idleDomains[cluster.domainOfNode(node)]++;
      idleLeafGroups[leafGroup]++;
      idleNodesInSpineGroupByPool[pool][spineGroup]++;
    }
    this.freeOnNode = MaxTree.of(nodes);
    this.freeInDomain = MaxTree.of(domains);
    this.freeInLeafGroup = MaxTree.of(leafGroups);
    this.idleNodesInDomain = MaxTree.of(idleDomains);
    this.idleNodesInLeafGroup = MaxTree.of(idleLeafGroups);
  }

  private FreeCapacity(FreeCapacity other) {
    this.cluster = other.cluster;
    this.taken = (BitSet) other.taken.clone();
    this.freeOnNode = other.freeOnNode.copy();
    this.freeInDomain = other.freeInDomain.copy();
    this.freeInLeafGroup = other.freeInLeafGroup.copy();
    this.freeInSpineGroupByPool = deepCopy(other.freeInSpineGroupByPool);
    this.freeInPool = other.freeInPool.clone();
    this.nodesByFree = new BitSet[other.nodesByFree.length];
    for (int k = 0; k < nodesByFree.length; k++) {
      nodesByFree[k] = (BitSet) other.nodesByFree[k].clone();
    }
    this.nodesWithFreeByPool = deepCopy(other.nodesWithFreeByPool);
    this.idleNodesInDomain = other.idleNodesInDomain.copy();
    this.idleNodesInLeafGroup = other.idleNodesInLeafGroup.copy();
    this.idleNodesInSpineGroupByPool = deepCopy(other.idleNodesInSpineGroupByPool);
  }

  /**
   * An independent copy, for what-if questions ("would this gang fit if those jobs stopped?"):
   * O(cluster), so for preemption and reservation planning, not for every placement.
   */
  public FreeCapacity copy() {
    return new FreeCapacity(this);
  }

  private static int[][] deepCopy(int[][] rows) {
    int[][] copy = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }

  public Cluster cluster() {
    return cluster;
  }

  public boolean isFree(int device) {
    return !taken.get(checked(device));
  }

  /**
   * Marks a free device taken: O(log n).
   *
   * @throws IllegalStateException if it is already taken (a device is never allocated twice)
   */
  public void take(int device) {
    if (taken.get(checked(device))) {
      throw new IllegalStateException("device " + cluster.deviceName(device) + " is already taken");
    }
    taken.set(device);
    count(device, -1);
  }

  /**
   * Marks a taken device free again: O(log n).
   *
   * @throws IllegalStateException if it is already free
   */
  public void release(int device) {
    if (!taken.get(checked(device))) {
      throw new IllegalStateException("device " + cluster.deviceName(device) + " is already free");
    }
    taken.clear(device);
    count(device, +1);
  }

  private void count(int device, int delta) {
    int node = cluster.nodeOf(device);
    int leafGroup = cluster.leafGroupOfNode(node);
    int pool = cluster.poolIndexOfNode(node);
    int before = freeOnNode.get(node);
    int after = before + delta;
    nodesByFree[before].clear(node);
    nodesByFree[after].set(node);
    nodesWithFreeByPool[pool][before]--;
    nodesWithFreeByPool[pool][after]++;
    int whole = cluster.devicesOnNode(node);
    int idleChange = (after == whole ? 1 : 0) - (before == whole ? 1 : 0);
    if (idleChange != 0) {
      idleNodesInDomain.add(cluster.domainOfNode(node), idleChange);
      idleNodesInLeafGroup.add(leafGroup, idleChange);
      idleNodesInSpineGroupByPool[pool][cluster.spineGroupOfLeafGroup(leafGroup)] += idleChange;
    }
    freeOnNode.add(node, delta);
    freeInDomain.add(cluster.domainOfNode(node), delta);
    freeInLeafGroup.add(leafGroup, delta);
    freeInSpineGroupByPool[pool][cluster.spineGroupOfLeafGroup(leafGroup)] += delta;
    freeInPool[pool] += delta;
  }

  private int checked(int device) {
    if (device < 0 || device >= cluster.deviceCount()) {
      throw new IndexOutOfBoundsException(
          "device " + device + " is outside 0.." + (cluster.deviceCount() - 1));
    }
    return device;
  }

  // ---- counts --------------------------------------------------------------------------------

  public int freeOnNode(int node) {
    return freeOnNode.get(node);
  }

  public int freeInDomain(int domain) {
    return freeInDomain.get(domain);
  }

  public int freeInLeafGroup(int leafGroup) {
    return freeInLeafGroup.get(leafGroup);
  }

  /** Free devices of one pool under one spine group. */
  public int freeInSpineGroup(int pool, int spineGroup) {
    return freeInSpineGroupByPool[pool][spineGroup];
  }

  public int freeInPool(int pool) {
    return freeInPool[pool];
  }

  /**
   * How many of the pool's nodes have exactly {@code devices} free (0 to a node's devices): O(1),
   * for measuring fragmentation without visiting every node.
   */
  public int nodesWithFree(int pool, int devices) {
    return nodesWithFreeByPool[pool][devices];
  }

  // ---- searches within a pool ----------------------------------------------------------------

  /** The first node of the pool with at least {@code devices} free, or -1: O(log n). */
  public int firstNodeWithFree(int pool, int devices) {
    int first = cluster.firstNodeOfPool(pool);
    return freeOnNode.firstAtLeast(first, first + cluster.pools().get(pool).nodes(), devices);
  }

  /** The first node in [fromNode, toNode) with at least {@code devices} free, or -1. */
  public int firstNodeWithFreeBetween(int fromNode, int toNode, int devices) {
    return fromNode >= toNode ? -1 : freeOnNode.firstAtLeast(fromNode, toNode, devices);
  }

  /** The first scale-up domain of the pool with at least {@code devices} free, or -1. */
  public int firstDomainWithFree(int pool, int devices) {
    int[] range = domainRange(pool);
    return freeInDomain.firstAtLeast(range[0], range[1], devices);
  }

  /** The first leaf group of the pool with at least {@code devices} free, or -1. */
  public int firstLeafGroupWithFree(int pool, int devices) {
    int[] range = leafGroupRange(pool);
    return freeInLeafGroup.firstAtLeast(range[0], range[1], devices);
  }

  /** The most free devices on any one node of the pool. */
  public int largestFreeNode(int pool) {
    int first = cluster.firstNodeOfPool(pool);
    return freeOnNode.max(first, first + cluster.pools().get(pool).nodes());
  }

  /** The most free devices in any one scale-up domain of the pool. */
  public int largestFreeDomain(int pool) {
    int[] range = domainRange(pool);
    return freeInDomain.max(range[0], range[1]);
  }

  /** The most free devices under any one leaf group of the pool. */
  public int largestFreeLeafGroup(int pool) {
    int[] range = leafGroupRange(pool);
    return freeInLeafGroup.max(range[0], range[1]);
  }

  /** The most free devices of the pool under any one spine group. */
  public int largestFreeSpineGroup(int pool) {
    int best = 0;
    for (int free : freeInSpineGroupByPool[pool]) {
      best = Math.max(best, free);
    }
    return best;
  }

  // ---- idle (entirely free) nodes, for gangs of whole nodes ------------------------------------

  public boolean isIdle(int node) {
    return freeOnNode.get(node) == cluster.devicesOnNode(node);
  }

  public int idleNodesInDomain(int domain) {
    return idleNodesInDomain.get(domain);
  }

  public int idleNodesInLeafGroup(int leafGroup) {
    return idleNodesInLeafGroup.get(leafGroup);
  }

  /** Idle nodes of one pool under one spine group. */
  public int idleNodesInSpineGroup(int pool, int spineGroup) {
    return idleNodesInSpineGroupByPool[pool][spineGroup];
  }

  /** The first scale-up domain of the pool with at least {@code nodes} idle nodes, or -1. */
  public int firstDomainWithIdleNodes(int pool, int nodes) {
    int[] range = domainRange(pool);
    return idleNodesInDomain.firstAtLeast(range[0], range[1], nodes);
  }

  /** The first leaf group of the pool with at least {@code nodes} idle nodes, or -1. */
  public int firstLeafGroupWithIdleNodes(int pool, int nodes) {
    int[] range = leafGroupRange(pool);
    return idleNodesInLeafGroup.firstAtLeast(range[0], range[1], nodes);
  }

  /** The most idle nodes in one scale-up domain of the pool. */
  public int mostIdleNodesInADomain(int pool) {
    int[] range = domainRange(pool);
    return idleNodesInDomain.max(range[0], range[1]);
  }

  /** The most idle nodes under one leaf group of the pool. */
  public int mostIdleNodesInALeafGroup(int pool) {
    int[] range = leafGroupRange(pool);
    return idleNodesInLeafGroup.max(range[0], range[1]);
  }

  /** The next idle node in [fromNode, toNode), or -1. */
  public int nextIdleNode(int fromNode, int toNode) {
    if (fromNode >= toNode || fromNode >= cluster.nodeCount()) {
      return -1;
    }
    int pool = cluster.poolIndexOfNode(fromNode);
    int whole = cluster.pools().get(pool).devicesPerNode();
    int end = Math.min(toNode, cluster.firstNodeOfPool(pool) + cluster.pools().get(pool).nodes());
    int node = nodesByFree[whole].nextSetBit(fromNode);
    return node >= 0 && node < end ? node : -1;
  }

  /**
   * The node of the pool with the fewest free devices that still holds {@code devices} (best fit,
   * the lowest-numbered among equals), or -1: O(devices per node) bucket lookups.
   */
  public int bestFitNode(int pool, int devices) {
    int first = cluster.firstNodeOfPool(pool);
    int end = first + cluster.pools().get(pool).nodes();
    int whole = cluster.pools().get(pool).devicesPerNode();
    for (int free = Math.max(1, devices); free <= whole; free++) {
      int node = nodesByFree[free].nextSetBit(first);
      if (node >= 0 && node < end) {
        return node;
      }
    }
    return -1;
  }

  /** The first free device of a node at or after {@code fromDevice}, or -1. */
  public int nextFreeDevice(int node, int fromDevice) {
    int end = cluster.firstDeviceOfNode(node) + cluster.devicesOnNode(node);
    int device = taken.nextClearBit(Math.max(fromDevice, cluster.firstDeviceOfNode(node)));
    return device < end ? device : -1;
  }

  /** Scale-up domains of a pool, as [first, end). */
  public int[] domainRange(int pool) {
    int firstNode = cluster.firstNodeOfPool(pool);
    int lastNode = firstNode + cluster.pools().get(pool).nodes() - 1;
    return new int[] {cluster.domainOfNode(firstNode), cluster.domainOfNode(lastNode) + 1};
  }

  /** Leaf groups of a pool, as [first, end). */
  public int[] leafGroupRange(int pool) {
    int firstNode = cluster.firstNodeOfPool(pool);
    int lastNode = firstNode + cluster.pools().get(pool).nodes() - 1;
    return new int[] {cluster.leafGroupOfNode(firstNode), cluster.leafGroupOfNode(lastNode) + 1};
  }
}
