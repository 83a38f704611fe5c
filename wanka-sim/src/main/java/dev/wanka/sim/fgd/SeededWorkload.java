package dev.wanka.sim.fgd;

import dev.wanka.sched.fragmentation.GpuNode;
import dev.wanka.sched.fragmentation.PodRequest;
import dev.wanka.sim.trace.OpenbTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PROTOCOL §2 with Wanka's own seeded generator instead of Go's {@code math/rand}: the name-sorted
 * trace shuffled, inflated to {@code inflation} times the cluster's GPU capacity with clones drawn
 * uniformly (with replacement) from the name-sorted trace, and a random permutation of the
 * name-sorted nodes as ranks. Its curves can only be compared statistically with the published ones
 * (§7).
 */
public final class SeededWorkload {
  /** The paper's "tune": pods arrive until 1.3 times the GPU capacity is requested. */
  public static final double DEFAULT_INFLATION = 1.3;

  private SeededWorkload() {}

  public static ArrivalOrder generate(OpenbTrace trace, double inflation, SplittableRandom random) {
    List<String> names = new ArrayList<>(trace.podsByName().keySet());
    names.sort(Comparator.naturalOrder());
    List<PodRequest> sorted = new ArrayList<>(names.size());
    for (String name : names) {
      sorted.add(trace.podsByName().get(name));
    }
    List<PodRequest> pods = new ArrayList<>(sorted);
    shuffle(pods, random);
    long total = 0;
    for (PodRequest pod : pods) {
      total += pod.totalGpuMilli();
    }
    long target = Math.round(inflation * trace.totalGpus() * GpuNode.MILLI_PER_GPU);
    while (true) {
      PodRequest clone = sorted.get(random.nextInt(sorted.size()));
      if (total + clone.gpuMilliPerGpu() > target) {
        break;
      }
      pods.add(clone);
      total += clone.totalGpuMilli();
    }
    List<String> nodeNames = new ArrayList<>();
    trace.nodes().forEach(node -> nodeNames.add(node.name()));
    nodeNames.sort(Comparator.naturalOrder());
    shuffle(nodeNames, random);
    Map<String, Integer> ranks = new HashMap<>();
    for (int rank = 0; rank < nodeNames.size(); rank++) {
      ranks.put(nodeNames.get(rank), rank);
    }
    return new ArrivalOrder(pods, ranks);
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = list.get(i);
      list.set(i, list.get(j));
      list.set(j, swap);
    }
  }
}
