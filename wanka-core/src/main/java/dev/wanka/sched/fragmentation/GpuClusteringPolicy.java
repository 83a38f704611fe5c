package dev.wanka.sched.fragmentation;

import java.util.SplittableRandom;

/**
 * GpuClustering (PROTOCOL §4; Weng et al., USENIX ATC'23): keep pods of one GPU kind together. A
 * GPU pod's kind is {@code share-gpu} or {@code <k>-gpu} ({@link PodRequest#gpuKindTag()}); a
 * node's kinds are those of its GPU pods. With G the node's free GPU milli:
 *
 * <pre>
 *   score = 25 · (8000 − G) div 8000
 *         + 75 if the pod's kind is the node's only kind,
 *           50 if the node holds the pod's kind among others,
 *           25 if the node holds no GPU pod,
 *            0 otherwise
 * </pre>
 *
 * A CPU-only pod scores 0 everywhere. GPU assignment is "best" ({@link GpuAssignment#bestFit}).
 */
public final class GpuClusteringPolicy implements PackingPolicy {
  private static final int GPU_SCALE_MILLI = 8_000;

  @Override
  public String name() {
    return "GpuClustering";
  }

  @Override
  public int score(GpuNode node, PodRequest pod) {
    if (pod.isCpuOnly()) {
      return MIN_SCORE;
    }
    int score = 25 * (GPU_SCALE_MILLI - node.freeGpuMilliTotal()) / GPU_SCALE_MILLI;
    long podKind = pod.gpuKindTag();
    long nodeKinds = node.gpuPodKinds();
    if (nodeKinds == podKind) {
      score += 75;
    } else if ((nodeKinds & podKind) != 0) {
      score += 50;
    } else if (nodeKinds == 0) {
      score += 25;
    }
    return score;
  }

  @Override
  public int chooseGpus(GpuNode node, PodRequest pod, SplittableRandom random) {
    return GpuAssignment.bestFit(node, pod);
  }
}
