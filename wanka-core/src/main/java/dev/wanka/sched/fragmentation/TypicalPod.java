package dev.wanka.sched.fragmentation;

import java.util.Set;

/**
 * One typical pod shape of a workload and how likely it is: the target workload over which FGD
 * measures fragmentation (Weng et al., USENIX ATC'23; PROTOCOL §5). Memory is not part of the
 * shape.
 *
 * @param cpuMilli CPU request in milli-cores
 * @param gpuMilliPerGpu milli-GPUs per GPU (0 for CPU-only)
 * @param gpuCount number of GPUs (0 for CPU-only)
 * @param allowedGpuModels allowed GPU models; empty for any
 * @param count how many pods of the trace have this shape
 * @param probability p_t: count over the pods covered by all typical shapes
 */
public record TypicalPod(
    int cpuMilli,
    int gpuMilliPerGpu,
    int gpuCount,
    Set<String> allowedGpuModels,
    int count,
    double probability) {

  public TypicalPod {
    allowedGpuModels = Set.copyOf(allowedGpuModels);
  }

  /** Whether the shape asks for no GPU. */
  public boolean isCpuOnly() {
    return gpuCount == 0;
  }

  /** Whether the shape may run on GPUs of this model. */
  public boolean allowsGpuModel(String gpuModel) {
    return allowedGpuModels.isEmpty() || allowedGpuModels.contains(gpuModel);
  }

  /** A request of this shape (memory 0), for scoring what-ifs. */
  public PodRequest asRequest() {
    return new PodRequest(cpuMilli, 0, gpuCount, gpuMilliPerGpu, allowedGpuModels);
  }
}
