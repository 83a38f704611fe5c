package dev.wanka.sched.fragmentation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Fragmentation Gradient Descent (Weng et al., "Beware of Fragmentation: Scheduling GPU-Sharing
 * Workloads with Fragmentation Gradient Descent", USENIX ATC'23; PROTOCOL §4): place the pod where
 * node fragmentation F ({@link NodeFragmentation}) grows least.
 *
 * <pre>
 *   score = ⌊100 · σ((F(n) − F(n')) / 1000)⌋,   σ(x) = 1 / (1 + e^(−x))
 * </pre>
 *
 * where n' is n after placing the pod. For a CPU-only or whole-GPU pod n' takes its CPU and the
 * lowest-index idle GPUs. For a shared pod every GPU with room is tried (CPU taken too); the node
 * scores the best of them and the pod uses the lowest-index GPU reaching that score.
 *
 * <p>σ uses {@link StrictMath#exp} so that scores are the same on every JVM.
 *
 * <p>A node's score depends only on its state and the pod's shape (CPU, per-GPU milli, GPU count,
 * allowed models), and a node's state changes only when a pod is bound to it. So scores are
 * remembered per node and shape until the node's pod count changes: a cycle recomputes only the
 * nodes that changed since they were last scored for that shape. The memory holds every node the
 * policy has scored; use one policy per cluster.
 */
public final class FgdPolicy implements PackingPolicy {
  /** Shapes beyond this many are scored without remembering. */
  private static final int MAX_REMEMBERED_SHAPES = 1024;

  private static final int UNKNOWN = -1;

  private final NodeFragmentation fragmentation;
  private final Map<Shape, Integer> shapeIds = new HashMap<>();
  private final Map<GpuNode, RememberedScores> remembered = new IdentityHashMap<>();

  private record Shape(int cpuMilli, int gpuMilliPerGpu, int gpuCount, Set<String> models) {}

  /** A node's scores by shape id, valid while its pod count is {@code podCount}. */
  private static final class RememberedScores {
    int podCount;
    int[] scoreByShape = new int[0];
  }

  /** FGD against the given typical pods of the workload. */
  public FgdPolicy(TypicalPods typicalPods) {
    this.fragmentation = new NodeFragmentation(typicalPods);
  }

  @Override
  public String name() {
    return "FGD";
  }

  @Override
  public int score(GpuNode node, PodRequest pod) {
    return rememberedScore(node, pod, shapeId(pod));
  }

  @Override
  public void scoreFeasible(
      PodRequest pod, GpuNode[] feasible, int count, int[] scores, SplittableRandom random) {
    int shape = shapeId(pod);
    for (int i = 0; i < count; i++) {
      scores[i] = rememberedScore(feasible[i], pod, shape);
    }
  }

  @Override
  public int chooseGpus(GpuNode node, PodRequest pod, SplittableRandom random) {
    if (!pod.isSharedGpu()) {
      return GpuAssignment.lowestIdleGpus(node, pod.gpuCount());
    }
    fragmentation.load(node);
    return 1 << bestSharedGpu(node, pod, fragmentation.loadedFragmentation(), true);
  }

  /** The score computed afresh, without the remembered scores. */
  int computeScore(GpuNode node, PodRequest pod) {
    fragmentation.load(node);
    double before = fragmentation.loadedFragmentation();
    if (!pod.isSharedGpu()) {
      int gpus = GpuAssignment.lowestIdleGpus(node, pod.gpuCount());
      return scoreOf(before, fragmentation.loadedAfter(pod.cpuMilli(), gpus, pod.gpuMilliPerGpu()));
    }
    return bestSharedGpu(node, pod, before, false);
  }

  private int rememberedScore(GpuNode node, PodRequest pod, int shape) {
    if (shape == UNKNOWN) {
      return computeScore(node, pod);
    }
    RememberedScores scores = remembered.get(node);
    if (scores == null) {
      scores = new RememberedScores();
      scores.podCount = node.podCount();
      remembered.put(node, scores);
    }
    if (scores.podCount != node.podCount()) {
      Arrays.fill(scores.scoreByShape, UNKNOWN);
      scores.podCount = node.podCount();
    }
    if (shape >= scores.scoreByShape.length) {
      int oldLength = scores.scoreByShape.length;
      scores.scoreByShape = Arrays.copyOf(scores.scoreByShape, Math.max(16, 2 * (shape + 1)));
      Arrays.fill(scores.scoreByShape, oldLength, scores.scoreByShape.length, UNKNOWN);
    }
    int score = scores.scoreByShape[shape];
    if (score == UNKNOWN) {
      score = computeScore(node, pod);
      scores.scoreByShape[shape] = score;
    }
    return score;
  }

  private int shapeId(PodRequest pod) {
    Shape shape =
        new Shape(pod.cpuMilli(), pod.gpuMilliPerGpu(), pod.gpuCount(), pod.allowedGpuModels());
    Integer id = shapeIds.get(shape);
    if (id == null) {
      if (shapeIds.size() >= MAX_REMEMBERED_SHAPES) {
        return UNKNOWN;
      }
      id = shapeIds.size();
      shapeIds.put(shape, id);
    }
    return id;
  }

  /** The best score over the GPUs that fit a shared pod, or the lowest GPU reaching it. */
  private int bestSharedGpu(GpuNode node, PodRequest pod, double before, boolean wantGpu) {
    int milli = pod.gpuMilliPerGpu();
    int bestScore = -1;
    int bestGpu = -1;
    for (int gpu = 0; gpu < node.gpuCount(); gpu++) {
      int free = node.freeGpuMilli(gpu);
      if (free < milli || sameFreeEarlier(node, gpu, free)) {
        continue; // F(n') depends only on the GPU's free milli: an earlier twin scored the same
      }
      int score = scoreOf(before, fragmentation.loadedAfter(pod.cpuMilli(), 1 << gpu, milli));
      if (score > bestScore) {
        bestScore = score;
        bestGpu = gpu;
      }
    }
    if (bestGpu < 0) {
      throw new IllegalArgumentException("no GPU of node " + node.name() + " fits " + pod);
    }
    return wantGpu ? bestGpu : bestScore;
  }

  private static boolean sameFreeEarlier(GpuNode node, int gpu, int free) {
    for (int earlier = 0; earlier < gpu; earlier++) {
      if (node.freeGpuMilli(earlier) == free) {
        return true;
      }
    }
    return false;
  }

  private static int scoreOf(double fragmentationBefore, double fragmentationAfter) {
    double x = (fragmentationBefore - fragmentationAfter) / 1000;
    return (int) Math.floor(MAX_SCORE * (1 / (1 + StrictMath.exp(-x))));
  }
}
