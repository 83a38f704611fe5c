package dev.wanka.sched.fragmentation;

import java.util.Set;
import java.util.TreeSet;

/**
 * What one pod asks of a node, in the units of the FGD paper (Weng et al., "Beware of
 * Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX
 * ATC'23): CPU in milli-cores, memory in MiB, and GPUs as a count times a per-GPU share in
 * milli-GPUs (1000 = a whole GPU).
 *
 * <p>A pod is CPU-only ({@code gpuCount == 0}), shared (one GPU, less than 1000 milli of it) or
 * whole-GPU ({@code gpuCount >= 1}, 1000 milli each); a multi-GPU pod always takes whole GPUs
 * (PROTOCOL §2.2).
 *
 * @param cpuMilli CPU request in milli-cores, at least 0
 * @param memoryMib memory request in MiB, at least 0
 * @param gpuCount number of GPUs, at least 0
 * @param gpuMilliPerGpu milli-GPUs taken on each of those GPUs: 0 for a CPU-only pod, 1..1000 for a
 *     one-GPU pod, 1000 for a multi-GPU pod
 * @param allowedGpuModels GPU models the pod may run on (the trace's {@code gpu_spec}); empty means
 *     any model
 */
public record PodRequest(
    int cpuMilli, int memoryMib, int gpuCount, int gpuMilliPerGpu, Set<String> allowedGpuModels) {

  public PodRequest {
    if (cpuMilli < 0 || memoryMib < 0 || gpuCount < 0) {
      throw new IllegalArgumentException(
          "negative request: cpu " + cpuMilli + ", memory " + memoryMib + ", gpus " + gpuCount);
    }
    if (gpuCount == 0 && gpuMilliPerGpu != 0) {
      throw new IllegalArgumentException("a CPU-only pod takes 0 milli-GPU, not " + gpuMilliPerGpu);
    }
    if (gpuCount == 1 && (gpuMilliPerGpu < 1 || gpuMilliPerGpu > GpuNode.MILLI_PER_GPU)) {
      throw new IllegalArgumentException(
          "a one-GPU pod takes 1.." + GpuNode.MILLI_PER_GPU + " milli, not " + gpuMilliPerGpu);
    }
    if (gpuCount > 1 && gpuMilliPerGpu != GpuNode.MILLI_PER_GPU) {
      throw new IllegalArgumentException(
          "a " + gpuCount + "-GPU pod takes whole GPUs, not " + gpuMilliPerGpu + " milli each");
    }
    if (gpuCount > GpuNode.MAX_GPUS) {
      throw new IllegalArgumentException(
          "at most " + GpuNode.MAX_GPUS + " GPUs per pod, not " + gpuCount);
    }
    allowedGpuModels = Set.copyOf(allowedGpuModels);
  }

  /** A CPU-only pod. */
  public static PodRequest cpuOnly(int cpuMilli, int memoryMib) {
    return new PodRequest(cpuMilli, memoryMib, 0, 0, Set.of());
  }

  /**
   * The request of one row of an openb pod list, normalised as PROTOCOL §2.2 says: {@code num_gpu
   * == 0} or {@code gpu_milli <= 0} is CPU-only; {@code gpu_milli} is clamped to at most 1000; a
   * pod with more than one GPU takes whole GPUs (the openb traces have no multi-GPU pod with a
   * fractional share, so this rounding never applies to them).
   *
   * @param gpuSpec allowed models separated by {@code |}, or empty for any
   */
  public static PodRequest fromTrace(
      int cpuMilli, int memoryMib, int numGpu, int gpuMilli, String gpuSpec) {
    if (numGpu <= 0 || gpuMilli <= 0) {
      return cpuOnly(cpuMilli, memoryMib);
    }
    int milli = numGpu > 1 ? GpuNode.MILLI_PER_GPU : Math.min(gpuMilli, GpuNode.MILLI_PER_GPU);
    return new PodRequest(cpuMilli, memoryMib, numGpu, milli, parseGpuSpec(gpuSpec));
  }

  /** The models of a {@code gpu_spec} field such as {@code V100M16|V100M32}; empty for any. */
  public static Set<String> parseGpuSpec(String gpuSpec) {
    Set<String> models = new TreeSet<>();
    for (String model : gpuSpec.split("\\|")) {
      if (!model.isBlank()) {
        models.add(model.strip());
      }
    }
    return models;
  }

  /** Whether the pod asks for no GPU. */
  public boolean isCpuOnly() {
    return gpuCount == 0;
  }

  /** Whether the pod takes part of one GPU: one GPU, less than 1000 milli (PROTOCOL §2.2). */
  public boolean isSharedGpu() {
    return gpuCount == 1 && gpuMilliPerGpu < GpuNode.MILLI_PER_GPU;
  }

  /** GPU milli the pod takes in total: count times per-GPU share. */
  public int totalGpuMilli() {
    return gpuCount * gpuMilliPerGpu;
  }

  /** Whether the pod may run on GPUs of this model. */
  public boolean allowsGpuModel(String gpuModel) {
    return allowedGpuModels.isEmpty() || allowedGpuModels.contains(gpuModel);
  }

  /** The allowed models in canonical form: sorted, distinct, joined by {@code |}; empty for any. */
  public String gpuSpec() {
    return String.join("|", new TreeSet<>(allowedGpuModels));
  }

  /**
   * The pod's GPU kind as one bit: bit 0 for a shared pod ({@code share-gpu}), bit k for a whole
   * k-GPU pod ({@code <k>-gpu}), 0 for a CPU-only pod. GpuClustering groups pods by this tag
   * (PROTOCOL §4); {@link GpuNode#gpuPodKinds()} is the union over a node's pods.
   */
  public long gpuKindTag() {
    if (gpuCount == 0) {
      return 0L;
    }
    return isSharedGpu() ? 1L : 1L << gpuCount;
  }
}
