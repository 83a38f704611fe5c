package dev.wanka.perf;

import java.util.OptionalDouble;

/**
 * What one serving configuration achieves, per replica of {@code tp} devices.
 *
 * @param prefillSeconds time to process one request's prompt alone
 * @param batchPrefillSeconds time to process the prompts of a whole batch together
 * @param decodeStepSeconds one decode step of the whole batch at the average context length: the
 *     time per output token every sequence sees
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
    double batchPrefillSeconds,
    double decodeStepSeconds,
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
   * Time to first token: requests are served in batches, and a batch's first tokens come out of
   * prefilling all of its prompts together (queueing before the batch starts is not modelled).
   */
  public double ttftSeconds() {
    return batchPrefillSeconds;
  }

  public double tpotSeconds() {
    return decodeStepSeconds;
  }

  /**
   * Output tokens per second of one replica in steady state: for every batch of requests it
   * prefills their prompts (stalling decode) and runs outputTokens decode steps.
   */
  public double outputTokensPerSecond() {
    return job.batch() * (double) job.outputTokens() / cycleSeconds();
  }

  /** Seconds one batch of requests takes from first prefill to last token. */
  public double cycleSeconds() {
    return batchPrefillSeconds + job.outputTokens() * decodeStepSeconds;
  }

  public double requestsPerSecond() {
    return job.batch() / cycleSeconds();
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
