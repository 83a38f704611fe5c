package dev.wanka.sched.fragmentation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random (PROTOCOL §4; Weng et al., USENIX ATC'23, a baseline): a uniformly chosen feasible node,
 * and for a shared pod a uniformly chosen GPU that fits it. The chosen node gets {@value
 * PackingPolicy#MAX_SCORE}, the others {@value PackingPolicy#MIN_SCORE}, as the simulator's
 * pre-score draw does.
 */
public final class RandomPolicy implements PackingPolicy {
  @Override
  public String name() {
    return "Random";
  }

  /** Every node alone scores the minimum; the random choice is made in {@link #scoreFeasible}. */
  @Override
  public int score(GpuNode node, PodRequest pod) {
    return MIN_SCORE;
  }

  @Override
  public void scoreFeasible(
      PodRequest pod, GpuNode[] feasible, int count, int[] scores, SplittableRandom random) {
    Arrays.fill(scores, 0, count, MIN_SCORE);
    scores[random.nextInt(count)] = MAX_SCORE;
  }

  @Override
  public int chooseGpus(GpuNode node, PodRequest pod, SplittableRandom random) {
    return GpuAssignment.random(node, pod, random);
  }
}
