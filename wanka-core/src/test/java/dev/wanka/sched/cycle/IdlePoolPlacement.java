package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.CheckedRun.straddledGroup;
import static dev.wanka.sched.cycle.RandomWorld.describe;
import static dev.wanka.sched.cycle.RandomWorld.workload;
import static dev.wanka.sched.cycle.RandomWorld.world;

import dev.wanka.sched.Gang;
import dev.wanka.sched.cycle.RandomWorld.World;
import dev.wanka.sched.plugin.Candidate;
import dev.wanka.sched.plugin.DevicePlacer;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Tier;
import dev.wanka.workload.AcceleratorChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * P7, the placer's side of P5: gangs that {@link DevicePlacer#neverFits} lets into a pool, placed
 * on the idle pool, and what is wrong where that fails.
 */
final class IdlePoolPlacement {
  private IdlePoolPlacement() {}

  /**
   * "[tag] report" for each candidate of 20 random gangs that passes pool-fit but not placement.
   */
  static List<String> idleProblems(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    World world = world(r);
    Cluster cluster = world.cluster();
    List<String> problems = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      Gang gang = Gang.of(workload(i, 0, r, world)).get(0);
      if (gang.isShare() || !gang.needsDevices()) {
        continue;
      }
      for (AcceleratorChoice choice : gang.accelerators()) {
        for (int pool = 0; pool < cluster.pools().size(); pool++) {
          if (!cluster.pools().get(pool).accelerator().id().equals(choice.acceleratorId())) {
            continue;
          }
          for (int size : gang.sizes()) {
            Candidate candidate = new Candidate(gang, pool, choice.acceleratorId(), size);
            if (DevicePlacer.neverFits(cluster, candidate).isPresent()) {
              continue;
            }
            String[] problem = idlePlacementProblem(cluster, candidate);
            if (problem != null) {
              problems.add(
                  "P7 a gang its pool can hold is placed on the idle pool ["
                      + problem[0]
                      + "]: "
                      + candidate
                      + " passes the pool-fit filter (DevicePlacer.neverFits), but on the idle"
                      + " pool "
                      + problem[1]
                      + "\n  gang: "
                      + describe(gang.workload())
                      + "\n\nseed "
                      + seed
                      + "\ncluster:\n"
                      + world.yaml());
            }
          }
        }
      }
    }
    return problems;
  }

  /** What is wrong with placing the candidate on its idle pool, as {tag, words}; or null. */
  static String[] idlePlacementProblem(Cluster cluster, Candidate candidate) {
    Gang gang = candidate.gang();
    PoolSpec pool = cluster.pools().get(candidate.pool());
    Optional<dev.wanka.sched.placement.Placement> placement;
    try {
      placement = DevicePlacer.place(new FreeCapacity(cluster), candidate);
    } catch (RuntimeException e) {
      return new String[] {"throws", "placing it throws " + e};
    }
    if (placement.isEmpty()) {
      int perNode = perNode(pool, candidate);
      int nodes = candidate.devices() / perNode;
      int spine = largestSpineGroup(cluster, candidate.pool());
      if (gang.widest() == Tier.SPINE && candidate.devices() > spine * pool.devicesPerNode()) {
        return new String[] {
          "spine-reach",
          "DevicePlacer.place finds nothing: the largest spine group of the pool holds "
              + spine * pool.devicesPerNode()
              + " devices (neverFits counts a spine as the whole pool)"
        };
      }
      int scope = nodesWithin(pool, gang.widest(), spine);
      if (nodes > scope) {
        return new String[] {
          "equal-split-beyond-scope",
          "DevicePlacer.place finds nothing: it splits the gang evenly, "
              + perNode
              + " per node over "
              + nodes
              + " nodes, and one "
              + gang.widest().keyword()
              + " of the pool has "
              + scope
              + " nodes (neverFits counts devices, not nodes)"
        };
      }
      if (gang.widest() == Tier.SCALE_UP_DOMAIN
          && perNode < pool.devicesPerNode()
          && candidate.devices() > perNode) {
        return new String[] {
          "domain-scope-spread",
          "DevicePlacer.place finds nothing: "
              + perNode
              + " per node within one scale-up domain goes to GangPlacer.placeSpread, which"
              + " tries leaf groups, spine groups and the pool but never a domain"
        };
      }
      return new String[] {"nothing", "DevicePlacer.place finds nothing"};
    }
    int[] devices = placement.get().devices();
    if (devices.length != candidate.devices()) {
      return new String[] {"size", "it gets " + devices.length + " devices"};
    }
    if (cluster.lowestCommonTier(devices).compareTo(gang.widest()) > 0) {
      return new String[] {
        "scope", "it spans " + cluster.lowestCommonTier(devices) + ", beyond " + gang.widest()
      };
    }
    int straddled = straddledGroup(cluster, gang, devices);
    if (straddled >= 0) {
      return new String[] {
        gang.perNode().isPresent() ? "tensor-parallel-with-devices-per-node" : "tensor-parallel",
        "the placement "
            + Arrays.toString(devices)
            + " ("
            + perNode(pool, candidate)
            + " per node) has tensor-parallel group "
            + straddled
            + " straddling two scale-up domains, so the tensor-parallel permit refuses it, in"
            + " every cycle"
      };
    }
    return null;
  }

  /** The most nodes of the pool under one spine group. */
  private static int largestSpineGroup(Cluster cluster, int pool) {
    Map<Integer, Integer> bySpine = new TreeMap<>();
    for (int node = 0; node < cluster.nodeCount(); node++) {
      if (cluster.poolIndexOfNode(node) == pool) {
        bySpine.merge(
            cluster.spineGroupOfLeafGroup(cluster.leafGroupOfNode(node)), 1, Integer::sum);
      }
    }
    return bySpine.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The most nodes of the pool within one tier. */
  private static int nodesWithin(PoolSpec pool, Tier tier, int nodesPerSpine) {
    switch (tier) {
      case DEVICE:
      case NODE:
        return 1;
      case SCALE_UP_DOMAIN:
        return pool.domainNodes();
      case LEAF:
        return Math.min(pool.nodes(), pool.nodesPerLeaf());
      case SPINE:
        return nodesPerSpine;
      default:
        return pool.nodes();
    }
  }

  /** Devices per node as DevicePlacer chooses them (its package-private rule, restated). */
  private static int perNode(PoolSpec pool, Candidate candidate) {
    int nodeSize = pool.devicesPerNode();
    int devices = candidate.devices();
    if (candidate.gang().perNode().isPresent()) {
      return candidate.gang().perNode().getAsInt();
    }
    if (devices <= nodeSize || devices % nodeSize == 0) {
      return Math.min(devices, nodeSize);
    }
    for (int k = nodeSize; k > 1; k--) {
      if (devices % k == 0) {
        return k;
      }
    }
    return 1;
  }
}
