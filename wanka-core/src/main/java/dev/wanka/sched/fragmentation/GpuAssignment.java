package dev.wanka.sched.fragmentation;

import java.util.SplittableRandom;

/**
 * Which GPUs of the chosen node a pod uses (PROTOCOL §3, "GPU assignment"). Results are GPU bit
 * masks (bit i = GPU i); a CPU-only pod uses none (mask 0).
 *
 * <ul>
 *   <li>"best" ({@link #bestFit}): a shared pod takes the GPU with the smallest free milli that
 *       still fits it, the lowest index on ties; a whole-GPU pod takes the lowest-index idle GPUs.
 *   <li>"random" ({@link #random}): a shared pod takes a uniformly chosen GPU that fits it; a
 *       whole-GPU pod as in "best".
 * </ul>
 */
public final class GpuAssignment {
  private GpuAssignment() {}

  /** The "best" GPUs of {@code node} for {@code pod}, which must fit. */
  public static int bestFit(GpuNode node, PodRequest pod) {
    if (pod.isSharedGpu()) {
      return 1 << requireGpu(tightestFittingGpu(node, pod.gpuMilliPerGpu()), node, pod);
    }
    return lowestIdleGpus(node, pod.gpuCount());
  }

  /** The "random" GPUs of {@code node} for {@code pod}, which must fit. */
  public static int random(GpuNode node, PodRequest pod, SplittableRandom random) {
    if (pod.isSharedGpu()) {
      return 1 << requireGpu(randomFittingGpu(node, pod.gpuMilliPerGpu(), random), node, pod);
    }
    return lowestIdleGpus(node, pod.gpuCount());
  }

  /**
   * The GPU with the smallest free milli of at least {@code milli}, the lowest index on ties; -1 if
   * none.
   */
  public static int tightestFittingGpu(GpuNode node, int milli) {
    int best = -1;
    for (int gpu = 0; gpu < node.gpuCount(); gpu++) {
      int free = node.freeGpuMilli(gpu);
      if (free >= milli && (best < 0 || free < node.freeGpuMilli(best))) {
        best = gpu;
      }
    }
    return best;
  }

  /** A uniformly chosen GPU with at least {@code milli} free; -1 if none. */
  public static int randomFittingGpu(GpuNode node, int milli, SplittableRandom random) {
    int fitting = 0;
    for (int gpu = 0; gpu < node.gpuCount(); gpu++) {
      if (node.freeGpuMilli(gpu) >= milli) {
        fitting++;
      }
    }
    if (fitting == 0) {
      return -1;
    }
    int pick = random.nextInt(fitting);
    for (int gpu = 0; ; gpu++) {
      if (node.freeGpuMilli(gpu) >= milli && pick-- == 0) {
        return gpu;
      }
    }
  }

  /**
   * The {@code count} lowest-index idle GPUs as a mask (0 for {@code count == 0}).
   *
   * @throws IllegalArgumentException if fewer than {@code count} GPUs are idle
   */
  public static int lowestIdleGpus(GpuNode node, int count) {
    int mask = 0;
    int taken = 0;
    for (int gpu = 0; gpu < node.gpuCount() && taken < count; gpu++) {
      if (node.isGpuIdle(gpu)) {
        mask |= 1 << gpu;
        taken++;
      }
    }
    if (taken < count) {
      throw new IllegalArgumentException(
          "node " + node.name() + " has fewer than " + count + " idle GPUs");
    }
    return mask;
  }

  private static int requireGpu(int gpu, GpuNode node, PodRequest pod) {
    if (gpu < 0) {
      throw new IllegalArgumentException("no GPU of node " + node.name() + " fits " + pod);
    }
    return gpu;
  }
}
