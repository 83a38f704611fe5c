package dev.wanka.sim.fgd;

/**
 * The per-event series of one run of the FGD experiment (PROTOCOL §6): after every pod event, the
 * GPU milli requested so far (failures included), the GPU milli allocated, and the cluster's
 * fragmentation Σ F(n) in GPU milli.
 */
public record FgdRun(
    String policy,
    int seed,
    int totalGpus,
    long[] arrivedMilli,
    long[] usedMilli,
    double[] fragmentationMilli,
    int placed,
    int failed) {

  /** §6 allocation columns 0..130: % of GPU capacity allocated at each % requested. */
  public double[] allocationColumns() {
    return Curves.allocation(this);
  }

  /** §6 fragmentation columns 0..130: fragmentation as % of the cluster's GPU capacity. */
  public double[] fragmentationColumns() {
    return Curves.fragmentation(this);
  }
}
