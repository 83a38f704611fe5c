package dev.wanka.sched.fragmentation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PROTOCOL §2 with Wanka's own seeded generator instead of Go's {@code math/rand}: the name-sorted
 * trace shuffled, inflated to 1.3 times the cluster's GPU capacity with clones drawn uniformly
 * (with replacement) from the name-sorted trace, and a random permutation of the name-sorted nodes
 * as ranks. The curves it gives can only be compared statistically with the published ones (§7).
 */
final class SeededWorkload {
  static final double INFLATION = 1.3;

  private SeededWorkload() {}

  record Instance(List<PodRequest> workload, Map<String, Integer> nodeRanks) {}

  static Instance generate(OpenbTrace trace, SplittableRandom random) {
    List<String> names = new ArrayList<>(trace.podsByName().keySet());
    names.sort(Comparator.naturalOrder());
    List<PodRequest> sorted = new ArrayList<>(names.size());
    for (String name : names) {
      sorted.add(trace.podsByName().get(name));
    }
    List<PodRequest> workload = new ArrayList<>(sorted);
    shuffle(workload, random);
    long total = 0;
    for (PodRequest pod : workload) {
      total += pod.totalGpuMilli();
    }
    long target = Math.round(INFLATION * trace.totalGpus() * GpuNode.MILLI_PER_GPU);
    while (true) {
      PodRequest clone = sorted.get(random.nextInt(sorted.size()));
      if (total + clone.gpuMilliPerGpu() > target) {
        break;
      }
      workload.add(clone);
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
    return new Instance(workload, ranks);
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
