package dev.wanka.cli;

import dev.wanka.spec.Keyword;

/** How a served model's KV cache is stored. */
enum KvCache implements Keyword {
  BF16("bf16", 2),
  FP8("fp8", 1);

  private final String keyword;
  private final double bytesPerElement;

  KvCache(String keyword, double bytesPerElement) {
    this.keyword = keyword;
    this.bytesPerElement = bytesPerElement;
  }

  @Override
  public String keyword() {
    return keyword;
  }

  double bytesPerElement() {
    return bytesPerElement;
  }
}
