package dev.wanka.sched.fragmentation;

import java.util.Set;

/** Small hand-drawn nodes and pods for the unit tests. */
final class Nodes {
  private Nodes() {}

  /** A node with the given free milli per GPU (taken by shared pods of 1 CPU milli each). */
  static GpuNode node(String name, int rank, int cpuMilli, String model, int... freeGpuMilli) {
    GpuNode node = new GpuNode(name, rank, cpuMilli, 1 << 20, freeGpuMilli.length, model);
    for (int gpu = 0; gpu < freeGpuMilli.length; gpu++) {
      int used = GpuNode.MILLI_PER_GPU - freeGpuMilli[gpu];
      if (used > 0) {
        node.bind(new PodRequest(0, 0, 1, used, Set.of()), 1 << gpu);
      }
    }
    return node;
  }

  static GpuNode node(String name, int rank, int... freeGpuMilli) {
    return node(name, rank, 96_000, "T4", freeGpuMilli);
  }

  static PodRequest shared(int cpuMilli, int milli) {
    return new PodRequest(cpuMilli, 0, 1, milli, Set.of());
  }

  static PodRequest whole(int cpuMilli, int gpus) {
    return new PodRequest(cpuMilli, 0, gpus, GpuNode.MILLI_PER_GPU, Set.of());
  }
}
