package dev.wanka.sched.fragmentation;

import java.util.Arrays;
import java.util.Objects;

/**
 * One node as the fragmentation-aware packing policies see it: free milli of each GPU (1000 per
 * GPU), free CPU milli-cores, free memory, the GPU model and how many pods it holds (PROTOCOL §1;
 * Weng et al., USENIX ATC'23). Capacities are allocatable amounts; the node starts empty.
 *
 * <p>The mutable state is a few ints and one int array so that filtering and scoring a thousand
 * nodes per pod touches little memory. Pods are only ever added ({@link #bind}); the FGD experiment
 * has no departures. A set of GPUs is passed around as an int bit mask (bit i = GPU i), hence at
 * most {@value #MAX_GPUS} GPUs per node. Not thread-safe.
 */
public final class GpuNode {
  /** Milli-GPUs in one whole GPU. */
  public static final int MILLI_PER_GPU = 1000;

  /** Most pods a node holds in the FGD simulator (PROTOCOL §1). */
  public static final int DEFAULT_MAX_PODS = 1001;

  /** Most GPUs on one node: GPU sets are int bit masks. */
  public static final int MAX_GPUS = 32;

  private final String name;
  private final int rank;
  private final String gpuModel;
  private final int cpuCapacityMilli;
  private final int memoryCapacityMib;
  private final int maxPods;
  private final int[] freeGpuMilli;
  private int freeGpuMilliTotal;
  private int freeCpuMilli;
  private int freeMemoryMib;
  private int podCount;
  private long gpuPodKinds;

  /**
   * An empty node.
   *
   * @param name the node's name
   * @param rank tie-breaker among equally scored nodes: the smallest rank wins (PROTOCOL §3)
   * @param cpuCapacityMilli allocatable CPU in milli-cores
   * @param memoryCapacityMib allocatable memory in MiB
   * @param gpuCount number of GPUs, 0..{@value #MAX_GPUS}
   * @param gpuModel GPU model such as {@code V100M16}; empty when the node has no GPU
   * @param maxPods most pods the node may hold
   */
  public GpuNode(
      String name,
      int rank,
      int cpuCapacityMilli,
      int memoryCapacityMib,
      int gpuCount,
      String gpuModel,
      int maxPods) {
    if (cpuCapacityMilli < 0 || memoryCapacityMib < 0 || maxPods < 0) {
      throw new IllegalArgumentException("negative capacity on node " + name);
    }
    if (gpuCount < 0 || gpuCount > MAX_GPUS) {
      throw new IllegalArgumentException(
          "node " + name + " has " + gpuCount + " GPUs; 0.." + MAX_GPUS + " supported");
    }
    this.name = Objects.requireNonNull(name, "name");
    this.rank = rank;
    this.gpuModel = Objects.requireNonNull(gpuModel, "gpuModel");
    this.cpuCapacityMilli = cpuCapacityMilli;
    this.memoryCapacityMib = memoryCapacityMib;
    this.maxPods = maxPods;
    this.freeGpuMilli = new int[gpuCount];
    Arrays.fill(freeGpuMilli, MILLI_PER_GPU);
    this.freeGpuMilliTotal = gpuCount * MILLI_PER_GPU;
    this.freeCpuMilli = cpuCapacityMilli;
    this.freeMemoryMib = memoryCapacityMib;
  }

  /** An empty node that holds at most {@value #DEFAULT_MAX_PODS} pods. */
  public GpuNode(
      String name,
      int rank,
      int cpuCapacityMilli,
      int memoryCapacityMib,
      int gpuCount,
      String gpuModel) {
    this(name, rank, cpuCapacityMilli, memoryCapacityMib, gpuCount, gpuModel, DEFAULT_MAX_PODS);
  }

