package dev.wanka.sched.plugin;

import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.Gang;
import dev.wanka.sched.placement.GangPlacer;
import dev.wanka.sched.placement.Placement;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Tier;
import java.util.Optional;

/**
 * Chooses the devices for a candidate within its pool: whole nodes for a gang of whole nodes (the
 * narrowest tier that holds it, via {@link GangPlacer}), the best-fitting node for work that fits
 * on one, a few devices per node for gangs that ask for that, and the tightest shared device for a
 * share of one device. Works on any {@link FreeCapacity}, so preemption can ask the same question
 * of a what-if copy.
 */
public final class DevicePlacer {
  private DevicePlacer() {}

  /** Why the candidate can never run in its pool, however idle the pool is; or empty. */
  public static Optional<String> neverFits(Cluster cluster, Candidate candidate) {
    Gang gang = candidate.gang();
    PoolSpec pool = cluster.pools().get(candidate.pool());
    int devices = candidate.devices();
    int nodeSize = pool.devicesPerNode();
    if (gang.perNode().isPresent() && gang.perNode().getAsInt() > nodeSize) {
      return Optional.of(
          String.format(
              "asks for %d devices per node; a node of pool %s has %d",
              gang.perNode().getAsInt(), pool.name(), nodeSize));
    }
    if (devices > pool.devices()) {
      return Optional.of(
          String.format(
              "needs %d %s; pool %s has %d in all",
              devices, pool.accelerator().id(), pool.name(), pool.devices()));
    }
    int reachNodes = reachInNodes(cluster, candidate.pool(), gang.widest());
    int reach = reachNodes * nodeSize;
    if (devices > reach) {
      return Optional.of(
          String.format(
              "needs %d %s within one %s; a %s of pool %s holds %d",
              devices,
              pool.accelerator().id(),
              gang.widest().keyword(),
              gang.widest().keyword(),
              pool.name(),
              reach));
    }
    int perNode = perNode(cluster, candidate);
    if (devices / perNode > reachNodes) {
      return Optional.of(
          String.format(
              "needs %d %s as %d on each of %d nodes%s; %s of pool %s has %d nodes",
              devices,
              pool.accelerator().id(),
              perNode,
              devices / perNode,
              within(gang.widest()),
              gang.widest() == Tier.CORE ? "the whole" : "a " + gang.widest().keyword(),
              pool.name(),
              reachNodes));
    }
    if (gang.tensorParallel().isPresent()) {
      int tp = gang.tensorParallel().getAsInt();
      int domain = pool.domainNodes() * nodeSize;
      if (tp > perNode && tp / perNode > pool.domainNodes()) {
        return Optional.of(
            String.format(
                "keeps tensor-parallel groups of %d, %d per node, in one scale-up domain; a"
                    + " domain of pool %s has %d node%s",
                tp, perNode, pool.name(), pool.domainNodes(), pool.domainNodes() == 1 ? "" : "s"));
      }
      if (tp > domain) {
        return Optional.of(
            String.format(
                "keeps tensor-parallel groups of %d in one scale-up domain; a domain of pool %s"
                    + " has %d devices",
                tp, pool.name(), domain));
      }
    }
    return Optional.empty();
  }

  /** The most nodes of the pool within one {@code tier} (for a required topology scope). */
  private static int reachInNodes(Cluster cluster, int pool, Tier tier) {
    PoolSpec spec = cluster.pools().get(pool);
    switch (tier) {
      case NODE:
        return 1;
      case SCALE_UP_DOMAIN:
        return spec.domainNodes();
      case LEAF:
        return Math.min(spec.nodes(), spec.nodesPerLeaf());
      case SPINE:
        return cluster.mostNodesUnderOneSpineGroup(pool);
      default:
        return spec.nodes();
    }
  }

