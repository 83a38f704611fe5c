package dev.wanka.perf;

import java.util.OptionalDouble;

/**
 * What one serving configuration achieves, per replica of {@code tp} devices.
 *
 * @param prefillSeconds time to process one request's prompt alone, on an idle replica
 * @param stepSeconds one step of the replica in steady state under continuous batching: a decode
 *     token for each of the batch's sequences at the average context, plus the slice of new prompts
 *     (chunked prefill) that keeps the batch full
 * @param weightBytesPerDevice weights held by each device
 * @param kvCacheBytesPerToken KV cache one token of context takes on each device
 * @param maxBatch the most sequences of input + output tokens whose KV cache fits beside the
 *     weights
 * @param wattsPerDevice TDP plus the device's share of node overhead, if the TDP is known
 */
public record InferenceEstimate(
    InferenceJob job,
    String accelerator,
    double prefillSeconds,
    double stepSeconds,
    double weightBytesPerDevice,
    double kvCacheBytesPerToken,
    double capacityBytesPerDevice,
    int maxBatch,
    int devicesPerNode,
    OptionalDouble wattsPerDevice) {

  public boolean fitsInMemory() {
    return job.batch() <= maxBatch;
  }

  /**
   * Time to first token in steady state: a batch slot frees every outputTokens / batch steps, and a
   * new prompt is prefilled in slices over that many steps (queueing beyond it not modelled).
   */
  public double ttftSeconds() {
    return Math.ceil((double) job.outputTokens() / job.batch()) * stepSeconds;
  }

  /** Time per output token: every sequence of the batch gets one token per step. */
  public double tpotSeconds() {
    return stepSeconds;
  }

  /** Output tokens per second of one replica: a token per sequence per step. */
  public double outputTokensPerSecond() {
    return job.batch() / stepSeconds;
  }

  public double requestsPerSecond() {
    return outputTokensPerSecond() / job.outputTokens();
  }

  public double outputTokensPerSecondPerDevice() {
    return outputTokensPerSecond() / job.tp();
  }

  public double outputTokensPerSecondPerNode() {
    return outputTokensPerSecondPerDevice() * devicesPerNode;
  }

  /** Device-hours of this configuration per million output tokens. */
  public double deviceHoursPerMillionTokens() {
    return job.tp() / outputTokensPerSecond() * 1e6 / 3600;
  }

  /** Energy per million output tokens at TDP, kWh, before PUE. */
  public OptionalDouble kilowattHoursPerMillionTokens() {
    if (wattsPerDevice.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(wattsPerDevice.getAsDouble() * deviceHoursPerMillionTokens() / 1000);
  }
}
