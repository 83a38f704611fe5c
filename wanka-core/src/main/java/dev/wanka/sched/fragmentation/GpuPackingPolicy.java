package dev.wanka.sched.fragmentation;

import java.util.SplittableRandom;

/**
 * GpuPacking (PROTOCOL §4; Weng et al., USENIX ATC'23): fill partly used GPUs first, then partly
 * used nodes, and open an idle node last (a small one before a large one).
 *
 * <ul>
 *   <li>CPU-only pod: 0 everywhere.
 *   <li>Node with all GPUs idle: 33 − its GPU count.
 *   <li>Otherwise take the node's GPUs in ascending free milli (stable), greedily those with free ≥
 *       the pod's share, until the pod's k GPUs are chosen. If any chosen GPU is idle: max(50 −
 *       number of idle chosen GPUs, 33). Else 100 − ⌊Σ_chosen ⌊free · 100 / 1000⌋ / 10⌋, at least
 *       50.
 * </ul>
 *
 * GPU assignment is "best" ({@link GpuAssignment#bestFit}).
 */
public final class GpuPackingPolicy implements PackingPolicy {
  @Override
  public String name() {
    return "GpuPacking";
  }

  @Override
  public int score(GpuNode node, PodRequest pod) {
    if (pod.isCpuOnly()) {
      return MIN_SCORE;
    }
    if (node.allGpusIdle()) {
      return 33 - node.gpuCount();
    }
    int milli = pod.gpuMilliPerGpu();
    int idleChosen = 0;
    int percentSum = 0;
    int lastFree = -1;
    int lastGpu = -1;
    for (int chosen = 0; chosen < pod.gpuCount(); chosen++) {
      // the next GPU in (free, index) order after the last chosen one, among those that fit
      int next = -1;
      for (int gpu = 0; gpu < node.gpuCount(); gpu++) {
        int free = node.freeGpuMilli(gpu);
        boolean afterLast = free > lastFree || free == lastFree && gpu > lastGpu;
        if (free >= milli && afterLast && (next < 0 || free < node.freeGpuMilli(next))) {
          next = gpu;
        }
      }
      if (next < 0) {
        throw new IllegalArgumentException("node " + node.name() + " does not admit " + pod);
      }
      lastFree = node.freeGpuMilli(next);
      lastGpu = next;
      if (lastFree == GpuNode.MILLI_PER_GPU) {
        idleChosen++;
      }
      percentSum += lastFree * 100 / GpuNode.MILLI_PER_GPU;
    }
    if (idleChosen > 0) {
      return Math.max(50 - idleChosen, 33);
    }
    return Math.max(MAX_SCORE - percentSum / 10, 50);
  }

  @Override
  public int chooseGpus(GpuNode node, PodRequest pod, SplittableRandom random) {
    return GpuAssignment.bestFit(node, pod);
  }
}