  /** Whether the candidate is a request for one node: a share, or whole devices on one node. */
  public static boolean fitsOnOneNode(Cluster cluster, Candidate candidate) {
    return candidate.gang().isShare()
        || perNode(cluster, candidate) == candidate.devices()
            && candidate.devices() <= cluster.pools().get(candidate.pool()).devicesPerNode();
  }

  /** Whole devices for the candidate on this free capacity, or empty when they are not free. */
  public static Optional<Placement> place(FreeCapacity free, Candidate candidate) {
    int perNode = perNode(free.cluster(), candidate);
    GangPlacer placer = new GangPlacer(free);
    int nodeSize = free.cluster().pools().get(candidate.pool()).devicesPerNode();
    int tp = candidate.gang().tensorParallel().orElse(1);
    int nodesPerGroup = tp > perNode ? tp / perNode : 1;
    if (nodesPerGroup == 1 && (perNode == nodeSize || perNode == candidate.devices())) {
      return placer.place(candidate.pool(), candidate.devices(), candidate.gang().widest());
    }
    return placer.placeSpread(
        candidate.pool(), candidate.devices(), perNode, candidate.gang().widest(), nodesPerGroup);
  }

  /**
   * A share of one device for the candidate: the shared device with the least room that holds it,
   * else a free device on the best-fitting node; or empty.
   */
  public static Optional<Placement> placeShare(DeviceLedger ledger, Candidate candidate) {
    int milli = candidate.gang().milliPerDevice();
    int device = ledger.tightestSharedDevice(candidate.pool(), milli);
    if (device < 0) {
      int node = ledger.free().bestFitNode(candidate.pool(), 1);
      if (node < 0) {
        return Optional.empty();
      }
      device = ledger.free().nextFreeDevice(node, ledger.cluster().firstDeviceOfNode(node));
    }
    return Optional.of(new Placement(new int[] {device}, Tier.DEVICE));
  }

  /** Why {@link #place} found nothing, naming the largest free block where the gang must fit. */
  public static String explain(FreeCapacity free, Candidate candidate) {
    Cluster cluster = free.cluster();
    PoolSpec pool = cluster.pools().get(candidate.pool());
    int perNode = perNode(cluster, candidate);
    if (candidate.gang().isShare()) {
      return String.format(
          "needs %.3f of one %s; no device of pool %s has that much free",
          candidate.gang().milliPerDevice() / 1000.0, pool.accelerator().id(), pool.name());
    }
    if (perNode == pool.devicesPerNode() || perNode == candidate.devices()) {
      return new GangPlacer(free)
          .explain(candidate.pool(), candidate.devices(), candidate.gang().widest());
    }
    return String.format(
        "needs %d %s as %d on each of %d nodes%s; not enough nodes of pool %s have %d free%s",
        candidate.devices(),
        pool.accelerator().id(),
        perNode,
        candidate.devices() / perNode,
        within(candidate.gang().widest()),
        pool.name(),
        perNode,
        candidate.gang().widest() == Tier.CORE ? "" : " there");
  }

  private static String within(Tier widest) {
    return widest == Tier.CORE ? "" : " within one " + widest.keyword();
  }

  /**
   * Devices per node for the candidate: what the gang asks for; else all of them when they fit on a
   * node; else the largest divisor of the size that fits on a node and keeps tensor-parallel groups
   * whole (a multiple of the group, or a divisor of it when groups span nodes) — whole nodes when
   * the size allows.
   */
  static int perNode(Cluster cluster, Candidate candidate) {
    int nodeSize = cluster.pools().get(candidate.pool()).devicesPerNode();
    int devices = candidate.devices();
    Gang gang = candidate.gang();
    if (gang.perNode().isPresent()) {
      return gang.perNode().getAsInt();
    }
    if (devices <= nodeSize) {
      return devices;
    }
    int tp = gang.tensorParallel().orElse(1);
    for (int k = nodeSize; k > 1; k--) {
      if (devices % k == 0 && (k % tp == 0 || tp % k == 0)) {
        return k;
      }
    }
    return 1;
  }
}
