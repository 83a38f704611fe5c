package dev.wanka.perf;

import dev.wanka.catalog.Precision;
import dev.wanka.spec.Keyword;

/** How a served model's weights are stored, and at which precision its matrix products run. */
public enum WeightFormat implements Keyword {
  BF16("bf16", 2, Precision.BF16),
  /** FP8 weights and activations (W8A8). */
  FP8("fp8", 1, Precision.FP8),
  /** INT8 weights and activations (W8A8, SmoothQuant style). */
  INT8("int8", 1, Precision.INT8),
  /** 4-bit weights dequantized to BF16 for the product (AWQ/GPTQ style, weight-only). */
  INT4("int4", 0.5, Precision.BF16);

  private final String keyword;
  private final double bytesPerParameter;
  private final Precision computePrecision;

  WeightFormat(String keyword, double bytesPerParameter, Precision computePrecision) {
    this.keyword = keyword;
    this.bytesPerParameter = bytesPerParameter;
    this.computePrecision = computePrecision;
  }

  @Override
  public String keyword() {
    return keyword;
  }

  public double bytesPerParameter() {
    return bytesPerParameter;
  }

  /** The catalog precision whose peak the matrix products run at. */
  public Precision computePrecision() {
    return computePrecision;
  }
}
