package dev.wanka.perf;

import dev.wanka.spec.Keyword;

/** The feed-forward block's shape: two weight matrices (GELU) or three (gated, SwiGLU). */
public enum FfnActivation implements Keyword {
  GELU("gelu", 2),
  SWIGLU("swiglu", 3);

  private final String keyword;
  private final int matrices;

  FfnActivation(String keyword, int matrices) {
    this.keyword = keyword;
    this.matrices = matrices;
  }

  @Override
  public String keyword() {
    return keyword;
  }

  /** Weight matrices of shape hidden x ffnHidden in one feed-forward block. */
  public int matrices() {
    return matrices;
  }
}
