package dev.wanka.sim.fgd;

import dev.wanka.sched.fragmentation.GpuNode;
import dev.wanka.sched.fragmentation.PodRequest;
import dev.wanka.sim.trace.OpenbTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One seed's input to the experiment (PROTOCOL §2): the pods in arrival order, inflation clones
 * included, and every node's tie-breaking rank.
 */
public record ArrivalOrder(List<PodRequest> pods, Map<String, Integer> nodeRanks) {
  public ArrivalOrder {
    pods = List.copyOf(pods);
    nodeRanks = Map.copyOf(nodeRanks);
  }

  /** Empty nodes of the trace, in file order, ranked by this order. */
  public List<GpuNode> freshNodes(OpenbTrace trace) {
    List<GpuNode> fresh = new ArrayList<>(trace.nodes().size());
    for (OpenbTrace.Node node : trace.nodes()) {
      Integer rank = nodeRanks.get(node.name());
      if (rank == null) {
        throw new IllegalArgumentException("no rank for node " + node.name());
      }
      fresh.add(
          new GpuNode(
              node.name(),
              rank,
              node.cpuMilli(),
              node.memoryMib(),
              node.gpuCount(),
              node.gpuModel()));
    }
    return fresh;
  }
}
