package dev.wanka.sched.fragmentation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The typical pods of a workload (Weng et al., USENIX ATC'23; PROTOCOL §5): every pod of the trace
 * is keyed by its shape (CPU milli, per-GPU milli, GPU count, allowed models — memory ignored),
 * shapes are ordered by count, most frequent first, and the shortest prefix covering at least the
 * requested share of all pods (CPU-only pods included) is kept, with probabilities renormalised
 * over that prefix. For the default openb trace: 91 shapes, 35 typical, 95.26%.
 *
 * <p>Ties in count are ordered as the simulator's reversed sort orders them: larger CPU first, then
 * larger per-GPU milli, then more GPUs, then the lexicographically larger model list (so a pod with
 * a model constraint comes before an unconstrained one of the same size).
 *
 * @param pods the typical shapes, most frequent first
 * @param distinctShapes how many distinct shapes the trace has
 * @param coveredPods how many pods of the trace have a typical shape
 * @param totalPods how many pods the trace has
 */
public record TypicalPods(
    List<TypicalPod> pods, int distinctShapes, int coveredPods, int totalPods) {

  /** The coverage the FGD paper uses: 95% of all pods. */
  public static final double DEFAULT_COVERAGE = 0.95;

  public TypicalPods {
    pods = List.copyOf(pods);
    if (pods.isEmpty()) {
      throw new IllegalArgumentException("no typical pods");
    }
  }

  private record Shape(int cpuMilli, int gpuMilliPerGpu, int gpuCount, Set<String> models) {
    String spec() {
      return String.join("|", new TreeSet<>(models));
    }
  }

  /** The typical pods covering {@value #DEFAULT_COVERAGE} of {@code trace}. */
  public static TypicalPods of(Collection<PodRequest> trace) {
    return of(trace, DEFAULT_COVERAGE);
  }

  /**
   * The typical pods covering at least {@code coverage} of {@code trace}.
   *
   * @param trace the workload's pods (the original trace, before any inflation)
   * @param coverage share of the pods the typical shapes must cover, in (0, 1]
   */
  public static TypicalPods of(Collection<PodRequest> trace, double coverage) {
    if (trace.isEmpty()) {
      throw new IllegalArgumentException("empty trace");
    }
    if (!(coverage > 0 && coverage <= 1)) {
      throw new IllegalArgumentException("coverage must be in (0, 1], not " + coverage);
    }
    Map<Shape, Integer> counts = new HashMap<>();
    for (PodRequest pod : trace) {
      Shape shape =
          new Shape(pod.cpuMilli(), pod.gpuMilliPerGpu(), pod.gpuCount(), pod.allowedGpuModels());
      counts.merge(shape, 1, Integer::sum);
    }
    List<Map.Entry<Shape, Integer>> ordered = new ArrayList<>(counts.entrySet());
    ordered.sort(
        Comparator.<Map.Entry<Shape, Integer>>comparingInt(Map.Entry::getValue)
            .thenComparingInt(e -> e.getKey().cpuMilli())
            .thenComparingInt(e -> e.getKey().gpuMilliPerGpu())
            .thenComparingInt(e -> e.getKey().gpuCount())
            .thenComparing(e -> e.getKey().spec())
            .reversed());
    int total = trace.size();
    int covered = 0;
    int kept = 0;
    while (kept < ordered.size() && covered < coverage * total) {
      covered += ordered.get(kept).getValue();
      kept++;
    }
    List<TypicalPod> typical = new ArrayList<>(kept);
    for (Map.Entry<Shape, Integer> entry : ordered.subList(0, kept)) {
      Shape shape = entry.getKey();
      typical.add(
          new TypicalPod(
              shape.cpuMilli(),
              shape.gpuMilliPerGpu(),
              shape.gpuCount(),
              shape.models(),
              entry.getValue(),
              probability(entry.getValue(), covered, total)));
    }
    return new TypicalPods(typical, ordered.size(), covered, total);
  }

  /**
   * count / covered, computed as the simulator does — (count / total) / (covered / total) — so that
   * the probabilities are bit-for-bit the same.
   */
  private static double probability(int count, int covered, int total) {
    return ((double) count / total) / ((double) covered / total);
  }

  /** Share of the trace's pods that have a typical shape. */
  public double coveredFraction() {
    return (double) coveredPods / totalPods;
  }
}
