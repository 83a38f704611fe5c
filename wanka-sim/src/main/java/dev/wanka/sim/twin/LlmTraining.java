package dev.wanka.sim.twin;

import dev.wanka.perf.TrainingSetup;

/**
 * The work of an LLM training job timed by the performance model: its configuration (model,
 * parallelism, batch) and the tokens it trains on. Its run time on the devices it gets is tokens /
 * the {@link dev.wanka.perf.TrainingEstimator}'s tokens per second there ({@link RunTimeModel}).
 *
 * @param tokens tokens to train on
 */
public record LlmTraining(TrainingSetup setup, double tokens) {
  public LlmTraining {
    if (setup == null) {
      throw new IllegalArgumentException("setup: required");
    }
    if (!(tokens >= 1) || Double.isInfinite(tokens)) {
      throw new IllegalArgumentException(
          "tokens: " + tokens + " is not allowed: must be a number from 1 up");
    }
  }

  /** The devices its parallelism uses: tp x pp x cp x dp. */
  public int devices() {
    return setup.parallelism().devices();
  }
}
