package dev.wanka.perf;

/**
 * Multi-head latent attention (DeepSeek-V2/V3): queries and keys/values pass through low-rank
 * projections, and keys carry a separate rotary part shared by all heads.
 *
 * @param qLoraRank rank of the query down-projection, 0 for a full-rank query projection
 * @param kvLoraRank rank of the joint key/value down-projection (what the KV cache stores)
 * @param qkNopeHeadDim per-head query/key dimension without rotary embedding
 * @param qkRopeHeadDim per-head query/key rotary dimension (the key's is shared by all heads)
 * @param vHeadDim per-head value dimension
 */
public record MlaSpec(
    int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
  public MlaSpec {
    if (qLoraRank < 0 || kvLoraRank < 1 || qkNopeHeadDim < 1 || qkRopeHeadDim < 0 || vHeadDim < 1) {
      throw new IllegalArgumentException("bad MLA shape");
    }
  }
}
