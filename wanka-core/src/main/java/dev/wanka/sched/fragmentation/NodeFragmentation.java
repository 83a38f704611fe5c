package dev.wanka.sched.fragmentation;

import java.util.Arrays;
import java.util.List;

/**
 * Measures node fragmentation F(n) against a workload's typical pods (Weng et al., USENIX ATC'23;
 * PROTOCOL §5). In GPU milli, with free GPU milli g_1..g_k, G = Σ g and free CPU c:
 *
 * <pre>
 *   F(n) = Σ_t p_t · ( G                          if t is CPU-only, or n's model is not allowed for t,
 *                      Σ_{j : g_j &lt; milli_t} g_j  if at least num_t GPUs have g_j ≥ milli_t and c ≥ cpu_t,
 *                      G                          otherwise )
 * </pre>
 *
 * <p>That is, the idle GPU milli that typical pod t could not use, weighted by how often t occurs.
 * Each term is exact integer arithmetic. The weighted terms are accumulated as the simulator does:
 * one partial sum per outcome (lacks GPU and CPU; lacks GPU, or fits and leaves the smaller GPUs
 * unusable; lacks CPU; CPU-only and fits; CPU-only and lacks CPU; model not allowed), each in the
 * typical pods' order, then added in that order. The result is mathematically the formula above and
 * bit-for-bit the simulator's, so FGD's integer scores tie and break ties as there.
 *
 * <p>An instance keeps small scratch arrays so that a policy can measure the same node before and
 * after many hypothetical placements without allocating ({@link #load}, {@link #loadedAfter}). It
 * is therefore not thread-safe; give each policy its own.
 */
public final class NodeFragmentation {
  private final TypicalPods typicalPods;
  private final int[] typicalCpu;
  private final int[] typicalGpuCount;
  private final int[] typicalThreshold;
  private final double[] typicalProbability;
  private final int[] thresholds;

  private final boolean[] allowed;
  private String allowedForModel;
  private final int[] atLeast;
  private final int[] below;
  private final int[] atLeastAfter;
  private final int[] belowAfter;
  private GpuNode loaded;

  /** A meter for the given typical pods. */
  public NodeFragmentation(TypicalPods typicalPods) {
    this.typicalPods = typicalPods;
    List<TypicalPod> pods = typicalPods.pods();
    int n = pods.size();
    typicalCpu = new int[n];
    typicalGpuCount = new int[n];
    typicalThreshold = new int[n];
    typicalProbability = new double[n];
    int[] distinct = new int[n];
    int distinctCount = 0;
    for (int t = 0; t < n; t++) {
      TypicalPod pod = pods.get(t);
      typicalCpu[t] = pod.cpuMilli();
      typicalGpuCount[t] = pod.gpuCount();
      typicalProbability[t] = pod.probability();
      int index = -1;
      for (int i = 0; i < distinctCount; i++) {
        if (distinct[i] == pod.gpuMilliPerGpu()) {
          index = i;
        }
      }
      if (index < 0) {
        index = distinctCount;
        distinct[distinctCount++] = pod.gpuMilliPerGpu();
      }
      typicalThreshold[t] = index;
    }
    thresholds = Arrays.copyOf(distinct, distinctCount);
    allowed = new boolean[n];
    atLeast = new int[distinctCount];
    below = new int[distinctCount];
    atLeastAfter = new int[distinctCount];
    belowAfter = new int[distinctCount];
  }

  /** The typical pods fragmentation is measured against. */
  public TypicalPods typicalPods() {
    return typicalPods;
  }

  /** F(n) in GPU milli. */
  public double of(GpuNode node) {
    load(node);
    return loadedFragmentation();
  }

  /**
   * F(n') in GPU milli, where n' is {@code node} after placing {@code pod} on the GPUs of {@code
   * gpuMask}: its CPU taken and {@code pod.gpuMilliPerGpu()} taken from each of those GPUs. The
   * node itself is not changed.
   */
  public double afterPlacing(GpuNode node, PodRequest pod, int gpuMask) {
    load(node);
    return loadedAfter(pod.cpuMilli(), gpuMask, pod.gpuMilliPerGpu());
  }

