package dev.wanka.perf;

import java.util.Optional;

/**
 * The shape of a decoder-only transformer, enough to count its parameters, FLOPs, activations and
 * KV cache. Counts are in elements (not bytes) and ignore biases; layer norms are counted.
 *
 * @param id stable lower-case slug ({@code llama3-70b}); a user file's name when it has none
 * @param layers transformer layers
 * @param hidden model (embedding) width
 * @param heads attention (query) heads
 * @param kvHeads key/value heads: = heads for multi-head, fewer for grouped-query attention
 * @param headDim per-head width, usually hidden / heads
 * @param ffnHidden inner width of a dense feed-forward block
 * @param ffnActivation GELU (2 matrices) or SwiGLU (3 matrices)
 * @param vocab vocabulary size (padded, as trained)
 * @param seq training sequence length
 * @param tiedEmbeddings the output layer reuses the input embedding
 * @param moe mixture-of-experts layers, if any
 * @param mla multi-head latent attention, if used instead of (grouped-query) attention; then
 *     headDim and kvHeads are not used
 * @param source where the shape comes from (paper, model card, config file)
 */
public record ModelSpec(
    String id,
    int layers,
    int hidden,
    int heads,
    int kvHeads,
    int headDim,
    int ffnHidden,
    FfnActivation ffnActivation,
    int vocab,
    int seq,
    boolean tiedEmbeddings,
    Optional<MoeSpec> moe,
    Optional<MlaSpec> mla,
    String source) {

  public ModelSpec {
    if (layers < 1
        || hidden < 1
        || heads < 1
        || headDim < 1
        || ffnHidden < 1
        || vocab < 1
        || seq < 1) {
      throw new IllegalArgumentException(id + ": every dimension must be >= 1");
    }
    if (kvHeads < 1 || kvHeads > heads || heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          id + ": kvHeads " + kvHeads + " must divide heads " + heads);
    }
    if (moe.isPresent() && moe.get().denseLayers() > layers) {
      throw new IllegalArgumentException(id + ": more dense layers than layers");
    }
  }

  // ---- parameters ----------------------------------------------------------------------------

  /** Weights of one layer's attention block (projections only). */
  public long attentionParametersPerLayer() {
    long h = hidden;
    if (mla.isPresent()) {
      MlaSpec m = mla.get();
      long qkHeadDim = m.qkNopeHeadDim() + m.qkRopeHeadDim();
      long query =
          m.qLoraRank() == 0
              ? h * heads * qkHeadDim
              : h * m.qLoraRank() + (long) m.qLoraRank() * heads * qkHeadDim;
      long keyValue =
          h * (m.kvLoraRank() + m.qkRopeHeadDim())
              + (long) m.kvLoraRank() * heads * (m.qkNopeHeadDim() + m.vHeadDim());
      long output = (long) heads * m.vHeadDim() * h;
      return query + keyValue + output;
    }
    return h * heads * headDim + 2 * h * kvHeads * headDim + (long) heads * headDim * h;
  }

  /** Weights of one dense feed-forward block. */
  public long denseFfnParameters() {
    return (long) ffnActivation.matrices() * hidden * ffnHidden;
  }

  /** Weights of one expert. */
  public long expertParameters() {
    return moe.map(m -> (long) ffnActivation.matrices() * hidden * m.expertFfnHidden()).orElse(0L);
  }

  /** Layers with a dense feed-forward block. */
  public int denseLayers() {
    return moe.map(MoeSpec::denseLayers).orElse(layers);
  }

  /** Layers with a mixture-of-experts block. */
  public int moeLayers() {
    return layers - denseLayers();
  }

  /** Weights of one MoE block: every routed and shared expert, and the router. */
  public long moeLayerParameters() {
    return moe.map(
            m -> (long) (m.experts() + m.sharedExperts()) * expertParameters() + routerParameters())
        .orElse(0L);
  }

  /** Weights one token passes through in one MoE block: top-k and shared experts, router. */
  public long moeLayerActiveParameters() {
    return moe.map(
            m -> (long) (m.topK() + m.sharedExperts()) * expertParameters() + routerParameters())
        .orElse(0L);
  }

  private long routerParameters() {
    return moe.map(m -> (long) hidden * m.experts()).orElse(0L);
  }

  /** Input embedding, plus the output layer unless tied. */
  public long embeddingParameters() {
    return (long) vocab * hidden * (tiedEmbeddings ? 1 : 2);
  }

  /** Two norms per layer and a final norm. */
  public long normParameters() {
    return (2L * layers + 1) * hidden;
  }

  /** Every weight. */
  public long parameters() {
    return layers * attentionParametersPerLayer()
        + denseLayers() * denseFfnParameters()
        + moeLayers() * moeLayerParameters()
        + embeddingParameters()
        + normParameters();
  }

  /**
   * The weights one token passes through (= {@link #parameters()} for a dense model), counting the
   * input embedding as Mistral does (DeepSeek leaves it out).
   */
  public long activeParameters() {
    return layers * attentionParametersPerLayer()
        + denseLayers() * denseFfnParameters()
        + moeLayers() * moeLayerActiveParameters()
        + embeddingParameters()
        + normParameters();
  }

  // ---- attention shape -----------------------------------------------------------------------

  /** Per-head width of queries and keys (MLA: no-rope plus rope part). */
  public int qkHeadDim() {
    return mla.map(m -> m.qkNopeHeadDim() + m.qkRopeHeadDim()).orElse(headDim);
  }

  /** Per-head width of values. */
  public int vHeadDim() {
    return mla.map(MlaSpec::vHeadDim).orElse(headDim);
  }

  /**
   * FLOPs of one token's attention core in one layer, against {@code context} keys: Q·Kᵀ and
   * scores·V, 2 FLOPs per multiply-add.
   */
  public double attentionCoreFlopsPerToken(double context) {
    return 2 * context * heads * (double) (qkHeadDim() + vHeadDim());
  }

  /** Elements one token adds to the KV cache of one layer (MLA caches the latent and rope key). */
  public long kvCacheElementsPerTokenPerLayer() {
    return mla.map(m -> (long) m.kvLoraRank() + m.qkRopeHeadDim()).orElse(2L * kvHeads * headDim);
  }

  /** Feed-forward width one token passes through in a layer: dense, or its experts together. */
  public double ffnWidthPerToken(boolean moeLayer) {
    if (!moeLayer) {
      return ffnHidden;
    }
    MoeSpec m = moe.orElseThrow();
    return (double) (m.topK() + m.sharedExperts()) * m.expertFfnHidden();
  }

  /** Whether any layer has a mixture-of-experts block. */
  public boolean isMoe() {
    return moeLayers() > 0;
  }
}
