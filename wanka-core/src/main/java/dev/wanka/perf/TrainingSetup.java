package dev.wanka.perf;

/**
 * One training configuration: the model, how it is split, and the software settings that change its
 * speed and memory.
 *
 * @param seq sequence length in tokens
 * @param microBatch sequences per micro-batch per data-parallel rank
 * @param globalBatch sequences per optimizer step over all data-parallel ranks
 * @param zeroStage ZeRO stage: 0 none, 1 optimizer states sharded (Megatron's distributed
 *     optimizer), 2 and gradients, 3 and weights
 * @param flashAttention fused attention (FlashAttention): no s x s score matrix in memory
 * @param overlapGradReduce data-parallel gradient reduction overlaps the last micro-batch's
 *     backward pass (and the weight all-gather the next step's first forward pass)
 */
public record TrainingSetup(
    ModelSpec model,
    int seq,
    int microBatch,
    int globalBatch,
    Parallelism parallelism,
    Recompute recompute,
    boolean sequenceParallel,
    TrainingPrecision precision,
    int zeroStage,
    boolean flashAttention,
    boolean overlapGradReduce) {

  /** Micro-batches each pipeline runs per optimizer step. */
  public int microBatches() {
    return globalBatch / (microBatch * parallelism.dp());
  }

  /** Tokens per optimizer step. */
  public long tokensPerStep() {
    return (long) globalBatch * seq;
  }
}
