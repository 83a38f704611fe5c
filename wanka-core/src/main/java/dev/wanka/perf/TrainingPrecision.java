package dev.wanka.perf;

import dev.wanka.catalog.Precision;
import dev.wanka.spec.Keyword;

/** The number format of a training run's matrix multiplications. */
public enum TrainingPrecision implements Keyword {
  /** BF16 everywhere, FP32 master weights and optimizer states. */
  BF16("bf16", Precision.BF16),
  /** FP8 matrix multiplications (Transformer Engine style), BF16 elsewhere. */
  FP8("fp8", Precision.FP8);

  private final String keyword;
  private final Precision gemmPrecision;

  TrainingPrecision(String keyword, Precision gemmPrecision) {
    this.keyword = keyword;
    this.gemmPrecision = gemmPrecision;
  }

  @Override
  public String keyword() {
    return keyword;
  }

  /** The catalog precision whose peak the matrix multiplications run at. */
  public Precision gemmPrecision() {
    return gemmPrecision;
  }
}
