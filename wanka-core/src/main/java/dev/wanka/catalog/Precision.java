package dev.wanka.catalog;

import dev.wanka.spec.Keyword;

/** Number formats whose dense peak rate the catalog records (INT8 in tera-ops, the rest TFLOPS). */
public enum Precision implements Keyword {
  BF16("bf16"),
  FP16("fp16"),
  FP8("fp8"),
  INT8("int8");

  private final String keyword;

  Precision(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }

  /** "TFLOPS" or, for integer formats, "TOPS". */
  public String teraUnit() {
    return this == INT8 ? "TOPS" : "TFLOPS";
  }
}
