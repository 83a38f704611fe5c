package dev.wanka.sched.fragmentation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The FGD experiment's scheduling loop (PROTOCOL §3) and its metrics (§6): pods arrive one at a
 * time and are placed or dropped for good; after every pod event the cluster's allocated GPU milli,
 * the requested GPU milli so far (failures included) and the cluster fragmentation Σ F(n) are
 * recorded. Test code: it drives the core's {@link PodPlacer} the way the simulator does.
 */
final class FgdReplay {
  private FgdReplay() {}

  /** The per-event series of one run. */
  record Run(
      String policy,
      int seed,
      int totalGpus,
      long[] arrivedMilli,
      long[] usedMilli,
      double[] fragmentationMilli,
      int placed,
      int failed) {

    /** §6 allocation columns: % of GPU capacity allocated at each % requested. */
    double[] allocationColumns() {
      return Curves.allocation(this);
    }

    /** §6 fragmentation columns: fragmentation as % of cluster GPU capacity. */
    double[] fragmentationColumns() {
      return Curves.fragmentation(this);
    }
  }

  /**
   * Replays {@code workload} on fresh nodes.
   *
   * @param nodes empty nodes, ranked
   * @param typicalPods the typical pods fragmentation is measured against
   * @param random the policy's randomness
   */
  static Run run(
      String policyName,
      int seed,
      PackingPolicy policy,
      List<GpuNode> nodes,
      List<PodRequest> workload,
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
    int events = workload.size();
    long[] arrived = new long[events];
    long[] used = new long[events];
    double[] fragmentation = new double[events];
    long arrivedMilli = 0;
    long usedMilli = 0;
    int placed = 0;
    for (int e = 0; e < events; e++) {
      PodRequest pod = workload.get(e);
      arrivedMilli += pod.totalGpuMilli();
      int node = placer.place(pod, random);
      if (node >= 0) {
        placed++;
        usedMilli += pod.totalGpuMilli();
        nodeFragmentation[node] = meter.of(nodes.get(node));
      }
      double sum = 0;
      for (double f : nodeFragmentation) {
        sum += f;
      }
      arrived[e] = arrivedMilli;
      used[e] = usedMilli;
      fragmentation[e] = sum;
    }
    return new Run(
        policyName, seed, totalGpus, arrived, used, fragmentation, placed, events - placed);
  }
}
