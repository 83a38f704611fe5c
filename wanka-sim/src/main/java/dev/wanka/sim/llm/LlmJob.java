package dev.wanka.sim.llm;

import dev.wanka.perf.ModelSpec;
import dev.wanka.perf.Parallelism;
import dev.wanka.perf.Recompute;
import dev.wanka.perf.TrainingPrecision;
import dev.wanka.perf.TrainingSetup;
import java.util.OptionalLong;

/**
 * An LLM pre-training job as a scenario lists it: a model of the catalog, the tokens to train on,
 * its devices and parallel layout (data-parallel size = devices / (tp x pp)), its batch, when it is
 * submitted and how often it checkpoints. The rest of its configuration is the planner's: BF16,
 * ZeRO-1 (distributed optimizer), flash attention, gradient reduction overlapped, sequence
 * parallelism with tensor parallelism.
 *
 * @param seq sequence length, tokens
 * @param globalBatch sequences per optimizer step
 * @param microBatch sequences per micro-batch per data-parallel rank
 */
public record LlmJob(
    ModelSpec model,
    double tokens,
    int devices,
    long submitSeconds,
    int tp,
    int pp,
    int seq,
    int globalBatch,
    int microBatch,
    Recompute recompute,
    OptionalLong checkpointSeconds) {

  /** Its training configuration for the performance model. */
  public TrainingSetup setup() {
    return new TrainingSetup(
        model,
        seq,
        microBatch,
        globalBatch,
        new Parallelism(tp, pp, 1, 1, 1, Math.max(1, devices / (tp * pp))),
        recompute,
        tp > 1,
        TrainingPrecision.BF16,
        1,
        true,
        true);
  }
}
