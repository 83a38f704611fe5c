package dev.wanka.perf;

/**
 * One serving configuration: a model replica over {@code tp} devices running {@code batch}
 * sequences at once, each with {@code inputTokens} of prompt and {@code outputTokens} generated.
 *
 * @param kvCacheBytesPerElement 2 for a BF16 KV cache, 1 for FP8
 */
public record InferenceJob(
    ModelSpec model,
    WeightFormat weights,
    double kvCacheBytesPerElement,
    int tp,
    int batch,
    int inputTokens,
    int outputTokens) {}
