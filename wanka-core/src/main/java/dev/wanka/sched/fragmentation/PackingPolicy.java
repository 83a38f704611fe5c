package dev.wanka.sched.fragmentation;

import java.util.SplittableRandom;

/**
 * A packing policy of the FGD paper's evaluation (Weng et al., "Beware of Fragmentation: Scheduling
 * GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX ATC'23, its evaluation;
 * PROTOCOL §4): how to score the nodes that passed the {@link FeasibilityFilter} for a pod, and
 * which GPUs of the chosen node the pod uses. It maps onto the score (with normalise) and reserve
 * extension points of a Kubernetes-style scheduler; {@link PodPlacer} runs one such cycle.
 *
 * <p>Scores are integers in [{@value #MIN_SCORE}, {@value #MAX_SCORE}]; the highest wins and ties
 * go to the node with the smallest {@link GpuNode#rank()}. A policy may hold scratch state, so it
 * is not thread-safe.
 */
public interface PackingPolicy {
  /** The lowest node score. */
  int MIN_SCORE = 0;

  /** The highest node score. */
  int MAX_SCORE = 100;

  /** The policy's name as the simulator's result files spell it (e.g. {@code FGD}). */
  String name();

  /**
   * Score of one feasible node for the pod, before any normalisation across nodes.
   *
   * @param node a node that {@link FeasibilityFilter#admits admits} the pod
   */
  int score(GpuNode node, PodRequest pod);

  /**
   * Scores all feasible nodes of one scheduling cycle: {@code scores[i]} for {@code feasible[i]},
   * {@code i < count}. The default scores each node on its own; a policy that normalises across
   * nodes or draws one node at random overrides this.
   *
   * @param random the cycle's source of randomness, seeded by the caller
   */
  default void scoreFeasible(
      PodRequest pod, GpuNode[] feasible, int count, int[] scores, SplittableRandom random) {
    for (int i = 0; i < count; i++) {
      scores[i] = score(feasible[i], pod);
    }
  }

  /**
   * The GPUs of the chosen node that the pod uses, as a mask (bit i = GPU i); 0 for a CPU-only pod.
   *
   * @param node the chosen node, which admits the pod
   */
  int chooseGpus(GpuNode node, PodRequest pod, SplittableRandom random);
}
