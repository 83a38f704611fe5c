package dev.wanka.perf;

import java.util.List;

/**
 * The few measured constants that turn peak figures into achieved ones, for one vendor's chips. The
 * model is physical: compute at a fraction of peak, memory-bound kernels at a fraction of HBM
 * bandwidth, collectives at a fraction of link bandwidth plus a per-step latency. Values and their
 * sources live in the bundled {@code calibration.yaml}; there is no per-model or per-row factor.
 *
 * @param vendor the vendor as the catalog names it, or {@code default}
 * @param accelerators catalog ids this entry is specific to (one chip generation); empty for the
 *     vendor-wide entry
 * @param gemmEfficiency achieved fraction of dense BF16/FP16 peak in large matrix multiplications
 * @param fp8GemmEfficiency the same at FP8 peak
 * @param attentionEfficiency achieved fraction of BF16 peak in fused (flash) attention
 * @param memoryEfficiency achieved fraction of HBM bandwidth in memory-bound kernels
 * @param scaleUpCollectiveEfficiency achieved fraction of scale-up link bandwidth in collectives
 *     (NCCL-style bus bandwidth over the link rate)
 * @param scaleOutCollectiveEfficiency the same over the scale-out NICs
 * @param scaleUpLatencySeconds per-step latency of a collective inside a scale-up domain
 * @param scaleOutLatencySeconds per-step latency of a collective over the scale-out fabric
 * @param usableMemoryFraction share of device memory a job can fill (runtime, communication buffers
 *     and allocator fragmentation take the rest)
 * @param source where the figures come from
 */
public record Calibration(
    String vendor,
    List<String> accelerators,
    double gemmEfficiency,
    double fp8GemmEfficiency,
    double attentionEfficiency,
    double memoryEfficiency,
    double scaleUpCollectiveEfficiency,
    double scaleOutCollectiveEfficiency,
    double scaleUpLatencySeconds,
    double scaleOutLatencySeconds,
    double usableMemoryFraction,
    String source) {

  public Calibration {
    accelerators = List.copyOf(accelerators);
  }
}
