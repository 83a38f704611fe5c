package dev.wanka.perf;

/**
 * Memory one device needs on the busiest pipeline stage, bytes.
 *
 * @param weightBytes BF16 weights
 * @param gradientBytes BF16 gradients (2 bytes per parameter, as in the ZeRO paper's accounting)
 * @param optimizerBytes FP32 master weights and Adam moments (12 bytes per parameter)
 * @param activationBytes activations kept for the backward pass, over the micro-batches in flight
 * @param capacityBytes device memory a job can fill: capacity x the usable fraction
 */
public record TrainingMemory(
    double weightBytes,
    double gradientBytes,
    double optimizerBytes,
    double activationBytes,
    double capacityBytes) {

  public double totalBytes() {
    return weightBytes + gradientBytes + optimizerBytes + activationBytes;
  }

  public boolean fits() {
    return totalBytes() <= capacityBytes;
  }
}
