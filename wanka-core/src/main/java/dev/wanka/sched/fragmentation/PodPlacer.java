package dev.wanka.sched.fragmentation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One scheduling cycle for one pod over a fixed set of nodes, as the FGD simulator runs it
 * (PROTOCOL §3): filter ({@link FeasibilityFilter}), score the feasible nodes with the policy, pick
 * the highest score (ties to the smallest {@link GpuNode#rank()}; a single feasible node is taken
 * without scoring), choose its GPUs and bind. A pod no node admits is not placed.
 *
 * <p>The cycle allocates nothing per node: feasible nodes and scores live in arrays reused across
 * calls. Not thread-safe.
 */
public final class PodPlacer {
  private final GpuNode[] nodes;
  private final PackingPolicy policy;
  private final GpuNode[] feasible;
  private final int[] feasibleIndex;
  private final int[] scores;
  private int lastGpus;

  /** A placer over {@code nodes} (in the order their indices refer to) using {@code policy}. */
  public PodPlacer(List<GpuNode> nodes, PackingPolicy policy) {
    this.nodes = nodes.toArray(new GpuNode[0]);
    this.policy = policy;
    this.feasible = new GpuNode[this.nodes.length];
    this.feasibleIndex = new int[this.nodes.length];
    this.scores = new int[this.nodes.length];
  }

  /**
   * Places the pod if some node admits it.
   *
   * @param random the source of randomness for the policy, seeded by the caller
   * @return the index of the chosen node in the list given at construction, or -1 if no node admits
   *     the pod (nothing changes then)
   */
  public int place(PodRequest pod, SplittableRandom random) {
    int count = 0;
    for (int i = 0; i < nodes.length; i++) {
      if (FeasibilityFilter.admits(nodes[i], pod)) {
        feasible[count] = nodes[i];
        feasibleIndex[count] = i;
        count++;
      }
    }
    if (count == 0) {
      lastGpus = 0;
      return -1;
    }
    int chosen = 0;
    if (count > 1) {
      policy.scoreFeasible(pod, feasible, count, scores, random);
      for (int i = 1; i < count; i++) {
        if (scores[i] > scores[chosen]
            || scores[i] == scores[chosen] && feasible[i].rank() < feasible[chosen].rank()) {
          chosen = i;
        }
      }
    }
    GpuNode node = feasible[chosen];
    lastGpus = policy.chooseGpus(node, pod, random);
    node.bind(pod, lastGpus);
    return feasibleIndex[chosen];
  }

  /** The GPU mask the last placed pod got (0 for a CPU-only pod or when nothing was placed). */
  public int lastGpus() {
    return lastGpus;
  }

  /** The policy used. */
  public PackingPolicy policy() {
    return policy;
  }
}
