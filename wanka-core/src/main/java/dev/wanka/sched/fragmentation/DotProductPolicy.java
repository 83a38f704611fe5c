package dev.wanka.sched.fragmentation;

import java.util.SplittableRandom;

/**
 * DotProd (PROTOCOL §4; Weng et al., USENIX ATC'23, after Tetris' alignment score): the node's free
 * (CPU, GPU) vector and the pod's request vector, each normalised by 128 cores and 8 GPUs; the
 * smaller their dot product, the higher the score:
 *
 * <pre>
 *   v_n = (c / 128000, G / 8000),  v_p = (cpu_p / 128000, total_p / 8000),
 *   score = ⌊100 · (1 − (v_n · v_p) / 2)⌋
 * </pre>
 *
 * GPU assignment is "best" ({@link GpuAssignment#bestFit}).
 */
public final class DotProductPolicy implements PackingPolicy {
  /** CPU normaliser: 128 cores, in milli. */
  static final double CPU_SCALE_MILLI = 128_000;

  /** GPU normaliser: 8 GPUs, in milli. */
  static final double GPU_SCALE_MILLI = 8_000;

  @Override
  public String name() {
    return "DotProd";
  }

  @Override
  public int score(GpuNode node, PodRequest pod) {
    double nodeCpu = node.freeCpuMilli() / CPU_SCALE_MILLI;
    double nodeGpu = node.freeGpuMilliTotal() / GPU_SCALE_MILLI;
    double podCpu = pod.cpuMilli() / CPU_SCALE_MILLI;
    double podGpu = pod.totalGpuMilli() / GPU_SCALE_MILLI;
    double dot = nodeCpu * podCpu + nodeGpu * podGpu;
    return (int) Math.floor(MAX_SCORE * (1 - dot / 2));
  }

  @Override
  public int chooseGpus(GpuNode node, PodRequest pod, SplittableRandom random) {
    return GpuAssignment.bestFit(node, pod);
  }
}
