package dev.wanka.plan;

import dev.wanka.perf.ModelSpec;
import dev.wanka.perf.WeightFormat;
import java.util.List;

/**
 * What a serving plan must achieve.
 *
 * @param requestsPerSecond sustained load
 * @param ttftSeconds time-to-first-token target
 * @param tpotSeconds time-per-output-token target
 * @param formats weight formats the operator accepts (quantization changes quality, so only those
 *     given are tried)
 * @param kvCacheBytesPerElement 2 for a BF16 KV cache, 1 for FP8
 * @param pue facility power over IT power
 */
public record InferenceGoal(
    ModelSpec model,
    double requestsPerSecond,
    int inputTokens,
    int outputTokens,
    double ttftSeconds,
    double tpotSeconds,
    List<WeightFormat> formats,
    double kvCacheBytesPerElement,
    double pue) {
  public InferenceGoal {
    formats = List.copyOf(formats);
  }

  /** Output tokens per second the fleet must produce. */
  public double outputTokensPerSecond() {
    return requestsPerSecond * outputTokens;
  }
}
