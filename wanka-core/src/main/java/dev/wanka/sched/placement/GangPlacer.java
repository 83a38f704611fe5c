package dev.wanka.sched.placement;

import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Topology-aware placement of a gang of whole nodes (or of one node's worth of devices) in one
 * pool: the narrowest tier that holds it — one node, one scale-up domain, one leaf group, one spine
 * group, then the whole pool — using {@link FreeCapacity}'s indexes, so a query costs O(log n) per
 * tier plus the nodes it returns. Within a spine group or the pool it fills the fullest leaf groups
 * (and spine groups) first, so the gang spans as few as possible. A single-node request goes to the
 * best-fitting node (the fewest free devices that still hold it), which keeps whole nodes free for
 * gangs.
 *
 * <p>When nothing fits within the widest tier allowed, {@link #explain} says what the largest free
 * block at that tier is, in words a person can act on.
 */
public final class GangPlacer {
  private final FreeCapacity free;
  private final Cluster cluster;

  public GangPlacer(FreeCapacity free) {
    this.free = free;
    this.cluster = free.cluster();
  }

  /**
   * A placement for {@code devices} devices of pool {@code pool} within one {@code widest} tier
   * (CORE for anywhere in the pool), or empty. Gangs larger than a node take whole idle nodes.
   *
   * @throws IllegalArgumentException if a multi-node gang is not a multiple of the pool's node
   */
  public Optional<Placement> place(int pool, int devices, Tier widest) {
    PoolSpec spec = cluster.pools().get(pool);
    int perNode = spec.devicesPerNode();
    if (devices <= 0) {
      throw new IllegalArgumentException("devices must be >= 1, was " + devices);
    }
    if (devices <= perNode) {
      int node = free.bestFitNode(pool, devices);
      return node < 0 ? Optional.empty() : Optional.of(onNodes(List.of(node), devices));
    }
    if (devices % perNode != 0) {
      throw new IllegalArgumentException(
          devices + " devices are not whole nodes of " + perNode + " in pool " + spec.name());
    }
    if (widest.compareTo(Tier.NODE) <= 0) {
      return Optional.empty();
    }
    int nodes = devices / perNode;
    if (widest.compareTo(Tier.SCALE_UP_DOMAIN) >= 0 && spec.domainNodes() >= nodes) {
      int domain = free.firstDomainWithIdleNodes(pool, nodes);
      if (domain >= 0) {
        return Optional.of(onNodes(idleNodesOfDomain(domain, nodes), perNode));
      }
    }
    if (widest.compareTo(Tier.LEAF) >= 0) {
      int leafGroup = free.firstLeafGroupWithIdleNodes(pool, nodes);
      if (leafGroup >= 0) {
        return Optional.of(onNodes(idleNodesOfLeafGroup(leafGroup, nodes), perNode));
      }
    }
    if (widest.compareTo(Tier.SPINE) >= 0) {
      int spineGroup = bestFitSpineGroup(pool, nodes);
      if (spineGroup >= 0) {
        List<Integer> leafGroups = leafGroupsOf(pool, spineGroup);
        return Optional.of(onNodes(fullestFirst(leafGroups, nodes), perNode));
      }
    }
    if (widest.compareTo(Tier.CORE) >= 0 && idleNodesInPool(pool) >= nodes) {
      List<Integer> leafGroups = new ArrayList<>();
      for (int spineGroup : spineGroupsFullestFirst(pool)) {
        leafGroups.addAll(leafGroupsOf(pool, spineGroup));
      }
      return Optional.of(onNodes(fullestFirstKeepingSpines(leafGroups, nodes), perNode));
    }
    return Optional.empty();
  }

  /**
   * A placement of {@code devices} devices as {@code perNode} on each of devices / perNode nodes (a
   * gang of several processes per node that do not need whole nodes), within one {@code widest}
   * tier, or empty. With perNode equal to the pool's node size this is {@link #place}. The scale-up
   * domain, then the leaf group, then the spine group with the least room that holds it is taken,
   * and in it the nodes with the least room, which packs the fragments and keeps idle nodes for
   * whole-node gangs. The search scans each candidate domain, leaf group or spine group for nodes
   * with room: O(groups x nodes needed x log n), not yet indexed.
   */
  public Optional<Placement> placeSpread(int pool, int devices, int perNode, Tier widest) {
    return placeSpread(pool, devices, perNode, widest, 1);
  }

  /**
   * As {@link #placeSpread(int, int, int, Tier)}, with the nodes taken in groups of {@code
   * nodesPerGroup} from one scale-up domain each, consecutive in rank order: a tensor-parallel
   * group that spans several nodes stays inside one domain.
   */
  public Optional<Placement> placeSpread(
      int pool, int devices, int perNode, Tier widest, int nodesPerGroup) {
    PoolSpec spec = cluster.pools().get(pool);
    if (nodesPerGroup < 1 || (devices / Math.max(1, perNode)) % nodesPerGroup != 0) {
      throw new IllegalArgumentException(
          "nodes per group must be >= 1 and divide the nodes of the gang, was " + nodesPerGroup);
    }
    if (perNode <= 0 || perNode > spec.devicesPerNode() || devices % perNode != 0) {
      throw new IllegalArgumentException(
          devices
              + " devices cannot be spread "
              + perNode
              + " per node over nodes of "
              + spec.devicesPerNode());
    }
    if (nodesPerGroup == 1 && (perNode == spec.devicesPerNode() || devices == perNode)) {
      return place(pool, devices, widest);
    }
    int nodes = devices / perNode;
    if (widest.compareTo(Tier.SCALE_UP_DOMAIN) >= 0 && spec.domainNodes() >= nodes) {
      List<List<Integer>> candidates = new ArrayList<>();
      int[] range = free.domainRange(pool);
      for (int domain = range[0]; domain < range[1]; domain++) {
        int first = firstNodeOfDomain(domain);
        candidates.add(nodesWithRoomBetween(first, first + spec.domainNodes(), perNode));
      }
      Optional<Placement> inOneDomain = tightest(candidates, perNode, nodes, nodesPerGroup);
      if (inOneDomain.isPresent()) {
        return inOneDomain;
      }
    }
    if (widest.compareTo(Tier.LEAF) >= 0) {
      List<List<Integer>> candidates = new ArrayList<>();
      int[] range = free.leafGroupRange(pool);
      for (int leafGroup = range[0]; leafGroup < range[1]; leafGroup++) {
        candidates.add(nodesWithRoom(List.of(leafGroup), perNode));
      }
      Optional<Placement> inOneLeaf = tightest(candidates, perNode, nodes, nodesPerGroup);
      if (inOneLeaf.isPresent()) {
        return inOneLeaf;
      }
    }
    if (widest.compareTo(Tier.SPINE) >= 0) {
      List<List<Integer>> candidates = new ArrayList<>();
      for (int spineGroup = 0; spineGroup < cluster.spineGroupCount(); spineGroup++) {
        candidates.add(nodesWithRoom(leafGroupsOf(pool, spineGroup), perNode));
      }
      Optional<Placement> inOneSpine = tightest(candidates, perNode, nodes, nodesPerGroup);
      if (inOneSpine.isPresent()) {
        return inOneSpine;
      }
    }
    if (widest.compareTo(Tier.CORE) >= 0) {
      int[] range = free.leafGroupRange(pool);
      List<Integer> all = new ArrayList<>();
      for (int leafGroup = range[0]; leafGroup < range[1]; leafGroup++) {
        all.add(leafGroup);
      }
      return tightest(List.of(nodesWithRoom(all, perNode)), perNode, nodes, nodesPerGroup);
    }
    return Optional.empty();
  }

  /**
   * Of the groups that have enough usable nodes with room, the one with the least room in total
   * (best fit, the first on ties); in it, the nodes with the least room first. With {@code
   * nodesPerGroup} above 1 a node is usable only as part of a whole group of that many nodes with
   * room in one scale-up domain, and the domains with the least room give their groups first.
   */
  private Optional<Placement> tightest(
      List<List<Integer>> groups, int perNode, int nodes, int nodesPerGroup) {
    List<Integer> best = null;
    long bestRoom = Long.MAX_VALUE;
    for (List<Integer> group : groups) {
      if (usable(group, nodesPerGroup) < nodes) {
        continue;
      }
      long room = 0;
      for (int node : group) {
        room += free.freeOnNode(node);
      }
      if (room < bestRoom) {
        best = group;
        bestRoom = room;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    Comparator<Integer> leastRoom =
        Comparator.comparingInt((Integer n) -> free.freeOnNode(n)).thenComparingInt(n -> n);
    List<Integer> chosen = new ArrayList<>();
    if (nodesPerGroup == 1) {
      List<Integer> sorted = new ArrayList<>(best);
      sorted.sort(leastRoom);
      chosen.addAll(sorted.subList(0, nodes));
    } else {
      List<List<Integer>> domains = new ArrayList<>(byDomain(best).values());
      for (List<Integer> domain : domains) {
        domain.sort(leastRoom);
      }
      domains.sort(
          Comparator.comparingLong(
              (List<Integer> d) -> d.stream().mapToLong(free::freeOnNode).sum()));
      for (List<Integer> domain : domains) {
        for (int k = 0;
            k + nodesPerGroup <= domain.size() && chosen.size() < nodes;
            k += nodesPerGroup) {
          chosen.addAll(domain.subList(k, k + nodesPerGroup));
        }
      }
    }
    chosen.sort(null);
    return Optional.of(onNodes(chosen, perNode));
  }

  /** Nodes of the list usable in whole groups of {@code nodesPerGroup} within one domain. */
  private int usable(List<Integer> nodes, int nodesPerGroup) {
    if (nodesPerGroup == 1) {
      return nodes.size();
    }
    int usable = 0;
    for (List<Integer> domain : byDomain(nodes).values()) {
      usable += domain.size() / nodesPerGroup * nodesPerGroup;
    }
    return usable;
  }

  private Map<Integer, List<Integer>> byDomain(List<Integer> nodes) {
    Map<Integer, List<Integer>> byDomain = new TreeMap<>();
    for (int node : nodes) {
      byDomain.computeIfAbsent(cluster.domainOfNode(node), d -> new ArrayList<>()).add(node);
    }
    return byDomain;
  }

  /** Every node of these leaf groups with at least {@code perNode} free devices. */
  private List<Integer> nodesWithRoom(List<Integer> leafGroups, int perNode) {
    List<Integer> found = new ArrayList<>();
    for (int leafGroup : leafGroups) {
      int from = cluster.firstNodeOfLeafGroup(leafGroup);
      found.addAll(nodesWithRoomBetween(from, from + cluster.nodesInLeafGroup(leafGroup), perNode));
    }
    return found;
  }

  /** Every node in [from, to) with at least {@code perNode} free devices. */
  private List<Integer> nodesWithRoomBetween(int from, int to, int perNode) {
    List<Integer> found = new ArrayList<>();
    for (int node = free.firstNodeWithFreeBetween(from, to, perNode);
        node >= 0;
        node = free.firstNodeWithFreeBetween(node + 1, to, perNode)) {
      found.add(node);
    }
    return found;
  }

  /**
   * Why {@link #place} found nothing: the largest free block at the widest tier allowed. Asked of
   * every gang left waiting in every cycle, so built by concatenation, not {@code String.format}.
   */
  public String explain(int pool, int devices, Tier widest) {
    PoolSpec spec = cluster.pools().get(pool);
    String type = spec.accelerator().id();
    int perNode = spec.devicesPerNode();
    if (devices <= perNode) {
      return "needs "
          + devices
          + " "
          + type
          + " on one node; the most free on any node of pool "
          + spec.name()
          + " is "
          + free.largestFreeNode(pool);
    }
    int largest;
    String where;
    switch (widest) {
      case NODE:
        return "needs "
            + devices
            + " "
            + type
            + " on one node, but a node of pool "
            + spec.name()
            + " holds "
            + perNode;
      case SCALE_UP_DOMAIN:
        largest = free.mostIdleNodesInADomain(pool) * perNode;
        where = "scale-up domain";
        break;
      case LEAF:
        largest = free.mostIdleNodesInALeafGroup(pool) * perNode;
        where = "leaf";
        break;
      case SPINE:
        largest = mostIdleNodesInASpineGroup(pool) * perNode;
        where = "spine";
        break;
      default:
        largest = idleNodesInPool(pool) * perNode;
        where = "pool";
        break;
    }
    String within =
        where.equals("pool") ? "pool " + spec.name() : "a " + where + " of pool " + spec.name();
    return "needs "
        + devices
        + " "
        + type
        + " ("
        + devices / perNode
        + " whole nodes) within one "
        + where
        + "; the largest free block of whole nodes in "
        + within
        + " is "
        + largest;
  }

  // ---- choosing nodes ------------------------------------------------------------------------

  private List<Integer> idleNodesOfDomain(int domain, int nodes) {
    int first = firstNodeOfDomain(domain);
    return idleNodesBetween(
        first, first + cluster.pools().get(cluster.poolIndexOfNode(first)).domainNodes(), nodes);
  }

  private int firstNodeOfDomain(int domain) {
    // Domains are contiguous runs of domainNodes nodes within a pool.
    for (int pool = 0; pool < cluster.pools().size(); pool++) {
      int[] range = free.domainRange(pool);
      if (domain >= range[0] && domain < range[1]) {
        return cluster.firstNodeOfPool(pool)
            + (domain - range[0]) * cluster.pools().get(pool).domainNodes();
      }
    }
    throw new IllegalArgumentException("no domain " + domain);
  }

  private List<Integer> idleNodesOfLeafGroup(int leafGroup, int nodes) {
    int first = cluster.firstNodeOfLeafGroup(leafGroup);
    return idleNodesBetween(first, first + cluster.nodesInLeafGroup(leafGroup), nodes);
  }

  private List<Integer> idleNodesBetween(int from, int to, int nodes) {
    List<Integer> chosen = new ArrayList<>(nodes);
    for (int node = free.nextIdleNode(from, to);
        node >= 0 && chosen.size() < nodes;
        node = free.nextIdleNode(node + 1, to)) {
      chosen.add(node);
    }
    return chosen;
  }

  /** Idle nodes from the leaf groups with the most idle nodes first: the fewest leaves spanned. */
  private List<Integer> fullestFirst(List<Integer> leafGroups, int nodes) {
    List<Integer> sorted = new ArrayList<>(leafGroups);
    sorted.sort(
        Comparator.comparingInt((Integer g) -> -free.idleNodesInLeafGroup(g))
            .thenComparingInt(g -> g));
    return takeFrom(sorted, nodes);
  }

  /** As {@link #fullestFirst}, keeping the spine groups' order (fullest spine group first). */
  private List<Integer> fullestFirstKeepingSpines(List<Integer> leafGroupsBySpine, int nodes) {
    List<Integer> chosen = new ArrayList<>(nodes);
    int index = 0;
    while (index < leafGroupsBySpine.size() && chosen.size() < nodes) {
      int spineGroup = cluster.spineGroupOfLeafGroup(leafGroupsBySpine.get(index));
      List<Integer> sameSpine = new ArrayList<>();
      while (index < leafGroupsBySpine.size()
          && cluster.spineGroupOfLeafGroup(leafGroupsBySpine.get(index)) == spineGroup) {
        sameSpine.add(leafGroupsBySpine.get(index++));
      }
      chosen.addAll(fullestFirst(sameSpine, nodes - chosen.size()));
    }
    chosen.sort(null);
    return chosen;
  }

  private List<Integer> takeFrom(List<Integer> leafGroups, int nodes) {
    List<Integer> chosen = new ArrayList<>(nodes);
    for (int leafGroup : leafGroups) {
      if (chosen.size() == nodes) {
        break;
      }
      chosen.addAll(
          idleNodesOfLeafGroup(
              leafGroup, Math.min(nodes - chosen.size(), free.idleNodesInLeafGroup(leafGroup))));
    }
    chosen.sort(null);
    return chosen;
  }

  private int bestFitSpineGroup(int pool, int nodes) {
    int best = -1;
    for (int spineGroup = 0; spineGroup < cluster.spineGroupCount(); spineGroup++) {
      int idle = free.idleNodesInSpineGroup(pool, spineGroup);
      if (idle >= nodes && (best < 0 || idle < free.idleNodesInSpineGroup(pool, best))) {
        best = spineGroup;
      }
    }
    return best;
  }

  private List<Integer> spineGroupsFullestFirst(int pool) {
    List<Integer> spineGroups = new ArrayList<>();
    for (int spineGroup = 0; spineGroup < cluster.spineGroupCount(); spineGroup++) {
      if (free.idleNodesInSpineGroup(pool, spineGroup) > 0) {
        spineGroups.add(spineGroup);
      }
    }
    spineGroups.sort(
        Comparator.comparingInt((Integer s) -> -free.idleNodesInSpineGroup(pool, s))
            .thenComparingInt(s -> s));
    return spineGroups;
  }

  private int mostIdleNodesInASpineGroup(int pool) {
    int most = 0;
    for (int spineGroup = 0; spineGroup < cluster.spineGroupCount(); spineGroup++) {
      most = Math.max(most, free.idleNodesInSpineGroup(pool, spineGroup));
    }
    return most;
  }

  private int idleNodesInPool(int pool) {
    int idle = 0;
    for (int spineGroup = 0; spineGroup < cluster.spineGroupCount(); spineGroup++) {
      idle += free.idleNodesInSpineGroup(pool, spineGroup);
    }
    return idle;
  }

  /** The leaf groups of a pool under one spine group (contiguous in leaf-group order). */
  private List<Integer> leafGroupsOf(int pool, int spineGroup) {
    int[] range = free.leafGroupRange(pool);
    List<Integer> leafGroups = new ArrayList<>();
    for (int leafGroup = range[0]; leafGroup < range[1]; leafGroup++) {
      if (cluster.spineGroupOfLeafGroup(leafGroup) == spineGroup) {
        leafGroups.add(leafGroup);
      }
    }
    return leafGroups;
  }

  /** The first {@code perNode} free devices of each node, in node order. */
  private Placement onNodes(List<Integer> nodes, int perNode) {
    int[] devices = new int[nodes.size() * perNode];
    int next = 0;
    for (int node : nodes) {
      int device = free.nextFreeDevice(node, cluster.firstDeviceOfNode(node));
      for (int i = 0; i < perNode; i++) {
        devices[next++] = device;
        device = free.nextFreeDevice(node, device + 1);
      }
    }
    Tier spans = devices.length == 0 ? Tier.NODE : cluster.lowestCommonTier(devices);
    return new Placement(devices, spans);
  }
}
