package dev.wanka.sched.fragmentation;

import java.util.SplittableRandom;

/**
 * BestFit (PROTOCOL §4; Weng et al., USENIX ATC'23): the node left with the least free CPU and GPU
 * after placing the pod, each normalised by 128 cores and 8 GPUs and weighted ½:
 *
 * <pre>
 *   raw = ⌊100 · (1 − [0.5 · (c − cpu_p) / 128000 + 0.5 · (G − total_p) / 8000])⌋
 * </pre>
 *
 * then min–max normalised over the cycle's feasible nodes to 0..100 with integer division: (raw −
 * lo) · 100 / (hi − lo), or 0 for all if every raw score is equal. {@link #score} is the raw score;
 * {@link #scoreFeasible} normalises. GPU assignment is "best" ({@link GpuAssignment#bestFit}).
 */
public final class BestFitPolicy implements PackingPolicy {
  @Override
  public String name() {
    return "BestFit";
  }

  @Override
  public int score(GpuNode node, PodRequest pod) {
    double cpuLeft =
        0.5 * (node.freeCpuMilli() - pod.cpuMilli()) / DotProductPolicy.CPU_SCALE_MILLI;
    double gpuLeft =
        0.5 * (node.freeGpuMilliTotal() - pod.totalGpuMilli()) / DotProductPolicy.GPU_SCALE_MILLI;
    return (int) Math.floor(MAX_SCORE * (1 - (cpuLeft + gpuLeft)));
  }

  @Override
  public void scoreFeasible(
      PodRequest pod, GpuNode[] feasible, int count, int[] scores, SplittableRandom random) {
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      int raw = score(feasible[i], pod);
      scores[i] = raw;
      lo = Math.min(lo, raw);
      hi = Math.max(hi, raw);
    }
    for (int i = 0; i < count; i++) {
      scores[i] = hi == lo ? MIN_SCORE : (scores[i] - lo) * MAX_SCORE / (hi - lo);
    }
  }

  @Override
  public int chooseGpus(GpuNode node, PodRequest pod, SplittableRandom random) {
    return GpuAssignment.bestFit(node, pod);
  }
}