  /**
   * Places a pod: takes its CPU and memory and {@code pod.gpuMilliPerGpu()} on each GPU of {@code
   * gpuMask}.
   *
   * @param gpuMask the GPUs the pod uses (bit i = GPU i), exactly {@code pod.gpuCount()} of them
   * @throws IllegalArgumentException if the node cannot hold the pod on those GPUs
   */
  public void bind(PodRequest pod, int gpuMask) {
    if (Integer.bitCount(gpuMask) != pod.gpuCount() || (gpuMask & ~allGpusMask()) != 0) {
      throw new IllegalArgumentException(
          "pod needs " + pod.gpuCount() + " of node " + name + "'s GPUs, got mask " + gpuMask);
    }
    if (pod.cpuMilli() > freeCpuMilli
        || pod.memoryMib() > freeMemoryMib
        || podCount >= maxPods
        || pod.gpuCount() > 0 && !pod.allowsGpuModel(gpuModel)) {
      throw new IllegalArgumentException("node " + name + " cannot hold " + pod);
    }
    int milli = pod.gpuMilliPerGpu();
    for (int mask = gpuMask; mask != 0; mask &= mask - 1) {
      if (freeGpuMilli[Integer.numberOfTrailingZeros(mask)] < milli) {
        throw new IllegalArgumentException(
            "GPU " + Integer.numberOfTrailingZeros(mask) + " of node " + name + " lacks " + milli);
      }
    }
    for (int mask = gpuMask; mask != 0; mask &= mask - 1) {
      freeGpuMilli[Integer.numberOfTrailingZeros(mask)] -= milli;
    }
    freeGpuMilliTotal -= pod.totalGpuMilli();
    freeCpuMilli -= pod.cpuMilli();
    freeMemoryMib -= pod.memoryMib();
    podCount++;
    gpuPodKinds |= pod.gpuKindTag();
  }

  /** The node's name. */
  public String name() {
    return name;
  }

  /** Tie-breaker among equally scored nodes: the smallest rank wins. */
  public int rank() {
    return rank;
  }

  /** GPU model; empty when the node has no GPU. */
  public String gpuModel() {
    return gpuModel;
  }

  /** Number of GPUs. */
  public int gpuCount() {
    return freeGpuMilli.length;
  }

  /** Allocatable CPU in milli-cores. */
  public int cpuCapacityMilli() {
    return cpuCapacityMilli;
  }

  /** Allocatable memory in MiB. */
  public int memoryCapacityMib() {
    return memoryCapacityMib;
  }

  /** Most pods the node may hold. */
  public int maxPods() {
    return maxPods;
  }

  /** Free milli of GPU {@code gpu} (0..1000). */
  public int freeGpuMilli(int gpu) {
    return freeGpuMilli[gpu];
  }

  /** G(n): free milli summed over the node's GPUs. */
  public int freeGpuMilliTotal() {
    return freeGpuMilliTotal;
  }

  /** The mask of all the node's GPUs. */
  public int allGpusMask() {
    return freeGpuMilli.length == MAX_GPUS ? -1 : (1 << freeGpuMilli.length) - 1;
  }

  /** Whether no pod uses any part of GPU {@code gpu}. */
  public boolean isGpuIdle(int gpu) {
    return freeGpuMilli[gpu] == MILLI_PER_GPU;
  }

  /** Whether no pod uses any GPU of the node. */
  public boolean allGpusIdle() {
    return freeGpuMilliTotal == freeGpuMilli.length * MILLI_PER_GPU;
  }

  /** Free CPU in milli-cores. */
  public int freeCpuMilli() {
    return freeCpuMilli;
  }

  /** Free memory in MiB. */
  public int freeMemoryMib() {
    return freeMemoryMib;
  }

  /** Pods placed on the node. */
  public int podCount() {
    return podCount;
  }

  /** GPU milli in use: GPUs times 1000 minus G(n). */
  public int usedGpuMilli() {
    return freeGpuMilli.length * MILLI_PER_GPU - freeGpuMilliTotal;
  }

  /**
   * The union of {@link PodRequest#gpuKindTag()} over the node's pods: which kinds of GPU pod
   * (shared, 1-GPU, 2-GPU, ...) it holds; 0 if it holds no GPU pod.
   */
  public long gpuPodKinds() {
    return gpuPodKinds;
  }

  @Override
  public String toString() {
    return name
        + "[rank "
        + rank
        + ", "
        + (gpuModel.isEmpty() ? "no GPU" : gpuModel)
        + ", gpus free "
        + Arrays.toString(freeGpuMilli)
        + ", cpu free "
        + freeCpuMilli
        + "/"
        + cpuCapacityMilli
        + ", memory free "
        + freeMemoryMib
        + "/"
        + memoryCapacityMib
        + ", pods "
        + podCount
        + "]";
  }
}
