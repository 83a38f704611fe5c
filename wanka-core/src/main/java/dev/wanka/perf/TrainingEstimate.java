package dev.wanka.perf;

import java.util.OptionalDouble;

/**
 * What one training configuration achieves. Times are per optimizer step, seconds; the parts of the
 * step add up to {@link #stepSeconds()}.
 *
 * @param computeSeconds compute of the slowest stage over all micro-batches (matrix multiplies,
 *     attention, memory-bound kernels), including tensor-, context- and expert-parallel
 *     communication that cannot overlap it
 * @param tensorParallelSeconds of which tensor-parallel all-reduces (or all-gathers and
 *     reduce-scatters with sequence parallelism)
 * @param expertParallelSeconds of which expert-parallel all-to-alls
 * @param contextParallelSeconds of which context-parallel key/value exchange not hidden by
 *     attention
 * @param pipelineSeconds pipeline point-to-point transfers
 * @param bubbleSeconds pipeline fill and drain
 * @param dataParallelSeconds gradient reduction and weight gathering not hidden by compute
 * @param optimizerSeconds the optimizer update
 * @param modelFlopsPerStep the model's FLOPs per step (forward and backward, no recomputation; the
 *     attention core as executed: full when unfused, the causal half when fused)
 * @param peakFlopsPerDevice dense BF16 peak of one device, FLOP/s
 * @param hardwareFlopsPerStep FLOPs the devices execute: the model FLOPs and recomputation
 */
public record TrainingEstimate(
    TrainingSetup job,
    String accelerator,
    int devices,
    double computeSeconds,
    double tensorParallelSeconds,
    double expertParallelSeconds,
    double contextParallelSeconds,
    double pipelineSeconds,
    double bubbleSeconds,
    double dataParallelSeconds,
    double optimizerSeconds,
    double modelFlopsPerStep,
    double hardwareFlopsPerStep,
    double peakFlopsPerDevice,
    TrainingMemory memory,
    OptionalDouble wattsPerDevice) {

  public double stepSeconds() {
    return computeSeconds
        + pipelineSeconds
        + bubbleSeconds
        + dataParallelSeconds
        + optimizerSeconds;
  }

  public double tokensPerSecond() {
    return job.tokensPerStep() / stepSeconds();
  }

  /** Model FLOP/s per device, in TFLOP/s. */
  public double tflopsPerDevice() {
    return modelFlopsPerStep / stepSeconds() / devices / 1e12;
  }

  /** Executed FLOP/s per device (recomputation included), in TFLOP/s. */
  public double hardwareTflopsPerDevice() {
    return hardwareFlopsPerStep / stepSeconds() / devices / 1e12;
  }

  /**
   * Model FLOPs utilization: model FLOP/s over the devices' dense BF16 peak (the convention of
   * published figures, kept for FP8 runs so that they compare).
   */
  public double mfu() {
    return tflopsPerDevice() * 1e12 / peakFlopsPerDevice;
  }

  /** Hardware FLOPs utilization: as {@link #mfu()}, recomputation counted. */
  public double hfu() {
    return hardwareTflopsPerDevice() * 1e12 / peakFlopsPerDevice;
  }

  /** Model FLOPs to train on {@code tokens} tokens (attention and logits included). */
  public double modelFlopsFor(double tokens) {
    return modelFlopsPerStep / job.tokensPerStep() * tokens;
  }

  /** Seconds to train {@code tokens} tokens at this speed. */
  public double secondsFor(double tokens) {
    return tokens / tokensPerSecond();
  }

  /**
   * Energy to train {@code tokens} tokens with every device at its TDP plus its share of the node
   * overhead, times the facility's PUE, kWh; empty when the catalog has no TDP for the chip.
   */
  public OptionalDouble kilowattHoursFor(double tokens, double pue) {
    if (wattsPerDevice.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(
        wattsPerDevice.getAsDouble() * devices * secondsFor(tokens) / 3.6e6 * pue);
  }
}
