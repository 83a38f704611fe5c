package dev.wanka.perf;

/**
 * Mixture-of-experts feed-forward layers.
 *
 * @param experts routed experts per MoE layer
 * @param topK routed experts each token visits
 * @param sharedExperts experts every token visits (DeepSeek-style), 0 if none
 * @param expertFfnHidden inner size of one expert's feed-forward block
 * @param denseLayers leading layers that keep a dense feed-forward block of the model's ffnHidden
 *     (DeepSeek-V3: 3); the other layers are MoE layers
 */
public record MoeSpec(
    int experts, int topK, int sharedExperts, int expertFfnHidden, int denseLayers) {
  public MoeSpec {
    if (experts < 1 || topK < 1 || topK > experts || sharedExperts < 0 || expertFfnHidden < 1) {
      throw new IllegalArgumentException(
          "bad MoE shape: experts " + experts + ", topK " + topK + ", shared " + sharedExperts);
    }
    if (denseLayers < 0) {
      throw new IllegalArgumentException("denseLayers must be >= 0, was " + denseLayers);
    }
  }
}
