package dev.wanka.perf;

/**
 * How a training job is split over its devices (Megatron-LM order: tensor innermost, then context,
 * data, pipeline outermost). Expert parallelism carves the data- and context-parallel ranks of a
 * MoE layer into groups of {@code ep}.
 *
 * @param tp tensor-parallel size
 * @param pp pipeline stages
 * @param vpp virtual stages (model chunks) per pipeline stage, 1 without interleaving
 * @param cp context-parallel size (the sequence split over devices)
 * @param ep expert-parallel size, 1 for dense models
 * @param dp data-parallel size
 */
public record Parallelism(int tp, int pp, int vpp, int cp, int ep, int dp) {
  public Parallelism {
    if (tp < 1 || pp < 1 || vpp < 1 || cp < 1 || ep < 1 || dp < 1) {
      throw new IllegalArgumentException("every parallel size must be >= 1");
    }
  }

  public int devices() {
    return tp * pp * cp * dp;
  }

  /** Devices that hold one copy of a pipeline stage: tensor x context parallel. */
  public int modelParallelPerStage() {
    return tp * cp;
  }
}
