package dev.wanka.sim.fgd;

import dev.wanka.sched.fragmentation.GpuNode;
import dev.wanka.sched.fragmentation.NodeFragmentation;
import dev.wanka.sched.fragmentation.PackingPolicy;
import dev.wanka.sched.fragmentation.PodPlacer;
import dev.wanka.sched.fragmentation.PodRequest;
import dev.wanka.sched.fragmentation.TypicalPods;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The FGD experiment's scheduling loop (PROTOCOL §3) and its metrics (§6): pods arrive one at a
 * time and are placed by the scheduler core's {@link PodPlacer} or dropped for good; after every
 * pod event the allocated and requested GPU milli and the cluster fragmentation are recorded.
 * Fragmentation is kept per node and only the changed node is re-measured.
 */
public final class FgdReplay {
  private FgdReplay() {}

  /**
   * Replays {@code order} on fresh nodes.
   *
   * @param nodes empty nodes, ranked
   * @param typicalPods the typical pods fragmentation is measured against
   * @param random the policy's randomness
   */
  public static FgdRun run(
      String policyName,
      int seed,
      PackingPolicy policy,
      List<GpuNode> nodes,
      List<PodRequest> order,
      TypicalPods typicalPods,
      SplittableRandom random) {
    PodPlacer placer = new PodPlacer(nodes, policy);
    NodeFragmentation meter = new NodeFragmentation(typicalPods);
    double[] nodeFragmentation = new double[nodes.size()];
    int totalGpus = 0;
    for (int i = 0; i < nodes.size(); i++) {
      nodeFragmentation[i] = meter.of(nodes.get(i));
      totalGpus += nodes.get(i).gpuCount();
    }
    int events = order.size();
    long[] arrived = new long[events];
    long[] used = new long[events];
    double[] fragmentation = new double[events];
    long arrivedMilli = 0;
    long usedMilli = 0;
    int placed = 0;
    for (int e = 0; e < events; e++) {
      PodRequest pod = order.get(e);
      arrivedMilli += pod.totalGpuMilli();
      int node = placer.place(pod, random);
      if (node >= 0) {
        placed++;
        usedMilli += pod.totalGpuMilli();
        nodeFragmentation[node] = meter.of(nodes.get(node));
      }
      // summed afresh in node order: a running total would drift in floating point
      double sum = 0;
      for (double f : nodeFragmentation) {
        sum += f;
      }
      arrived[e] = arrivedMilli;
      used[e] = usedMilli;
      fragmentation[e] = sum;
    }
    return new FgdRun(
        policyName, seed, totalGpus, arrived, used, fragmentation, placed, events - placed);
  }
}
