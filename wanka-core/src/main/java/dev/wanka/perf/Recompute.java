package dev.wanka.perf;

import dev.wanka.spec.Keyword;

/** Activation recomputation (Korthikanti et al. 2022, "Reducing Activation Recomputation"). */
public enum Recompute implements Keyword {
  /** Keep every activation. */
  NONE("none"),
  /** Recompute only the attention core (scores, softmax, dropout, score × V). */
  SELECTIVE("selective"),
  /** Keep only each layer's input; run the whole forward pass again in the backward pass. */
  FULL("full");

  private final String keyword;

  Recompute(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }
}
