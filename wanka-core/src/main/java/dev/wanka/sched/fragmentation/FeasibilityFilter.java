package dev.wanka.sched.fragmentation;

/**
 * Whether a node can hold a pod right now (PROTOCOL §3, the simulator's filter; Weng et al., USENIX
 * ATC'23): free CPU and memory cover the request, the node holds fewer than its maximum pods, and
 * for a GPU pod the node has GPUs of an allowed model with room — a one-GPU pod needs a GPU with at
 * least its share free, a k-GPU pod needs k entirely free GPUs. A CPU-only pod may land on any
 * node, GPU or not.
 */
public final class FeasibilityFilter {
  private FeasibilityFilter() {}

  /** Whether {@code node} can hold {@code pod}. */
  public static boolean admits(GpuNode node, PodRequest pod) {
    if (node.freeCpuMilli() < pod.cpuMilli()
        || node.freeMemoryMib() < pod.memoryMib()
        || node.podCount() >= node.maxPods()) {
      return false;
    }
    int needed = pod.gpuCount();
    if (needed == 0) {
      return true;
    }
    if (node.gpuCount() < needed || !pod.allowsGpuModel(node.gpuModel())) {
      return false;
    }
    int milli = pod.gpuMilliPerGpu();
    int fitting = 0;
    for (int gpu = 0; gpu < node.gpuCount(); gpu++) {
      if (node.freeGpuMilli(gpu) >= milli && ++fitting == needed) {
        return true;
      }
    }
    return false;
  }
}
