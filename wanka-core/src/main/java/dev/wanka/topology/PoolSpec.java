package dev.wanka.topology;

import dev.wanka.catalog.Accelerator;
import java.util.OptionalDouble;

/**
 * A pool of identical nodes in a cluster.
 *
 * @param name slug, unique in the cluster; nodes are named {@code name-0001} and so on
 * @param domainNodes nodes per scale-up domain (1: the node is the domain)
 * @param nicsPerNode scale-out NICs per node (the rails, in a rail-optimized fabric)
 * @param nicGbps bandwidth of one NIC, Gb/s
 * @param nodesPerLeaf nodes under one leaf (or one set of rail leaves) for this pool
 * @param capexPerNode purchase price of one node, in the cluster's currency, when priced
 * @param nodeOverheadWatts power of one node beyond its accelerators (CPUs, NICs, fans) at full
 *     load
 * @param cpusPerNode CPU cores of one node that work may use; 0 when the spec does not say
 * @param memoryGiBPerNode host memory of one node that work may use, GiB; 0 when the spec does not
 *     say
 */
public record PoolSpec(
    String name,
    Accelerator accelerator,
    int nodes,
    int devicesPerNode,
    int domainNodes,
    int nicsPerNode,
    double nicGbps,
    int nodesPerLeaf,
    OptionalDouble capexPerNode,
    double nodeOverheadWatts,
    int cpusPerNode,
    int memoryGiBPerNode) {

  /** Whether the spec describes the nodes' CPU and memory (needed to place CPU-only work). */
  public boolean describesHost() {
    return cpusPerNode > 0 && memoryGiBPerNode > 0;
  }

  public int devices() {
    return nodes * devicesPerNode;
  }

  /** Scale-out bandwidth of one device, bytes per second each way. */
  public double nicBytesPerSecondPerDevice() {
    return nicsPerNode * nicGbps * 1e9 / 8 / devicesPerNode;
  }
}