  /** Cluster fragmentation: Σ F(n) over the nodes, in GPU milli. */
  public double ofCluster(Iterable<GpuNode> nodes) {
    double sum = 0;
    for (GpuNode node : nodes) {
      sum += of(node);
    }
    return sum;
  }

  /** Reads the node's state into the scratch arrays; later calls measure it and its what-ifs. */
  void load(GpuNode node) {
    loaded = node;
    String model = node.gpuModel();
    if (!model.equals(allowedForModel)) {
      List<TypicalPod> pods = typicalPods.pods();
      for (int t = 0; t < allowed.length; t++) {
        allowed[t] = pods.get(t).allowsGpuModel(model);
      }
      allowedForModel = model;
    }
    int gpus = node.gpuCount();
    for (int i = 0; i < thresholds.length; i++) {
      int threshold = thresholds[i];
      int count = 0;
      int sum = 0;
      for (int j = 0; j < gpus; j++) {
        int free = node.freeGpuMilli(j);
        if (free >= threshold) {
          count++;
        } else {
          sum += free;
        }
      }
      atLeast[i] = count;
      below[i] = sum;
    }
  }

  /** F of the loaded node. */
  double loadedFragmentation() {
    return weightedSum(loaded.freeCpuMilli(), loaded.freeGpuMilliTotal(), atLeast, below);
  }

  /**
   * F of the loaded node after taking {@code cpuTaken} CPU and {@code milliPerGpu} from each GPU of
   * {@code gpuMask}.
   */
  double loadedAfter(int cpuTaken, int gpuMask, int milliPerGpu) {
    System.arraycopy(atLeast, 0, atLeastAfter, 0, atLeast.length);
    System.arraycopy(below, 0, belowAfter, 0, below.length);
    int gpuTaken = 0;
    for (int mask = gpuMask; mask != 0; mask &= mask - 1) {
      int before = loaded.freeGpuMilli(Integer.numberOfTrailingZeros(mask));
      int after = before - milliPerGpu;
      gpuTaken += milliPerGpu;
      for (int i = 0; i < thresholds.length; i++) {
        int threshold = thresholds[i];
        if (before >= threshold) {
          atLeastAfter[i]--;
        } else {
          belowAfter[i] -= before;
        }
        if (after >= threshold) {
          atLeastAfter[i]++;
        } else {
          belowAfter[i] += after;
        }
      }
    }
    return weightedSum(
        loaded.freeCpuMilli() - cpuTaken,
        loaded.freeGpuMilliTotal() - gpuTaken,
        atLeastAfter,
        belowAfter);
  }

  private double weightedSum(int freeCpu, int freeGpuTotal, int[] gpusAtLeast, int[] milliBelow) {
    // One partial sum per outcome, added in the simulator's order, so that the floating-point
    // result (and hence every FGD score) is bit-for-bit the simulator's.
    double lackBoth = 0;
    double lackGpu = 0; // also takes the unusable part of a node that satisfies t
    double lackCpu = 0;
    double cpuOnlySatisfied = 0;
    double cpuOnlyLackCpu = 0;
    double noAccess = 0;
    for (int t = 0; t < typicalProbability.length; t++) {
      double p = typicalProbability[t];
      boolean cpuFits = freeCpu >= typicalCpu[t];
      int needed = typicalGpuCount[t];
      if (needed == 0) {
        if (cpuFits) {
          cpuOnlySatisfied += p * freeGpuTotal;
        } else {
          cpuOnlyLackCpu += p * freeGpuTotal;
        }
      } else if (!allowed[t]) {
        noAccess += p * freeGpuTotal;
      } else if (gpusAtLeast[typicalThreshold[t]] >= needed) {
        if (cpuFits) {
          lackGpu += p * milliBelow[typicalThreshold[t]];
        } else {
          lackCpu += p * freeGpuTotal;
        }
      } else if (cpuFits) {
        lackGpu += p * freeGpuTotal;
      } else {
        lackBoth += p * freeGpuTotal;
      }
    }
    return lackBoth + lackGpu + lackCpu + cpuOnlySatisfied + cpuOnlyLackCpu + noAccess;
  }
}
