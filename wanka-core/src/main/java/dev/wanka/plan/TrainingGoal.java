package dev.wanka.plan;

import dev.wanka.perf.ModelSpec;
import java.util.OptionalDouble;

/**
 * What a training plan must achieve.
 *
 * @param tokens tokens to train on
 * @param days wall-clock budget
 * @param seq sequence length
 * @param globalBatchTokens tokens per optimizer step (rounded to whole sequences)
 * @param maxCost most the run may cost, in the prices' currency
 * @param powerCapMegawatts most the devices may draw at TDP, with PUE
 * @param pue facility power over IT power
 * @param maxDevices the largest device count to consider
 */
public record TrainingGoal(
    ModelSpec model,
    double tokens,
    double days,
    int seq,
    long globalBatchTokens,
    OptionalDouble maxCost,
    OptionalDouble powerCapMegawatts,
    double pue,
    int maxDevices) {

  /** Sequences per optimizer step. */
  public int globalBatch() {
    return (int) Math.max(1, globalBatchTokens / seq);
  }
}
